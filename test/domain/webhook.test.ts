import { describe, expect, it } from 'vitest';
import type { Action } from '#shared/domain/action';
import {
  deliverWebhook,
  verifyWebhook,
  webhookMessageSchema,
  webhookSignature,
  WebhookRetryableError,
  type WebhookDeps,
  type WebhookPayload,
  type WebhookRequest,
} from '#shared/domain/webhook';
import { alerted, BASE, ended, PERSONAL, POLYGON, updated } from './public-fixtures';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const now = new Date('2026-11-29T11:05:00.000Z');
const action = ended(updated(alerted(), 'Gezien bij het station', '2026-11-29T10:30:00.000Z', POLYGON), 'Dank.', '2026-11-29T11:00:00.000Z');

function deps(over: Partial<WebhookDeps> & { stored?: Action; answer?: number | Error } = {}) {
  const sent: WebhookRequest[] = [];
  const d: WebhookDeps = {
    actions: { get: async (id) => (id === (over.stored ?? action).id ? (over.stored ?? action) : undefined) },
    clock: { now: () => now },
    transport: async (req) => {
      sent.push(req);
      const answer = over.answer ?? 204;
      if (answer instanceof Error) throw answer;
      return { status: answer };
    },
    target: async () => ({ url: 'https://displays.test/hook', secret: SECRET }),
    feed: BASE,
    ...over,
  };
  return { d, sent };
}

describe('webhook signature', () => {
  it('matches the Standard Webhooks reference example', () => {
    expect(webhookSignature(SECRET, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies what it signs, and refuses changed bodies, other secrets and stale timestamps', () => {
    const ts = Math.floor(now.getTime() / 1000);
    const headers = { 'webhook-id': 'act_x:0', 'webhook-timestamp': String(ts), 'webhook-signature': webhookSignature(SECRET, 'act_x:0', ts, '{}') };
    expect(verifyWebhook(SECRET, headers, '{}', now)).toBe(true);
    expect(verifyWebhook(SECRET, headers, '{ }', now)).toBe(false);
    expect(verifyWebhook('whsec_b3RoZXI=', headers, '{}', now)).toBe(false);
    expect(verifyWebhook(SECRET, headers, '{}', new Date(now.getTime() + 301_000))).toBe(false);
    expect(verifyWebhook(SECRET, { ...headers, 'webhook-signature': `v1,bogus ${headers['webhook-signature']}` }, '{}', now)).toBe(true);
  });

  it('accepts a queue message of action id and seq', () => {
    expect(webhookMessageSchema.parse({ actionId: 'act_x', seq: 2 })).toEqual({ actionId: 'act_x', seq: 2 });
    expect(() => webhookMessageSchema.parse({ actionId: 'act_x', seq: -1 })).toThrow();
  });
});

describe('webhook delivery', () => {
  it('posts the public view as of that bulletin, signed, with a retry-stable id', async () => {
    const { d, sent } = deps();
    expect(await deliverWebhook(d, { actionId: action.id, seq: 1 })).toEqual({ status: 'delivered', httpStatus: 204 });
    const req = sent[0]!;
    expect(req.url).toBe('https://displays.test/hook');
    expect(req.headers['webhook-id']).toBe(`${action.id}:1`);
    expect(req.headers['webhook-timestamp']).toBe(String(now.getTime() / 1000));
    expect(verifyWebhook(SECRET, req.headers, req.body, now)).toBe(true);
    const payload = JSON.parse(req.body) as WebhookPayload;
    expect(payload.type).toBe('action.update');
    // As it stood then: active and moved, not yet the end that followed.
    expect(payload.data.action).toMatchObject({ status: 'active', outcome: null, headline: 'Update: Overval juwelier', area: { type: 'Polygon' } });
    expect(payload.data.action.bulletins).toHaveLength(2);
    expect(payload.data.bulletin).toMatchObject({ seq: 1, kind: 'update', text: 'Gezien bij het station', area: { type: 'Polygon' } });
    for (const p of PERSONAL) expect(req.body).not.toContain(p);
    expect(req.body).not.toMatch(/\d+\.\d{4,}/);
  });

  it('sends the end with its outcome', async () => {
    const { d, sent } = deps();
    await deliverWebhook(d, { actionId: action.id, seq: 2 });
    expect(JSON.parse(sent[0]!.body)).toMatchObject({ type: 'action.end', data: { action: { status: 'ended', outcome: 'aangehouden' }, bulletin: { kind: 'end', outcome: 'aangehouden' } } });
  });

  it('drops an exercise already on the queue: exercises never leave the system but to opted-in participants', async () => {
    const exercise = deps({ stored: alerted({ exercise: true }) });
    expect(await deliverWebhook(exercise.d, { actionId: action.id, seq: 0 })).toEqual({ status: 'skipped', reason: 'exercise' });
    expect(exercise.sent).toEqual([]);
  });

  it('fails for a retry on 5xx, 408, 429, timeouts and network errors', async () => {
    for (const answer of [500, 503, 408, 429, new DOMException('timed out', 'TimeoutError'), new TypeError('fetch failed')]) {
      const { d } = deps({ answer });
      await expect(deliverWebhook(d, { actionId: action.id, seq: 0 })).rejects.toBeInstanceOf(WebhookRetryableError);
    }
  });

  it('takes a 4xx or a redirect as final', async () => {
    for (const answer of [400, 401, 404, 410, 301]) {
      const { d } = deps({ answer });
      expect(await deliverWebhook(d, { actionId: action.id, seq: 0 })).toEqual({ status: 'refused', httpStatus: answer });
    }
  });

  it('does nothing when off, and skips unknown, unreleased or missing bulletins', async () => {
    const off = deps({ target: async () => undefined });
    expect(await deliverWebhook(off.d, { actionId: action.id, seq: 0 })).toEqual({ status: 'off' });
    expect(off.sent).toEqual([]);
    const { d, sent } = deps();
    expect(await deliverWebhook(d, { actionId: 'act_unknown', seq: 0 })).toMatchObject({ status: 'skipped' });
    expect(await deliverWebhook(d, { actionId: action.id, seq: 9 })).toMatchObject({ status: 'skipped' });
    const waiting = deps({ stored: alerted({ status: 'awaiting-approval', approval: { reasons: ['x'] } }) });
    expect(await deliverWebhook(waiting.d, { actionId: action.id, seq: 0 })).toMatchObject({ status: 'skipped' });
    expect([...sent, ...waiting.sent]).toEqual([]);
  });
});
