// Social media and public displays: each start, update and end of an action is POSTed to one
// URL per deployment, as the public view (same rounding, nothing personal), signed per the
// Standard Webhooks convention so the receiver can check it came from us and was not replayed.
// `webhook-id` is the same on every retry of a bulletin, so receivers can drop duplicates.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ActionStore } from '#shared/ports/action-store';
import type { Clock } from '#shared/ports/clock';
import type { Action, BulletinKind } from './action';
import { actionAsOf, isReleased, publicAction, publicBulletin, type PublicAction, type PublicBulletin, type PublicFeedConfig } from './public-feed';

/** On the `webhook` queue: one message per dispatched bulletin. */
export const webhookMessageSchema = z.object({ actionId: z.string().min(1), seq: z.number().int().min(0) });
export type WebhookMessage = z.infer<typeof webhookMessageSchema>;

export const WEBHOOK_TIMEOUT_MS = 5_000;
/** Receivers should refuse signatures older (or newer) than this; the convention's 5 minutes. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export interface WebhookPayload {
  readonly type: `action.${BulletinKind}`;
  /** When this delivery was made (the bulletin's own time is in data.bulletin.at). */
  readonly timestamp: string;
  readonly data: { readonly action: PublicAction; readonly bulletin: PublicBulletin };
}

export const webhookId = (m: WebhookMessage): string => `${m.actionId}:${m.seq}`;

/** `whsec_` + base64 is the convention's secret format (the key is the decoded bytes); anything else is used as is. */
const keyOf = (secret: string): Buffer => (secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8'));

/** `v1,` + base64 HMAC-SHA256 over "id.timestamp.body". */
export function webhookSignature(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The receiver's check: any listed v1 signature matches, and the timestamp is recent. */
export function verifyWebhook(secret: string, headers: Readonly<Record<string, string | undefined>>, body: string, now: Date): boolean {
  const id = headers['webhook-id'];
  const timestamp = Number(headers['webhook-timestamp']);
  if (!id || !Number.isInteger(timestamp) || Math.abs(now.getTime() / 1000 - timestamp) > WEBHOOK_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(webhookSignature(secret, id, timestamp, body));
  return (headers['webhook-signature'] ?? '').split(' ').some((s) => {
    const given = Buffer.from(s);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** The public view of the action as it stood at bulletin `seq`, and that bulletin. */
export function webhookPayload(action: Action, seq: number, config: Pick<PublicFeedConfig, 'baseUrl'>, now: Date): WebhookPayload | undefined {
  const asOf = actionAsOf(action, seq);
  const bulletin = asOf?.bulletins[seq];
  if (!asOf || !bulletin) return undefined;
  return { type: `action.${bulletin.kind}`, timestamp: now.toISOString(), data: { action: publicAction(asOf, config), bulletin: publicBulletin(asOf, bulletin) } };
}

export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}
/** Resolves with the HTTP status; rejects on network failure or timeout. */
export type WebhookTransport = (request: WebhookRequest) => Promise<{ status: number }>;

export const fetchTransport: WebhookTransport = async ({ url, headers, body, timeoutMs }) => {
  // A redirect is a misconfigured URL, not something to follow with a signed body.
  const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  await res.body?.cancel();
  return { status: res.status };
};

/** Delivery failed in a way a later attempt may fix; the queue retries and finally dead-letters. */
export class WebhookRetryableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookRetryableError';
  }
}

export interface WebhookTarget {
  readonly url: string;
  readonly secret: string;
}

export interface WebhookDeps {
  readonly actions: Pick<ActionStore, 'get'>;
  readonly clock: Clock;
  readonly transport: WebhookTransport;
  /** The configured receiver, or undefined when this deployment has webhooks off. */
  readonly target: () => Promise<WebhookTarget | undefined>;
  readonly feed: Pick<PublicFeedConfig, 'baseUrl'>;
}

export type WebhookOutcome =
  | { readonly status: 'off' }
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'delivered' | 'refused'; readonly httpStatus: number };

/** 408 and 429 say "later"; other 4xx and 3xx will not change by retrying. */
const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

export async function deliverWebhook(deps: WebhookDeps, message: WebhookMessage): Promise<WebhookOutcome> {
  const target = await deps.target();
  if (!target) return { status: 'off' };
  const action = await deps.actions.get(message.actionId);
  if (!action) return { status: 'skipped', reason: 'unknown action' };
  if (!isReleased(action)) return { status: 'skipped', reason: 'action was never released' };
  // Exercises reach only participants who opted in; one queued before this rule is dropped here.
  if (action.exercise) return { status: 'skipped', reason: 'exercise' };
  const now = deps.clock.now();
  const payload = webhookPayload(action, message.seq, deps.feed, now);
  if (!payload) return { status: 'skipped', reason: 'unknown bulletin' };

  const id = webhookId(message);
  const timestamp = Math.floor(now.getTime() / 1000);
  const body = JSON.stringify(payload);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Burgernet-Webhook/1',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': webhookSignature(target.secret, id, timestamp, body),
  };
  let status: number;
  try {
    ({ status } = await deps.transport({ url: target.url, headers, body, timeoutMs: WEBHOOK_TIMEOUT_MS }));
  } catch (err) {
    throw new WebhookRetryableError(`webhook not reached: ${err instanceof Error ? err.name : 'error'}`);
  }
  if (status >= 200 && status < 300) return { status: 'delivered', httpStatus: status };
  if (retryable(status)) throw new WebhookRetryableError(`webhook answered ${status}`);
  return { status: 'refused', httpStatus: status };
}
