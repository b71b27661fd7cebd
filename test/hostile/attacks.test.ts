// Attacks from issue 13 through HTTP on the local runtime: an update that widens a small action
// past the four-eyes limit, an Idempotency-Key replayed against another action, and an exercise
// leaking to the social-media webhook. Each proves the hole is closed end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import type { Participant } from '#shared/ports/participant-store';
import { call } from '../support/http';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-attacks-'));
const SECRET = `whsec_${Buffer.from('burgernet-attack-secret-0123456789').toString('base64')}`;
const DAM = { lat: 52.3728, lon: 4.8936 };
/** Metres north of the Dam as latitude. */
const north = (m: number) => ({ lat: DAM.lat + m / 111_195, lon: DAM.lon });

const person = (id: string, n: number, at: { lat: number; lon: number }, exerciseOptIn = false): Participant => ({
  id,
  phone: `+3164${String(n).padStart(7, '0')}`,
  channels: ['sms'],
  lat: at.lat,
  lon: at.lon,
  municipalityCode: 'GM0363',
  language: 'nl',
  status: 'active',
  exerciseOptIn,
  updatedAt: '2026-01-01T00:00:00Z',
});
// Near: within 300 m of the Dam. Far: 2 to 40 km away, inside only the attacker's wide areas.
const near = Array.from({ length: 4 }, (_, i) => person(`at_near_${i}`, 100 + i, north(50 + i * 50), true));
const far = [2_000, 10_000, 25_000, 40_000].map((m, i) => person(`at_far_${i}`, 200 + i, north(m)));

const smallAlert = {
  type: 'heterdaad',
  title: 'Tasjesroof Dam',
  description: { text: 'Man op fiets, rood jack' },
  area: { center: DAM, radiusMeters: 300 },
  channels: ['sms'],
  messages: { sms: 'Burgernet: tasjesroof op de Dam, man op fiets, rood jack. Gezien? Bel 0800-0011' },
};
/** About 7,000 km² around Amsterdam and Utrecht (over the 2,000 km² limit). */
const HUGE_POLYGON = { type: 'Polygon', coordinates: [[[4.5, 51.95], [5.8, 51.95], [5.8, 52.6], [4.5, 52.6], [4.5, 51.95]]] };

interface Received {
  readonly id: string;
  readonly body: string;
}
const hooks: Received[] = [];
let receiver: Server;
let rt: Runtime;
let op1: string;
let op2: string;

type Entry = { participantId: string; text: string };
const outbox = async (id: string) => {
  await rt.pollers.idle();
  return (await call<Entry[]>(rt.url, 'GET', `/_local/outbox?actionId=${id}`)).body;
};
const who = (entries: readonly Entry[]) => [...new Set(entries.map((e) => e.participantId))].sort();
const ids = (list: readonly Participant[]) => list.map((p) => p.id).sort();
const start = async (body: unknown, token = op1) => call<{ id: string; status: string }>(rt.url, 'POST', '/actions', { token, body });

interface BulletinReply {
  id: string;
  status: string;
  approval?: { reasons: string[] };
  bulletin: { seq: number; kind: string; dispatchedAt: string | null; approval?: { reasons: string[]; by?: string } };
}
interface ActionReply {
  status: string;
  area: unknown;
  bulletins: { seq: number; kind: string }[];
  heldUpdate?: { seq: number; approval: { reasons: string[] } };
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hooks.push({ id: String(req.headers['webhook-id'] ?? ''), body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  rt = await startRuntime({
    keyDir: dir,
    seed: 0,
    visibilityScale: 0.01,
    idleMs: 100,
    sendRatePerSecond: 0,
    webhook: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, secret: SECRET },
  });
  await rt.world.stores.participants.putMany([...near, ...far]);
  op1 = await signToken(dir, { role: 'operator', sub: 'op-attack-1' });
  op2 = await signToken(dir, { role: 'operator', sub: 'op-attack-2' });
}, 120_000);

afterAll(async () => {
  await rt?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('four eyes cannot be bypassed by an update', () => {
  it('holds an update widening a 300 m action to 100 km until a different operator approves it', async () => {
    const id = (await start(smallAlert)).body.id;
    expect(who(await outbox(id))).toEqual(ids(near));

    const wide = await call<BulletinReply>(rt.url, 'POST', `/actions/${id}/updates`, {
      token: op1,
      body: { text: 'Dader gevlucht, kijk overal uit', area: { center: DAM, radiusMeters: 100_000 } },
    });
    expect(wide.status).toBe(201);
    expect(wide.body).toMatchObject({ status: 'active', approval: { reasons: [expect.stringMatching(/radius 100 km is over 25 km/)] } });
    expect(wide.body.bulletin).toMatchObject({ seq: 1, kind: 'update', dispatchedAt: null });

    // Nothing of it went out: the far people got nothing, the near ones only their alert.
    const before = await outbox(id);
    expect(who(before)).toEqual(ids(near));
    expect(before).toHaveLength(near.length);
    const view = await call<ActionReply>(rt.url, 'GET', `/actions/${id}`, { token: op1 });
    expect(view.body.bulletins.map((b) => b.kind)).toEqual(['alert']);
    expect(view.body.area).toEqual(smallAlert.area);
    expect(view.body.heldUpdate).toMatchObject({ seq: 1, approval: { reasons: [expect.stringMatching(/radius/)] } });
    // Nor is it public before approval.
    const pub = await call<{ bulletins: unknown[] }>(rt.url, 'GET', `/public/actions/${id}`);
    expect(pub.body.bulletins).toHaveLength(1);

    // The updater cannot approve their own update, nor pile another update on top of it.
    expect((await call(rt.url, 'POST', `/actions/${id}/approve`, { token: op1 })).status).toBe(403);
    expect((await call(rt.url, 'POST', `/actions/${id}/updates`, { token: op1, body: { text: 'Nog een' } })).status).toBe(409);
    expect(await outbox(id)).toHaveLength(near.length);

    const approved = await call<{ status: string; approval: { by: string }; bulletin: { seq: number } }>(rt.url, 'POST', `/actions/${id}/approve`, { token: op2 });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'active', approval: { by: 'op-attack-2' }, bulletin: { seq: 1 } });
    // Released: the far people now get the alert first and then the update; the near ones the update.
    const after = await outbox(id);
    expect(who(after)).toEqual(ids([...near, ...far]));
    expect(after).toHaveLength(near.length * 2 + far.length * 2);
    expect((await call(rt.url, 'POST', `/actions/${id}/approve`, { token: op2 })).status).toBe(409);
  });

  it('holds a 7,000 km² polygon update; an end drops it and nobody outside is ever messaged', async () => {
    const id = (await start(smallAlert)).body.id;
    await outbox(id);
    const huge = await call<BulletinReply>(rt.url, 'POST', `/actions/${id}/updates`, { token: op1, body: { text: 'Overal uitkijken', area: HUGE_POLYGON } });
    expect(huge.status).toBe(201);
    expect(huge.body.approval?.reasons).toEqual([expect.stringMatching(/^polygon of [\d,.]+ km² is over 2,000 km²$/)]);
    expect(who(await outbox(id))).toEqual(ids(near));

    const end = await call<BulletinReply>(rt.url, 'POST', `/actions/${id}/end`, { token: op1, body: { text: 'Dader aangehouden', outcome: 'aangehouden' } });
    expect(end.status).toBe(201);
    expect(end.body.bulletin).toMatchObject({ seq: 1, kind: 'end' });
    const entries = await outbox(id);
    expect(who(entries)).toEqual(ids(near));
    expect(entries).toHaveLength(near.length * 2);
    expect((await call(rt.url, 'POST', `/actions/${id}/approve`, { token: op2 })).status).toBe(409);
    expect(await outbox(id)).toHaveLength(near.length * 2);
  });

  it('lets an update within the limits go out at once, without approval', async () => {
    const id = (await start(smallAlert)).body.id;
    await outbox(id);
    const ok = await call<BulletinReply>(rt.url, 'POST', `/actions/${id}/updates`, { token: op1, body: { text: 'Richting Centraal', area: { center: DAM, radiusMeters: 3_000 } } });
    expect(ok.status).toBe(201);
    expect(ok.body.approval).toBeUndefined();
    expect(who(await outbox(id))).toEqual(ids([...near, far[0]!]));
  });
});

describe('an Idempotency-Key is scoped to the action it acts on', () => {
  it('ends action B with the key used to end action A, instead of replaying A', async () => {
    const a = (await start(smallAlert)).body.id;
    const b = (await start(smallAlert)).body.id;
    const body = { text: 'Einde actie', outcome: 'overig' };
    const headers = { 'idempotency-key': 'end-key-1' };
    const endA = await call<BulletinReply>(rt.url, 'POST', `/actions/${a}/end`, { token: op1, body, headers });
    const endB = await call<BulletinReply>(rt.url, 'POST', `/actions/${b}/end`, { token: op1, body, headers });
    expect(endA.status).toBe(201);
    expect(endA.body.id).toBe(a);
    expect(endB.status).toBe(201);
    expect(endB.body.id).toBe(b);
    expect((await call<ActionReply>(rt.url, 'GET', `/actions/${b}`, { token: op1 })).body.status).toBe('ended');
    // A true retry against A still gets A's first answer.
    const again = await call<BulletinReply>(rt.url, 'POST', `/actions/${a}/end`, { token: op1, body, headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(endA.body);
  });
});

describe('exercises never reach the social-media webhook', () => {
  it('posts a real action but none of an exercise, alert or follow-ups', async () => {
    const real = (await start(smallAlert)).body.id;
    const ex = (await start({ ...smallAlert, exercise: true })).body.id;
    await call(rt.url, 'POST', `/actions/${ex}/updates`, { token: op1, body: { text: 'Oefening: update' } });
    await call(rt.url, 'POST', `/actions/${ex}/end`, { token: op1, body: { text: 'Einde oefening', outcome: 'overig' } });
    expect(who(await outbox(ex))).toEqual(ids(near)); // opted in, so the participants got it
    await expect.poll(() => hooks.some((h) => h.id === `${real}:0`), { timeout: 30_000 }).toBe(true);
    await rt.pollers.idle();
    expect(hooks.filter((h) => h.id.startsWith(ex) || h.body.includes(ex))).toEqual([]);
  });
});
