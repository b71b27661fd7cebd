// An action's life through HTTP on the local runtime: alert, a widened update, the end; the
// four-eyes rule; exercise texts; the timeline; and every refusal with its status and field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import type { Participant } from '#shared/ports/participant-store';
import { call } from '../support/http';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-lifecycle-'));
const UTRECHT = { lat: 52.0907, lon: 5.1214 };
/** Metres north of Utrecht's centre as latitude. */
const north = (m: number) => ({ lat: UTRECHT.lat + m / 111_195, lon: UTRECHT.lon });

const person = (id: string, at: { lat: number; lon: number }, exerciseOptIn = false): Participant => ({
  id,
  phone: `+3162${String(id.length * 1000 + Number(id.replace(/\D/g, '') || 0)).padStart(7, '0')}`,
  channels: ['sms'],
  lat: at.lat,
  lon: at.lon,
  municipalityCode: 'GM0344',
  language: 'nl',
  status: 'active',
  exerciseOptIn,
  updatedAt: '2026-01-01T00:00:00Z',
});
// Near: within 1 km. Ring: 1.2–1.8 km, inside only the widened area. Far: 5 km, never inside.
const near = Array.from({ length: 8 }, (_, i) => person(`lc_near_${i}`, north(100 + i * 100), i % 2 === 0));
const ring = Array.from({ length: 6 }, (_, i) => person(`lc_ring_${i}`, north(1200 + i * 100)));
const far = [person('lc_far_0', north(5000))];

const alertBody = {
  type: 'heterdaad',
  title: 'Overval supermarkt',
  description: { text: 'Twee mannen op een scooter richting Lombok' },
  area: { center: UTRECHT, radiusMeters: 1000 },
  channels: ['sms'],
  messages: { sms: 'Burgernet: twee mannen op scooter richting Lombok. Gezien? Bel 0800-0011' },
};

let rt: Runtime;
let op1: string;
let op2: string;

type Entry = { participantId: string; text: string; sentAt: string };
const outbox = async (id: string) => {
  await rt.pollers.idle();
  return (await call<Entry[]>(rt.url, 'GET', `/_local/outbox?actionId=${id}`)).body;
};
const start = async (body: unknown, token = op1) => call<{ id: string; status: string; approval?: { reasons: string[] } }>(rt.url, 'POST', '/actions', { token, body });
type Problem = { status: number; errors?: { field: string; message: string }[]; detail: string };

beforeAll(async () => {
  rt = await startRuntime({ keyDir: dir, seed: 0, visibilityScale: 0.01, idleMs: 100, sendRatePerSecond: 0 });
  await rt.world.stores.participants.putMany([...near, ...ring, ...far]);
  op1 = await signToken(dir, { role: 'operator', sub: 'op-1' });
  op2 = await signToken(dir, { role: 'operator', sub: 'op-2' });
});

afterAll(async () => {
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('action lifecycle', () => {
  let id: string;

  it('alerts, updates with a wider area (newcomers get the alert first), ends; each person in order', async () => {
    id = (await start(alertBody)).body.id;
    expect((await outbox(id)).map((e) => e.participantId).sort()).toEqual(near.map((p) => p.id).sort());

    const update = await call<{ bulletin: { seq: number; kind: string } }>(rt.url, 'POST', `/actions/${id}/updates`, {
      token: op2,
      body: { text: 'Mannen gezien bij het Muntgebouw, mogelijk richting station', area: { center: UTRECHT, radiusMeters: 2000 } },
    });
    expect(update.status).toBe(201);
    expect(update.body.bulletin).toMatchObject({ seq: 1, kind: 'update' });
    await outbox(id);

    const end = await call<{ status: string }>(rt.url, 'POST', `/actions/${id}/end`, { token: op1, body: { outcome: 'aangehouden', text: 'De verdachten zijn aangehouden. Dank voor het uitkijken!' } });
    expect(end.status).toBe(201);
    expect(end.body.status).toBe('ended');

    const entries = await outbox(id);
    const kindOf = (e: Entry) => (e.text.startsWith('Burgernet update') ? 'update' : e.text.startsWith('Burgernet actie beëindigd') ? 'end' : 'alert');
    for (const p of [...near, ...ring]) {
      expect(entries.filter((e) => e.participantId === p.id).map(kindOf), p.id).toEqual(['alert', 'update', 'end']);
    }
    expect(entries.some((e) => e.participantId === 'lc_far_0')).toBe(false);
    expect(entries).toHaveLength((near.length + ring.length) * 3);

    const view = await call<{ status: string; outcome: string; bulletins: { seq: number; counts: { sms: { sent: number; skipped: number } } }[] }>(rt.url, 'GET', `/actions/${id}`, { token: op1 });
    expect(view.body).toMatchObject({ status: 'ended', outcome: 'aangehouden' });
    expect(view.body.bulletins.map((b) => b.counts.sms.sent)).toEqual([near.length + ring.length, near.length + ring.length, near.length + ring.length]);
  });

  it('refuses an update, end or cancel of an ended action with 409 and changes nothing', async () => {
    const before = await call<{ rev?: number; bulletins: unknown[] }>(rt.url, 'GET', `/actions/${id}`, { token: op1 });
    for (const [path, body] of [
      ['updates', { text: 'nog een update' }],
      ['end', { outcome: 'overig', text: 'nogmaals' }],
      ['cancel', { text: 'oeps' }],
    ] as const) {
      const res = await call<Problem>(rt.url, 'POST', `/actions/${id}/${path}`, { token: op1, body });
      expect(res.status, path).toBe(409);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    const after = await call<{ bulletins: unknown[] }>(rt.url, 'GET', `/actions/${id}`, { token: op1 });
    expect(after.body.bulletins).toHaveLength(before.body.bulletins.length);
  });

  it('keeps a timeline of every operator act and fan-out step with counts', async () => {
    const res = await call<{ entries: { kind: string; actor: string; seq: number; details: Record<string, unknown> }[] }>(rt.url, 'GET', `/actions/${id}/timeline`, { token: op1 });
    expect(res.status).toBe(200);
    const acts = res.body.entries.filter((e) => e.actor !== 'system').map((e) => [e.kind, e.actor, e.seq]);
    expect(acts).toEqual([
      ['created', 'op-1', 0],
      ['updated', 'op-2', 1],
      ['ended', 'op-1', 2],
    ]);
    const selected = res.body.entries.filter((e) => e.kind === 'fanout-selected');
    expect(selected.map((e) => [e.seq, e.details.sms])).toEqual([
      [0, near.length],
      [1, near.length + ring.length],
      [2, near.length + ring.length],
    ]);
    expect(res.body.entries.filter((e) => e.kind === 'fanout-planned')).toHaveLength(3);
    // The audit trail has no write route.
    expect((await call(rt.url, 'POST', `/actions/${id}/timeline`, { token: op1, body: {} })).status).toBe(405);
  });

  it('holds a vermist-kind action until a different operator approves it', async () => {
    const created = await start({ ...alertBody, type: 'vermist-kind', title: 'Vermist meisje, 7 jaar' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'awaiting-approval', approval: { reasons: [expect.stringContaining('vermist-kind')] } });
    const held = created.body.id;
    expect(await outbox(held)).toEqual([]);
    expect((await call<Problem>(rt.url, 'POST', `/actions/${held}/updates`, { token: op1, body: { text: 'x' } })).status).toBe(409);

    const self = await call<Problem>(rt.url, 'POST', `/actions/${held}/approve`, { token: op1 });
    expect(self.status).toBe(403);
    expect(await outbox(held)).toEqual([]);

    const approved = await call<{ status: string; approval: { by: string } }>(rt.url, 'POST', `/actions/${held}/approve`, { token: op2 });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'active', approval: { by: 'op-2' } });
    expect((await outbox(held)).map((e) => e.participantId).sort()).toEqual(near.map((p) => p.id).sort());
    expect((await call(rt.url, 'POST', `/actions/${held}/approve`, { token: op2 })).status).toBe(409);
  });

  it('holds an area over the size limit, and a cancel before approval sends nothing', async () => {
    const big = await start({ ...alertBody, area: { center: UTRECHT, radiusMeters: 30_000 } });
    expect(big.body).toMatchObject({ status: 'awaiting-approval', approval: { reasons: [expect.stringMatching(/radius 30 km is over 25 km/)] } });
    const cancel = await call<{ status: string }>(rt.url, 'POST', `/actions/${big.body.id}/cancel`, { token: op1, body: { text: 'Verkeerd gebied getekend' } });
    expect(cancel.status).toBe(201);
    expect(cancel.body.status).toBe('cancelled');
    expect(await outbox(big.body.id)).toEqual([]);
    expect((await call(rt.url, 'POST', `/actions/${big.body.id}/approve`, { token: op2 })).status).toBe(409);
    // Nothing was queued for it at all (no fan-out, no webhook): the timeline has no fan-out step.
    const timeline = await call<{ entries: { kind: string }[] }>(rt.url, 'GET', `/actions/${big.body.id}/timeline`, { token: op1 });
    expect(timeline.body.entries.map((e) => e.kind)).toEqual(['created', 'approval-requested', 'cancelled']);
  });

  it('prefixes follow-ups of an exercise with OEFENING and reaches only opted-in participants', async () => {
    const ex = (await start({ ...alertBody, exercise: true })).body.id;
    await outbox(ex);
    await call(rt.url, 'POST', `/actions/${ex}/cancel`, { token: op1, body: { text: 'Einde oefening' } });
    const entries = await outbox(ex);
    const optedIn = near.filter((p) => p.exerciseOptIn).map((p) => p.id).sort();
    expect([...new Set(entries.map((e) => e.participantId))].sort()).toEqual(optedIn);
    expect(entries).toHaveLength(optedIn.length * 2);
    expect(entries.every((e) => e.text.startsWith('OEFENING '))).toBe(true);
  });

  it('sends nothing of an alert still queued when the action is cancelled, and no correction to those never alerted', async () => {
    // Cancelled before any sender ran: the alert chunk finds the action closed.
    const quick = (await start(alertBody)).body.id;
    await call(rt.url, 'POST', `/actions/${quick}/cancel`, { token: op1, body: { text: 'Verkeerde melding' } });
    const entries = await outbox(quick);
    // Whoever got the alert before the cancel landed gets the correction after it; nobody else gets anything.
    const byPerson = new Map<string, Entry[]>();
    for (const e of entries) byPerson.set(e.participantId, [...(byPerson.get(e.participantId) ?? []), e]);
    for (const list of byPerson.values()) expect(list.map((e) => e.text.startsWith('Burgernet correctie'))).toEqual([false, true]);
  });

  it('answers a replayed update (same Idempotency-Key) with the first bulletin, not a second one', async () => {
    const a = (await start(alertBody)).body.id;
    const body = { text: 'Signalement aangepast: rode jas' };
    const first = await call<{ bulletin: { seq: number } }>(rt.url, 'POST', `/actions/${a}/updates`, { token: op1, body, headers: { 'idempotency-key': 'upd-1' } });
    const again = await call<{ bulletin: { seq: number } }>(rt.url, 'POST', `/actions/${a}/updates`, { token: op1, body, headers: { 'idempotency-key': 'upd-1' } });
    expect(again.status).toBe(201);
    expect(again.body.bulletin.seq).toBe(first.body.bulletin.seq);
    const view = await call<{ bulletins: unknown[] }>(rt.url, 'GET', `/actions/${a}`, { token: op1 });
    expect(view.body.bulletins).toHaveLength(2);
    await call(rt.url, 'POST', `/actions/${a}/end`, { token: op1, body: { outcome: 'niet-gevonden', text: 'Actie gestopt' } });
    await outbox(a);
  });

  it.each([
    ['an unknown action', 'act_00000000-0000-0000-0000-000000000000', 'updates', { text: 'x' }, 404, 'path.id'],
    ['a malformed id', 'robbery', 'updates', { text: 'x' }, 400, 'path.id'],
    ['a missing text', undefined, 'updates', {}, 400, 'text'],
    ['a text too long for 3 SMS', undefined, 'updates', { text: 'x'.repeat(470) }, 400, 'text'],
    ['an own SMS too long', undefined, 'updates', { text: 'kort', messages: { sms: 'ë'.repeat(210) } }, 400, 'messages.sms'],
    ['a channel the alert did not use', undefined, 'updates', { text: 'x', channels: ['voice'] }, 400, 'channels'],
    ['an impossible area', undefined, 'updates', { text: 'x', area: { center: UTRECHT, radiusMeters: -5 } }, 400, 'area.radiusMeters'],
    ['an unknown outcome', undefined, 'end', { outcome: 'ontsnapt', text: 'x' }, 400, 'outcome'],
    ['an oversized correction', undefined, 'cancel', { text: 'x'.repeat(301) }, 400, 'text'],
  ])('refuses %s with a 4xx naming the field, and changes nothing', async (_name, forced, path, body, status, field) => {
    const a = forced ?? (await start(alertBody)).body.id;
    const res = await call<Problem>(rt.url, 'POST', `/actions/${a}/${path}`, { token: op1, body });
    expect(res.status).toBe(status);
    expect(res.body.errors?.map((e) => e.field)).toContain(field);
    if (!forced) {
      const view = await call<{ status: string; bulletins: unknown[] }>(rt.url, 'GET', `/actions/${a}`, { token: op1 });
      expect(view.body).toMatchObject({ status: 'active', bulletins: [expect.anything()] });
    }
  });
});
