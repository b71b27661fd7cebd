// The social media / displays webhook through the local runtime: every dispatched bulletin is
// posted; a local receiver checks the HMAC signature of each start, update and end; a 503 is
// retried with the same webhook-id, a 400 is final, and without a URL nothing is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { wrapPorts } from '#shared/local/local-world';
import { signToken } from '#shared/local/keys';
import { verifyWebhook, type WebhookPayload } from '#shared/domain/webhook';
import { call } from '../support/http';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-webhook-'));
const SECRET = `whsec_${Buffer.from('burgernet-test-secret-0123456789').toString('base64')}`;
const OPERATOR = 'op-webhook-5521';
const UTRECHT = { lat: 52.0907123, lon: 5.1214567 };

interface Received {
  readonly headers: Record<string, string | undefined>;
  readonly body: string;
  readonly answered: number;
  readonly verified: boolean;
}
const received: Received[] = [];
/** What the receiver answers per webhook-id, in order; 204 once the list runs out. */
const script = new Map<string, number[]>();
let receiver: Server;
let rt: Runtime;
let token: string;
/** While set, the webhook sender's configuration names no URL. */
let unconfigured = false;

const alertBody = {
  type: 'vermissing',
  title: 'Vermiste man (82)',
  description: { text: 'Man, 82 jaar, blauwe jas, loopt met rollator', person: { name: 'Kees de Vries' } },
  area: { center: UTRECHT, radiusMeters: 1500 },
  channels: ['sms'],
  messages: { sms: 'Burgernet: vermiste man, 82, blauwe jas. Gezien? Bel 0800-0011' },
};

const forId = (id: string) => received.filter((r) => r.headers['webhook-id'] === id);

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
      const answered = script.get(headers['webhook-id'] ?? '')?.shift() ?? 204;
      received.push({ headers, body, answered, verified: verifyWebhook(SECRET, headers, body, new Date()) });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  rt = await startRuntime({
    keyDir: dir,
    seed: 0,
    visibilityScale: 0.01,
    idleMs: 50,
    sendRatePerSecond: 0,
    webhook: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, secret: SECRET },
    wrapWorld: (name, world) => (name === 'sendWebhook' ? wrapPorts(world, { config: (config) => (unconfigured ? { ...config, webhook: {} } : config) }) : world),
  });
  token = await signToken(dir, { role: 'operator', sub: OPERATOR });
});

afterAll(async () => {
  await rt?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('webhook', () => {
  let id: string;

  it('posts the start, signed, with the public view only', async () => {
    id = (await call<{ id: string }>(rt.url, 'POST', '/actions', { token, body: alertBody })).body.id;
    await rt.pollers.idle();
    const [hook, ...more] = forId(`${id}:0`);
    expect(more).toEqual([]);
    expect(hook).toMatchObject({ answered: 204, verified: true });
    expect(hook!.headers['content-type']).toBe('application/json');
    expect(hook!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const payload = JSON.parse(hook!.body) as WebhookPayload;
    expect(payload).toMatchObject({ type: 'action.alert', data: { action: { id, status: 'active', area: { center: { lat: 52.091, lon: 5.121 }, radiusMeters: 1500 } }, bulletin: { seq: 0, kind: 'alert' } } });
    expect(payload.data.action.links.self).toBe(`${rt.url}/public/actions/${id}`);
    for (const secret of [OPERATOR, 'Kees de Vries', alertBody.messages.sms]) expect(hook!.body).not.toContain(secret);
    expect(hook!.body).not.toMatch(/\d+\.\d{4,}/);
  });

  it('retries an update the receiver could not take (503) under the same webhook-id', async () => {
    script.set(`${id}:1`, [503]);
    expect((await call(rt.url, 'POST', `/actions/${id}/updates`, { token, body: { text: 'Gezien in het park' } })).status).toBeLessThan(300);
    await rt.pollers.idle();
    const attempts = forId(`${id}:1`);
    expect(attempts.map((a) => a.answered)).toEqual([503, 204]);
    expect(attempts.every((a) => a.verified)).toBe(true);
    expect(JSON.parse(attempts[1]!.body)).toMatchObject({ type: 'action.update', data: { bulletin: { seq: 1, text: 'Gezien in het park' } } });
    const depths = (await call<Record<string, number>>(rt.url, 'GET', '/_local/queues')).body;
    expect(depths.webhook).toBe(0);
  });

  it('does not retry an end the receiver refuses (400)', async () => {
    script.set(`${id}:2`, [400, 400, 400]);
    expect((await call(rt.url, 'POST', `/actions/${id}/end`, { token, body: { outcome: 'gevonden', text: 'De man is gevonden.' } })).status).toBeLessThan(300);
    await rt.pollers.idle();
    expect(forId(`${id}:2`).map((a) => a.answered)).toEqual([400]);
    expect(JSON.parse(forId(`${id}:2`)[0]!.body)).toMatchObject({ type: 'action.end', data: { action: { status: 'ended', outcome: 'gevonden' } } });
    const depths = (await call<Record<string, number>>(rt.url, 'GET', '/_local/queues')).body;
    expect(Object.entries(depths).filter(([q]) => q.startsWith('webhook')).every(([, n]) => n === 0)).toBe(true);
  });

  it('acknowledges and sends nothing when no URL is configured', async () => {
    unconfigured = true;
    try {
      const before = received.length;
      await rt.queue.send('webhook', [{ actionId: id, seq: 0 }]);
      await rt.pollers.idle();
      expect(received.length).toBe(before);
      expect((await call<Record<string, number>>(rt.url, 'GET', '/_local/queues')).body.webhook).toBe(0);
    } finally {
      unconfigured = false;
    }
  });
});
