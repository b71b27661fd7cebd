// The app push channel on SNS mobile push: one Publish to the install's platform endpoint, with a
// payload per platform (MessageStructure 'json'). SNS picks APNS or APNS_SANDBOX for an iOS
// endpoint by its platform application and GCM (sent as FCM HTTP v1) for Android, so every
// payload is included and a wrongly recorded platform still delivers.
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { ChannelError, type ChannelSender, type OutboundMessage } from '#shared/ports/channel-sender';
import { toChannelError } from './provider-errors';

/** APNs and FCM both refuse a notification payload over 4096 bytes. */
export const PUSH_PAYLOAD_BYTES = 4096;
/** What a lock screen shows at most; the caller validates shorter texts, this only guards. */
export const PUSH_TITLE_MAX = 100;
export const PUSH_BODY_MAX = 1000;

export const deepLink = (actionId: string) => `burgernet://actions/${encodeURIComponent(actionId)}`;

type Payload = (title: string, body: string) => string;

const apnsPayload =
  (actionId: string): Payload =>
  (title, body) =>
    JSON.stringify({
      aps: { alert: { title, body }, sound: 'default', 'interruption-level': 'time-sensitive' },
      actionId,
      deepLink: deepLink(actionId),
    });

// The FCM HTTP v1 shape SNS takes under the GCM key: `fcmV1Message.message` is FCM's Message
// resource; FCM `data` values must be strings.
const fcmPayload =
  (actionId: string): Payload =>
  (title, body) =>
    JSON.stringify({
      fcmV1Message: {
        message: {
          notification: { title, body },
          data: { actionId, deepLink: deepLink(actionId) },
          android: { priority: 'high' },
        },
      },
    });

export class SnsPushSender implements ChannelSender {
  readonly channel = 'push' as const;

  constructor(private readonly client: SNSClient) {}

  async send(m: OutboundMessage): Promise<string> {
    if (m.channel !== 'push') throw new Error(`SnsPushSender cannot send a ${m.channel} message`);
    const apns = fit(m.title, m.body, apnsPayload(m.actionId));
    const gcm = fit(m.title, m.body, fcmPayload(m.actionId));
    try {
      const out = await this.client.send(
        new PublishCommand({
          TargetArn: m.endpoint,
          MessageStructure: 'json',
          // 'default' is required with MessageStructure 'json'; no platform here uses it.
          Message: JSON.stringify({ default: apns.body, APNS: apns.payload, APNS_SANDBOX: apns.payload, GCM: gcm.payload }),
        }),
      );
      return out.MessageId ?? 'unknown';
    } catch (err) {
      throw toChannelError(err);
    }
  }
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const graphemes = (s: string): string[] => Array.from(segmenter.segment(s), (g) => g.segment);

/** Cuts to at most `max` user-perceived characters, ending in an ellipsis when cut. */
export function clip(s: string, max: number): string {
  const g = graphemes(s);
  if (g.length <= max) return s;
  if (max <= 0) return '';
  return `${g.slice(0, max - 1).join('').trimEnd()}…`;
}

const fits = (payload: string) => Buffer.byteLength(payload, 'utf8') <= PUSH_PAYLOAD_BYTES;

/** The largest n in [0, hi] that passes, given that 0 does: a binary search, as the text shrinks. */
function largest(hi: number, ok: (n: number) => boolean): number {
  let lo = 0;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Clips title and body to the limits, then shortens the body (then the title) as little as fits. */
function fit(title: string, body: string, build: Payload): { payload: string; body: string } {
  let t = clip(title, PUSH_TITLE_MAX);
  let b = clip(body, PUSH_BODY_MAX);
  if (!fits(build(t, b))) {
    if (!fits(build(t, ''))) {
      if (!fits(build('', ''))) throw new ChannelError('permanent', 'PayloadTooLarge');
      const full = t;
      t = clip(full, largest(graphemes(full).length, (n) => fits(build(clip(full, n), ''))));
    }
    const full = b;
    b = clip(full, largest(graphemes(full).length, (n) => fits(build(t, clip(full, n)))));
  }
  return { payload: build(t, b), body: b };
}
