// Text that cannot be encoded, end to end on the local runtime: a lone surrogate or a control
// character in spoken text is refused with a 400 naming the field; a bad title already stored
// (written past the API) leaves the JSON feed, Atom, CAP, the item and the webhook working; a
// broken upload path is a 400, not a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import type { PublicAction } from '#shared/domain/public-feed';
import type { WebhookPayload } from '#shared/domain/webhook';
import { isWellFormed } from '#shared/domain/text';
import { call } from '../support/http';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-bad-text-'));
const LONE = '\ud83d';
const UTRECHT = { lat: 52.0907123, lon: 5.1214567 };
const alertBody = {
  type: 'heterdaad',
  title: 'Overval tankstation',
  description: { text: 'Man met rode jas richting station' },
  area: { center: UTRECHT, radiusMeters: 1000 },
  channels: ['sms'],
  messages: { sms: 'Burgernet: man met rode jas. Gezien? Bel 0800-0011' },
};

type Problem = { status: number; errors?: { field: string; message: string }[] };
let receiver: WebhookReceiver;
let rt: Runtime;
let token: string;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  rt = await startRuntime({
    keyDir: dir,
    seed: 0,
    visibilityScale: 0.01,
    idleMs: 50,
    sendRatePerSecond: 0,
    webhook: { url: receiver.url, secret: 'bad-text-secret' },
  });
  token = await signToken(dir, { role: 'operator', sub: 'op-bad-text-4411' });
});

afterAll(async () => {
  await rt?.stop();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('text that cannot be encoded', () => {
  it('refuses a lone surrogate at the API, naming the field', async () => {
    for (const [body, field] of [
      [{ ...alertBody, title: `Overval ${LONE}` }, 'title'],
      [{ ...alertBody, description: { text: `Man ${LONE} jas` } }, 'description.text'],
      [{ ...alertBody, messages: { sms: `Burgernet ${LONE}` } }, 'messages.sms'],
    ] as const) {
      const res = await call<Problem>(rt.url, 'POST', '/actions', { token, body });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field, message: expect.stringContaining('cannot be encoded') }]);
    }
  });

  it('refuses a control character in the voice text, naming the field and the code point', async () => {
    const body = { ...alertBody, channels: ['voice'], messages: { voice: 'Let op:\u000b man met rode jas' } };
    const res = await call<Problem>(rt.url, 'POST', '/actions', { token, body });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'messages.voice', message: expect.stringContaining('U+000B') }]);
  });

  it('keeps the feed, Atom, CAP, the item and the webhook working with a bad title already stored', async () => {
    const created = await call<{ id: string }>(rt.url, 'POST', '/actions', { token, body: alertBody });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await rt.pollers.idle();
    const stored = (await rt.world.stores.actions.get(id))!;
    expect(await rt.world.stores.actions.replace({ ...stored, title: `Overval ${LONE}\u000b tankstation`, rev: stored.rev + 1 })).toBe(true);

    const feed = await call<{ items: PublicAction[] }>(rt.url, 'GET', '/public/actions');
    expect(feed.status).toBe(200);
    const item = feed.body.items.find((i) => i.id === id)!;
    expect(item.title).toBe('Overval \ufffd\u000b tankstation');
    expect(isWellFormed(item.links.whatsapp)).toBe(true);
    expect(item.links.whatsapp).toContain(encodeURIComponent('Overval \ufffd'));

    const one = await call<PublicAction>(rt.url, 'GET', `/public/actions/${id}`);
    expect(one.status).toBe(200);
    expect(one.body.headline).toBe('Overval \ufffd\u000b tankstation');

    for (const path of ['/public/actions?format=atom', `/public/actions/${id}.cap`]) {
      const xml = await call<string>(rt.url, 'GET', path);
      expect(xml.status).toBe(200);
      expect(xml.body).toContain('Overval \ufffd tankstation');
      expect(xml.body).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    }

    // The bulletin's webhook again, now that the stored title is bad: it must be delivered.
    const before = receiver.received.length;
    await rt.queue.send('webhook', [{ actionId: id, seq: 0 }]);
    await rt.pollers.idle();
    // Any earlier delivery of the alert may still be redelivered (at least once); the bad title must go out.
    const titles = receiver.received.slice(before).filter((h) => h.id === `${id}:0`).map((h) => (JSON.parse(h.body) as WebhookPayload).data.action.title);
    expect(titles).toContain('Overval \ufffd\u000b tankstation');
    const depths = (await call<Record<string, number>>(rt.url, 'GET', '/_local/queues')).body;
    expect(Object.entries(depths).filter(([q]) => q.startsWith('webhook')).every(([, n]) => n === 0)).toBe(true);
  });

  it('clips a follow-up push title between graphemes, never inside an emoji', async () => {
    // "Burgernet update: " and 45 letters are 63 UTF-16 units: the emoji straddles the 64-unit cut.
    const title = `${'x'.repeat(45)}🚓 einde`;
    const body = { ...alertBody, title, channels: ['push'], messages: { push: { title: 'Burgernet', body: 'Gezocht: man met rode jas' } } };
    const created = await call<{ id: string }>(rt.url, 'POST', '/actions', { token, body });
    expect(created.status).toBe(201);
    expect((await call(rt.url, 'POST', `/actions/${created.body.id}/updates`, { token, body: { text: 'Gezien bij het station' } })).status).toBeLessThan(300);
    const pushTitle = (await rt.world.stores.actions.get(created.body.id))!.bulletins[1]!.messages.push!.title;
    expect(isWellFormed(pushTitle)).toBe(true);
    expect(pushTitle).toBe(`Burgernet update: ${'x'.repeat(45)}…`);
  });

  it('answers a broken upload path with 400 naming the path', async () => {
    const res = await call<Problem>(rt.url, 'PUT', '/_local/uploads/%zz', { raw: 'x', headers: { 'content-type': 'image/jpeg' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'path', message: expect.stringContaining('percent-encoded') }]);
  });
});
