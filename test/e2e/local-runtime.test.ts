// End to end through HTTP on the local runtime: import a register with the CLI, start circle and
// polygon actions, and check the outbox holds exactly the participants inside, once per channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import { participantIdFor } from '#shared/domain/participant-import';
import { destination as pointAt } from '#shared/domain/area';
import { call } from '../support/http';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'burgernet-e2e-'));
const UTRECHT = { lat: 52.0907, lon: 5.1214 };
const HAAG = { minLon: 4.28, maxLon: 4.32, minLat: 52.07, maxLat: 52.09 };

/** The point `meters` from `from` along `bearing` degrees, on the same sphere the system uses. */
const destination = (from: { lat: number; lon: number }, meters: number, bearing: number) => pointAt(from, meters, (bearing * Math.PI) / 180);

interface Line {
  externalId: string;
  phone: string;
  channels: string[];
  lat: number;
  lon: number;
  municipalityCode: string;
  exerciseOptIn: boolean;
}

const lines: Line[] = [];
const circleInside = new Set<string>();
const polygonInside = new Set<string>();
const exerciseInside = new Set<string>();
let n = 0;
const add = (lat: number, lon: number, channels: string[], municipalityCode: string) => {
  const externalId = `legacy-${n}`;
  const exerciseOptIn = n % 3 === 0;
  lines.push({ externalId, phone: `+3162${String(n).padStart(7, '0')}`, channels, lat, lon, municipalityCode, exerciseOptIn });
  n++;
  return { id: participantIdFor(externalId), exerciseOptIn };
};
// Rings every 100 m from 50 m to 1950 m around Utrecht, 12 bearings each: inside iff < 1000 m.
for (let m = 50; m < 2000; m += 100) {
  for (let b = 0; b < 360; b += 30) {
    const p = destination(UTRECHT, m, b + m / 10);
    const { id, exerciseOptIn } = add(p.lat, p.lon, m % 200 === 50 ? ['sms', 'voice'] : ['sms'], 'GM0344');
    if (m < 1000) circleInside.add(id);
    if (m < 1000 && exerciseOptIn) exerciseInside.add(id);
  }
}
// A grid over and around the Den Haag rectangle.
// Offset by half a step so no point sits on an edge.
for (let lat = 52.06125; lat <= 52.1; lat += 0.0025) {
  for (let lon = 4.27125; lon <= 4.33; lon += 0.0025) {
    const { id } = add(lat, lon, ['sms', 'voice'], 'GM0518');
    if (lat > HAAG.minLat && lat < HAAG.maxLat && lon > HAAG.minLon && lon < HAAG.maxLon) polygonInside.add(id);
  }
}
const voiceIds = new Set(lines.filter((l) => l.channels.includes('voice')).map((l) => participantIdFor(l.externalId)));

const circleAction = {
  type: 'heterdaad',
  title: 'Overval juwelier',
  description: { text: 'Man, 1.85 m, donkere jas', person: { height: '1.85 m', clothing: 'donkere jas' } },
  area: { center: UTRECHT, radiusMeters: 1000 },
  channels: ['sms', 'voice'],
  messages: { sms: 'Burgernet: gezocht man 1.85 m, donkere jas. Gezien? Bel 0800-0011', voice: 'Dit is Burgernet. De politie zoekt een man met een donkere jas.' },
};
const polygonAction = {
  ...circleAction,
  type: 'vermissing',
  title: 'Vermiste man',
  area: { type: 'Polygon', coordinates: [[[HAAG.minLon, HAAG.minLat], [HAAG.maxLon, HAAG.minLat], [HAAG.maxLon, HAAG.maxLat], [HAAG.minLon, HAAG.maxLat], [HAAG.minLon, HAAG.minLat]]] },
};

let rt: Runtime;
let operator: string;
let operator2: string;
let municipality: string;

type Entry = { channel: string; participantId: string; maskedNumber?: string; text: string };

async function finishedOutbox(id: string): Promise<Entry[]> {
  await rt.pollers.idle();
  return (await call<Entry[]>(rt.url, 'GET', `/_local/outbox?actionId=${id}`)).body;
}

const idsOn = (entries: Entry[], channel: string) => entries.filter((e) => e.channel === channel).map((e) => e.participantId);

beforeAll(async () => {
  rt = await startRuntime({ dataDir: dir, keyDir: dir, seed: 0, visibilityScale: 0.01, idleMs: 100, sendRatePerSecond: 0 });
  operator = await signToken(dir, { role: 'operator', sub: 'op-1' });
  operator2 = await signToken(dir, { role: 'operator', sub: 'op-2' });
  municipality = await signToken(dir, { role: 'municipality', municipality: 'GM0344' });
});

afterAll(async () => {
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('local runtime end to end', () => {
  it('imports the register with the CLI, reporting bad lines by number', async () => {
    const file = join(dir, 'register.jsonl');
    const bad = ['{"externalId":', JSON.stringify({ ...lines[0], externalId: 'bad-phone', phone: '0612345678' }), JSON.stringify({ ...lines[0], externalId: 'abroad', lat: 48.85, lon: 2.35 })];
    writeFileSync(file, [...lines.map((l) => JSON.stringify(l)), ...bad, JSON.stringify(lines[0])].join('\n'));
    const { stdout, stderr } = await run('npx', ['tsx', 'shared/local/import-cli.ts', file], { env: { ...process.env, BURGERNET_DATA: dir } });
    expect(stderr).toContain(`line ${lines.length + 1}: not valid JSON`);
    expect(stderr).toContain(`line ${lines.length + 2}: phone: not an E.164 number`);
    expect(stderr).toContain(`line ${lines.length + 3}: lat: outside the Netherlands`);
    expect(stderr).not.toContain('0612345678');
    // The repeated first line updates, never duplicates.
    expect(stdout).toMatch(new RegExp(`imported ${lines.length + 1}, rejected 3 of ${lines.length + 4} lines`));
  });

  it('puts exactly the participants inside a circle in the outbox, once per channel', async () => {
    const res = await call<{ id: string }>(rt.url, 'POST', '/actions', { token: operator, body: circleAction, headers: { 'idempotency-key': 'circle-1' } });
    expect(res.status).toBe(201);
    const outbox = await finishedOutbox(res.body.id);
    const sms = idsOn(outbox, 'sms');
    const voice = idsOn(outbox, 'voice');
    expect(new Set(sms)).toEqual(circleInside);
    expect(sms).toHaveLength(circleInside.size);
    expect(new Set(voice)).toEqual(new Set([...circleInside].filter((id) => voiceIds.has(id))));
    expect(voice).toHaveLength(new Set(voice).size);
    expect(outbox.every((e) => /^\+316\*{6}\d{4}$/.test(e.maskedNumber ?? ''))).toBe(true);

    const status = await call<{ counts: Record<string, { targeted: number; sent: number; failed: number; firstSentAt: string | null }> }>(rt.url, 'GET', `/actions/${res.body.id}`, { token: operator });
    expect(status.body.counts.sms).toMatchObject({ targeted: circleInside.size, sent: circleInside.size, failed: 0 });
    expect(status.body.counts.sms!.firstSentAt).not.toBeNull();
  });

  it('puts exactly the participants inside a polygon in the outbox', async () => {
    const res = await call<{ id: string }>(rt.url, 'POST', '/actions', { token: operator, body: polygonAction });
    expect(res.status).toBe(201);
    const outbox = await finishedOutbox(res.body.id);
    expect(polygonInside.size).toBeGreaterThan(50);
    expect(new Set(idsOn(outbox, 'sms'))).toEqual(polygonInside);
    expect(idsOn(outbox, 'sms')).toHaveLength(polygonInside.size);
    expect(new Set(idsOn(outbox, 'voice'))).toEqual(polygonInside);
  });

  it('reaches only opted-in participants in exercise mode, with OEFENING in front', async () => {
    const res = await call<{ id: string }>(rt.url, 'POST', '/actions', { token: operator, body: { ...circleAction, channels: ['sms'], exercise: true } });
    const outbox = await finishedOutbox(res.body.id);
    expect(new Set(idsOn(outbox, 'sms'))).toEqual(exerciseInside);
    expect(outbox.every((e) => e.text.startsWith('OEFENING '))).toBe(true);
  });

  it('answers a retried create with the same action and starts no second one', async () => {
    const before = await call<{ items: unknown[] }>(rt.url, 'GET', '/actions?limit=100', { token: operator });
    const again = await call<{ id: string }>(rt.url, 'POST', '/actions', { token: operator, body: circleAction, headers: { 'idempotency-key': 'circle-1' } });
    const first = before.body.items[before.body.items.length - 1] as { id: string };
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.id);
    const after = await call<{ items: unknown[] }>(rt.url, 'GET', '/actions?limit=100', { token: operator });
    expect(after.body.items).toHaveLength(before.body.items.length);
    // Same key, different body: refused, nothing created.
    const changed = await call(rt.url, 'POST', '/actions', { token: operator, body: { ...circleAction, title: 'Anders' }, headers: { 'idempotency-key': 'circle-1' } });
    expect(changed.status).toBe(422);
    // Another operator's identical key is theirs alone.
    const other = await call<{ id: string }>(rt.url, 'POST', '/actions', { token: operator2, body: circleAction, headers: { 'idempotency-key': 'circle-1' } });
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.id);
    await rt.pollers.idle();
  });

  it('pages through actions newest first', async () => {
    const p1 = await call<{ items: { id: string; createdAt: string }[]; next: string | null }>(rt.url, 'GET', '/actions?limit=2', { token: operator });
    expect(p1.body.items).toHaveLength(2);
    const p2 = await call<{ items: { id: string; createdAt: string }[]; next: string | null }>(rt.url, 'GET', `/actions?limit=2&cursor=${p1.body.next}`, { token: operator });
    const all = [...p1.body.items, ...p2.body.items];
    expect(new Set(all.map((a) => a.id)).size).toBe(4);
    expect(all.map((a) => a.createdAt)).toEqual([...all.map((a) => a.createdAt)].sort().reverse());
  });

  it('refuses callers without a valid token (401) or the operator role (403)', async () => {
    expect((await call(rt.url, 'POST', '/actions', { body: circleAction })).status).toBe(401);
    expect((await call(rt.url, 'POST', '/actions', { body: circleAction, token: `${operator}x` })).status).toBe(401);
    expect((await call(rt.url, 'POST', '/actions', { body: circleAction, token: municipality })).status).toBe(403);
    expect((await call(rt.url, 'GET', '/actions', { token: municipality })).status).toBe(403);
  });

  const ring = (coords: number[][]) => ({ type: 'Polygon', coordinates: [coords] });
  const badCases: [string, { body?: unknown; raw?: string; headers?: Record<string, string> }, number, string][] = [
    ['malformed JSON', { raw: '{"type":"heterdaad",' }, 400, 'body'],
    ['wrong type', { body: { ...circleAction, type: 'brand' } }, 400, 'type'],
    ['missing title', { body: { ...circleAction, title: undefined } }, 400, 'title'],
    ['radius 0', { body: { ...circleAction, area: { center: UTRECHT, radiusMeters: 0 } } }, 400, 'area.radiusMeters'],
    ['radius over 100 km', { body: { ...circleAction, area: { center: UTRECHT, radiusMeters: 150_000 } } }, 400, 'area.radiusMeters'],
    ['centre in Paris', { body: { ...circleAction, area: { center: { lat: 48.85, lon: 2.35 }, radiusMeters: 1000 } } }, 400, 'area.center'],
    ['open polygon', { body: { ...circleAction, area: ring([[4.28, 52.07], [4.32, 52.07], [4.32, 52.09]]) } }, 400, 'area.coordinates.0'],
    ['self-intersecting polygon', { body: { ...circleAction, area: ring([[4.28, 52.07], [4.32, 52.09], [4.32, 52.07], [4.28, 52.09], [4.28, 52.07]]) } }, 400, 'area.coordinates.0'],
    ['1,001 vertices', { body: { ...circleAction, area: ring([...Array.from({ length: 1001 }, (_, i) => [4.3 + 0.01 * Math.cos(i / 160), 52.08 + 0.01 * Math.sin(i / 160)]), [4.31, 52.08]]) } }, 400, 'area.coordinates.0'],
    ['SMS over 3 segments', { body: { ...circleAction, messages: { ...circleAction.messages, sms: 'x'.repeat(470) } } }, 400, 'messages.sms'],
    ['channel without text', { body: { ...circleAction, channels: ['sms', 'push'] } }, 400, 'messages.push'],
    ['unknown field', { body: { ...circleAction, priority: 'high' } }, 400, ''],
    ['oversized body', { raw: JSON.stringify({ ...circleAction, title: 'x'.repeat(300_000) }) }, 413, 'body'],
    ['not JSON content', { raw: 'type=heterdaad', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'content-type'],
    ['bad idempotency key', { body: circleAction, headers: { 'idempotency-key': 'x'.repeat(200) } }, 400, 'idempotency-key'],
  ];

  it.each(badCases)('answers %s with a 4xx naming the field, and stores nothing', async (_name, request, status, field) => {
    const before = await call<{ items: unknown[] }>(rt.url, 'GET', '/actions?limit=100', { token: operator });
    const res = await call<{ status: number; detail: string; errors?: { field: string }[] }>(rt.url, 'POST', '/actions', { token: operator, ...request });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.status).toBe(status);
    if (field) expect(res.body.errors?.map((e) => e.field)).toContain(field);
    const after = await call<{ items: unknown[] }>(rt.url, 'GET', '/actions?limit=100', { token: operator });
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it('answers unknown and malformed action ids and cursors with 4xx', async () => {
    expect((await call(rt.url, 'GET', '/actions/act_00000000-0000-0000-0000-000000000000', { token: operator })).status).toBe(404);
    expect((await call(rt.url, 'GET', '/actions/robbery', { token: operator })).status).toBe(400);
    expect((await call(rt.url, 'GET', '/actions?cursor=bm9wZQ', { token: operator })).status).toBe(400);
    expect((await call(rt.url, 'GET', '/actions?limit=0', { token: operator })).status).toBe(400);
  });

  it('keeps every action and the outbox across a restart', async () => {
    const list = await call<{ items: { id: string }[] }>(rt.url, 'GET', '/actions?limit=100', { token: operator });
    const id = list.body.items[0]!.id;
    const outboxBefore = (await call<Entry[]>(rt.url, 'GET', `/_local/outbox?actionId=${id}`)).body.length;
    await rt.stop();
    rt = await startRuntime({ dataDir: dir, keyDir: dir, seed: 0, visibilityScale: 0.01, idleMs: 100, sendRatePerSecond: 0 });
    const again = await call<{ items: { id: string }[] }>(rt.url, 'GET', '/actions?limit=100', { token: operator });
    expect(again.body.items.map((a) => a.id)).toEqual(list.body.items.map((a) => a.id));
    expect((await call<Entry[]>(rt.url, 'GET', `/_local/outbox?actionId=${id}`)).body).toHaveLength(outboxBefore);
  });
});
