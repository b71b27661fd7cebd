// The app through HTTP on the local runtime: a device that enters an active area gets the alert
// once (however often ENTER repeats), a stale position alerts nobody, saved places count at
// their window edges, tips reach operators, and a deleted device leaves nothing in any table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import { geofenceEnterEvent } from '#shared/domain/geofences';
import { hashToken } from '#shared/domain/device-token';
import { call } from '../support/http';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-devices-'));
const UTRECHT = { lat: 52.0907, lon: 5.1214 };
const AMSTERDAM = { lat: 52.3731, lon: 4.8926 };
const ROTTERDAM = { lat: 51.9225, lon: 4.4792 };
/** Metres north of a point as latitude. */
const north = (p: { lat: number; lon: number }, m: number) => ({ lat: p.lat + m / 111_195, lon: p.lon });

let rt: Runtime;
let operator: string;
/** The runtime's clock: the system's, unless a test sets another time. */
let clockAt: (() => Date) | undefined;

type Problem = { status: number; detail: string; errors?: { field: string; message: string }[] };
type Entry = { channel: string; participantId: string; title?: string; text: string; sentAt: string };
interface Device {
  id: string;
  deviceToken: string;
}

let tokenSeq = 0;
const pushToken = () => `${(++tokenSeq).toString(16).padStart(8, '0')}${'e2e0'.repeat(14)}`;
async function register(body: Record<string, unknown> = {}): Promise<Device> {
  const res = await call<Device>(rt.url, 'POST', '/devices', { body: { platform: 'ios', pushToken: pushToken(), ...body } });
  expect(res.status).toBe(201);
  return res.body;
}
const auth = (d: Device) => ({ authorization: `Bearer ${d.deviceToken}` });
const position = (d: Device, body: unknown, as: Device = d) => call<{ expiresAt: string } & Problem>(rt.url, 'PUT', `/devices/${d.id}/position`, { headers: auth(as), body });
const places = (d: Device, body: unknown) => call<Problem>(rt.url, 'PUT', `/devices/${d.id}/places`, { headers: auth(d), body });
const pushesTo = async (actionId: string, device: Device) => {
  await rt.pollers.idle();
  const entries = (await call<Entry[]>(rt.url, 'GET', `/_local/outbox?actionId=${actionId}`)).body;
  return entries.filter((e) => e.channel === 'push' && e.participantId === device.id);
};
const start = async (center: { lat: number; lon: number }, radiusMeters = 1000, title = 'Overval') => {
  const res = await call<{ id: string; status: string }>(rt.url, 'POST', '/actions', {
    token: operator,
    body: {
      type: 'heterdaad',
      title,
      description: { text: 'Man, donkere jas' },
      area: { center, radiusMeters },
      channels: ['push'],
      messages: { push: { title: `Burgernet: ${title}`, body: 'Gezocht: man, donkere jas' } },
    },
  });
  expect(res.status).toBe(201);
  await rt.pollers.idle();
  return res.body.id;
};

beforeAll(async () => {
  // Every install here comes from one address: above the per-address limit (test/hostile/app-floods).
  rt = await startRuntime({ keyDir: dir, seed: 0, visibilityScale: 0.01, idleMs: 100, sendRatePerSecond: 0, settings: { devices: { registrationsPerClient: 1_000 } }, clock: { now: () => clockAt?.() ?? new Date() } });
  operator = await signToken(dir, { role: 'operator', sub: 'op-devices' });
});

afterAll(async () => {
  clockAt = undefined;
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('entering an active area', () => {
  it('alerts a device that enters after the start exactly once, however often ENTER repeats', async () => {
    const a = await register();
    expect((await position(a, north(UTRECHT, 5000))).status).toBe(200);
    const id = await start(UTRECHT);
    expect(await pushesTo(id, a)).toEqual([]);

    expect((await position(a, north(UTRECHT, 300))).status).toBe(200);
    expect((await pushesTo(id, a)).map((e) => e.title)).toEqual(['Burgernet: Overval']);

    // Inside again, out and back in (a second ENTER), and the same event delivered twice more.
    await position(a, north(UTRECHT, 400));
    await position(a, north(UTRECHT, 5000));
    await position(a, north(UTRECHT, 200));
    const fix = { ...north(UTRECHT, 200), at: new Date().toISOString() };
    const event = geofenceEnterEvent(id, a.id, fix, new Date());
    await rt.queue.send('geofence', [event, event]);
    expect(await pushesTo(id, a)).toHaveLength(1);
  });

  it('gives a device entering after an update the alert first, then the update', async () => {
    const id = await start(north(UTRECHT, 20_000), 1000, 'Vermissing');
    const update = await call(rt.url, 'POST', `/actions/${id}/updates`, { token: operator, body: { text: 'Gezien bij de brug' } });
    expect(update.status).toBe(201);
    await rt.pollers.idle();
    const b = await register();
    await position(b, north(UTRECHT, 20_100));
    expect((await pushesTo(id, b)).map((e) => e.title)).toEqual(['Burgernet: Vermissing', 'Burgernet update: Vermissing']);
  });
});

describe('stale positions', () => {
  it('does not alert a device whose last position is older than 2 hours', async () => {
    const stale = await register();
    const fresh = await register();
    clockAt = () => new Date(Date.now() - 3 * 3600_000);
    try {
      expect((await position(stale, AMSTERDAM)).status).toBe(200);
    } finally {
      clockAt = undefined;
    }
    expect((await position(fresh, north(AMSTERDAM, 100))).status).toBe(200);
    const id = await start(AMSTERDAM);
    expect(await pushesTo(id, stale)).toEqual([]);
    expect(await pushesTo(id, fresh)).toHaveLength(1);
  });

  it('refuses a fix already older than 2 hours, naming position.at', async () => {
    const d = await register();
    const res = await position(d, { ...AMSTERDAM, at: new Date(Date.now() - 121 * 60_000).toISOString() });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'position.at', message: 'older than 120 minutes: a stale position is not kept' }]);
  });
});

describe('saved places', () => {
  it('count from the first minute of a window and not in the minute it ends', async () => {
    const place = (windows: unknown) => ({ places: [{ name: 'Werk', ...north(ROTTERDAM, 200), windows }] });
    // Monday 2 March 2026, 08:00 in the Netherlands (07:00 UTC).
    const opens = await register();
    const closes = await register();
    const overnight = await register();
    const around = await register();
    expect((await places(opens, place([{ days: ['mon'], from: '08:00', to: '18:00' }]))).status).toBe(200);
    expect((await places(closes, place([{ days: ['mon'], from: '06:00', to: '08:00' }]))).status).toBe(200);
    expect((await places(overnight, place([{ days: ['sun'], from: '22:00', to: '08:00' }]))).status).toBe(200);
    expect((await places(around, place([{ days: ['mon'], from: '07:59', to: '08:01' }]))).status).toBe(200);
    clockAt = () => new Date('2026-03-02T07:00:00.000Z');
    try {
      const id = await start(ROTTERDAM);
      expect((await pushesTo(id, opens)).length).toBe(1);
      expect((await pushesTo(id, around)).length).toBe(1);
      expect(await pushesTo(id, closes)).toEqual([]);
      expect(await pushesTo(id, overnight)).toEqual([]);
    } finally {
      clockAt = undefined;
    }
  });

  it('refuses a sixth place and names the field', async () => {
    const d = await register();
    const res = await places(d, { places: Array.from({ length: 6 }, (_, i) => ({ name: `p${i}`, ...ROTTERDAM })) });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.field)).toEqual(['places']);
  });
});

describe('bad input and other devices', () => {
  it('refuses a malformed push token without echoing it', async () => {
    const res = await call<Problem>(rt.url, 'POST', '/devices', { body: { platform: 'ios', pushToken: 'my-secret-token-zz' } });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.field)).toEqual(['pushToken']);
    expect(JSON.stringify(res.body)).not.toContain('my-secret-token-zz');
  });

  it('refuses a position outside the border zone, another device, and no token, changing nothing', async () => {
    const d = await register();
    const other = await register();
    const paris = await position(d, { lat: 48.8566, lon: 2.3522 });
    expect(paris.status).toBe(400);
    expect(paris.body.errors).toEqual([{ field: 'position', message: 'lies outside the Netherlands and its border zone' }]);
    expect(JSON.stringify(paris.body)).not.toMatch(/48\.85|2\.35/);
    expect((await position(other, UTRECHT, d)).status).toBe(403);
    expect((await call(rt.url, 'PUT', `/devices/${d.id}/position`, { body: UTRECHT })).status).toBe(401);
    expect((await call(rt.url, 'PUT', `/devices/${d.id}/position`, { body: UTRECHT, headers: { authorization: `Bearer ${d.id}.${'A'.repeat(43)}` } })).status).toBe(401);
    const rows = await scanAll();
    expect(rows.some((r) => r.includes(`loc#${d.id}#pos`) || r.includes(`loc#${other.id}#pos`))).toBe(false);
  });
});

describe('tips', () => {
  it('takes a tip with a photo while the action runs; operators read them newest first', async () => {
    const d = await register();
    const id = await start(north(AMSTERDAM, 30_000), 1000, 'Tips');
    const first = await call<{ id: string }>(rt.url, 'POST', `/actions/${id}/tips`, { headers: auth(d), body: { text: 'Man liep richting station' } });
    expect(first.status).toBe(201);
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3, 4]);
    const second = await call<{ id: string; upload: { url: string; method: string; headers: Record<string, string> } }>(rt.url, 'POST', `/actions/${id}/tips`, {
      headers: auth(d),
      body: { text: 'Foto van de scooter', position: north(AMSTERDAM, 30_100), photo: { contentType: 'image/jpeg', bytes: photo.length } },
    });
    expect(second.status).toBe(201);
    const put = await fetch(second.body.upload.url, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: photo });
    expect(put.status).toBe(200);

    const list = await call<{ items: { id: string; text: string; position?: unknown; photo?: { url: string } }[] }>(rt.url, 'GET', `/actions/${id}/tips`, { token: operator });
    expect(list.status).toBe(200);
    expect(list.body.items.map((t) => t.text)).toEqual(['Foto van de scooter', 'Man liep richting station']);
    expect(list.body.items[0]!.position).toEqual(north(AMSTERDAM, 30_100));
    const got = await fetch(list.body.items[0]!.photo!.url);
    expect(Buffer.from(await got.arrayBuffer())).toEqual(photo);
    expect((await call(rt.url, 'GET', `/actions/${id}/tips`)).status).toBe(401);
    expect((await call(rt.url, 'GET', `/actions/${id}/tips`, { headers: auth(d) })).status).toBe(401);

    const more = [];
    for (let i = 0; i < 4; i++) more.push((await call(rt.url, 'POST', `/actions/${id}/tips`, { headers: auth(d), body: { text: `nog een ${i}` } })).status);
    expect(more).toEqual([201, 201, 201, 429]);

    await call(rt.url, 'POST', `/actions/${id}/end`, { token: operator, body: { outcome: 'aangehouden', text: 'Aangehouden. Dank!' } });
    const late = await call<Problem>(rt.url, 'POST', `/actions/${id}/tips`, { headers: auth(await register()), body: { text: 'te laat' } });
    expect(late.status).toBe(409);
  });
});

/** Every item of every local table, as JSON text. */
async function scanAll(): Promise<string[]> {
  const names = (await rt.dynamo.send(new ListTablesCommand({}))).TableNames ?? [];
  const rows: string[] = [];
  for (const TableName of names) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await rt.db.send(new ScanCommand({ TableName, ExclusiveStartKey: start }));
      rows.push(...(page.Items ?? []).map((i) => `${TableName} ${JSON.stringify(i)}`));
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return rows;
}

describe('deleting a device', () => {
  it('leaves no token, endpoint, position or place of it in any table', async () => {
    const token = `${'9a7b'.repeat(16)}`;
    const d = await register({ pushToken: token, platform: 'ios' });
    const other = await register();
    const where = { lat: 53.21937, lon: 6.56651 };
    const home = { lat: 53.20481, lon: 6.58813 };
    expect((await position(d, where)).status).toBe(200);
    expect((await places(d, { places: [{ name: 'Thuis', ...home, windows: [{ days: ['sat', 'sun'], from: '00:00', to: '23:59' }] }] })).status).toBe(200);
    await rt.pollers.idle();
    const before = (await scanAll()).join('\n');
    expect(before).toContain(d.id);
    expect(before).toContain('53.21937');

    expect((await call(rt.url, 'DELETE', `/devices/${d.id}`, { headers: auth(other) })).status).toBe(403);
    expect((await call(rt.url, 'DELETE', `/devices/${d.id}`)).status).toBe(401);
    expect((await call(rt.url, 'DELETE', `/devices/${d.id}`, { headers: auth(d) })).status).toBe(204);
    await rt.pollers.idle();

    const after = (await scanAll()).join('\n');
    for (const trace of [d.id, token, d.deviceToken, d.deviceToken.split('.')[1]!, hashToken(d.deviceToken), '53.21937', '6.56651', '53.20481', '6.58813']) {
      expect(after.includes(trace), trace).toBe(false);
    }
    expect(after).toContain(other.id);
    expect((await position(d, UTRECHT)).status).toBe(401);
  });
});
