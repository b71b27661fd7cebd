// DynamoParticipantStore against dynalite: upsert, the sparse geo index, candidate reads
// (checked against a brute-force point-in-area test), pagination and batched contact reads.
import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoParticipantStore } from '#shared/adapters/dynamodb/participant-store';
import { coverRanges, geoKey } from '#shared/domain/geo-index';
import { containsPoint, type Area } from '#shared/domain/area';
import { seededRandom } from '#shared/local/seed';
import type { Candidate, Participant, ReadStats } from '#shared/ports/participant-store';
import { useLocalStore } from '../../support/local-store';

const TABLE = 'participants';

const participant = (id: string, lat: number, lon: number, over: Partial<Participant> = {}): Participant => ({
  id,
  phone: '+31612345678',
  channels: ['sms', 'voice'],
  lat,
  lon,
  municipalityCode: 'GM0344',
  language: 'nl',
  status: 'active',
  exerciseOptIn: false,
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

/** Participants scattered uniformly over a box of ±dKm around a centre, with varied channels. */
function scatter(prefix: string, count: number, lat: number, lon: number, dKm: number, seed: number): Participant[] {
  const random = seededRandom(seed);
  const dLat = dKm / 111.2;
  const dLon = dKm / (111.2 * Math.cos((lat * Math.PI) / 180));
  return Array.from({ length: count }, (_, i) =>
    participant(`${prefix}-${i}`, lat + (random() * 2 - 1) * dLat, lon + (random() * 2 - 1) * dLon, {
      channels: i % 3 === 0 ? ['push'] : i % 3 === 1 ? ['sms'] : ['sms', 'voice'],
      exerciseOptIn: i % 2 === 0,
      ...(i % 3 === 0 ? { phone: undefined, push: { platform: 'android', endpoint: `arn:aws:sns:eu-west-1:1:endpoint/GCM/app/${prefix}-${i}` } } : {}),
    }),
  );
}

const newStats = (): ReadStats => ({ queryCalls: 0, itemsRead: 0 });

describe('DynamoParticipantStore', () => {
  const store = useLocalStore();
  const participants = () => new DynamoParticipantStore(store.db, TABLE);

  const candidates = async (area: Area, stats = newStats()) => {
    const out: Candidate[] = [];
    for await (const page of participants().candidatesIn(coverRanges(area), stats)) out.push(...page);
    return out;
  };
  const rawItem = async (id: string) => (await store.db.send(new GetCommand({ TableName: TABLE, Key: { id }, ConsistentRead: true }))).Item;
  const geoEntries = async (id: string, lat: number, lon: number) => {
    const { gb } = geoKey(lat, lon, id);
    const out = await store.db.send(new QueryCommand({ TableName: TABLE, IndexName: 'geo', KeyConditionExpression: 'gb = :b', ExpressionAttributeValues: { ':b': gb } }));
    return (out.Items ?? []).filter((item) => (item.gc as string).endsWith(`#${id}`));
  };

  it('after erase, a change or location write in flight brings nothing back', async () => {
    const p = participant('p-erased', 52.2, 5.3);
    const home = { ownerId: p.id, slot: 'a1', lat: p.lat, lon: p.lon, channels: p.channels, exerciseOptIn: false };
    await participants().putMany([p]);
    expect(await participants().replace({ ...p, language: 'en' })).toBe(true);
    expect(await participants().setLocations(p.id, [home], ['a1', 'a2'])).toBe(true);
    await participants().erase(p.id, ['a1', 'a2']);

    expect(await participants().replace({ ...p, exerciseOptIn: true })).toBe(false);
    expect(await participants().setLocations(p.id, [home], ['a1', 'a2'])).toBe(false);
    expect(await rawItem(p.id)).toBeUndefined();
    expect(await rawItem(`loc#${p.id}#a1`)).toBeUndefined();
    expect(await geoEntries(`loc#${p.id}#a1`, p.lat, p.lon)).toEqual([]);
  });

  it('writes no location for an owner that is not active', async () => {
    const p = participant('p-stopped', 52.21, 5.31, { status: 'stopped' });
    await participants().putMany([p]);
    expect(await participants().setLocations(p.id, [{ ownerId: p.id, slot: 'a1', lat: p.lat, lon: p.lon, channels: p.channels, exerciseOptIn: false }], [])).toBe(false);
    expect(await rawItem(`loc#${p.id}#a1`)).toBeUndefined();
  });

  it('replaces a participant on a second put: one item, one index entry, the new position', async () => {
    // Zwolle, away from every other test's participants.
    const old = participant('p-upsert', 52.5168, 6.083, { phone: '+31611111111' });
    const moved = participant('p-upsert', 52.5125, 6.0944, { phone: '+31622222222', channels: ['voice'], updatedAt: '2026-02-01T00:00:00.000Z' });
    await participants().putMany([old]);
    await participants().putMany([moved]);

    expect(await rawItem('p-upsert')).toMatchObject({ id: 'p-upsert', phone: '+31622222222', ch: ['voice'], lat: 52.5125, lon: 6.0944, upd: '2026-02-01T00:00:00.000Z' });
    expect(await geoEntries('p-upsert', 52.5125, 6.0944)).toHaveLength(1);

    const atOld = await candidates({ center: { lat: 52.5168, lon: 6.083 }, radiusMeters: 50 });
    const atNew = await candidates({ center: { lat: 52.5125, lon: 6.0944 }, radiusMeters: 50 });
    expect(atOld.map((c) => c.id)).not.toContain('p-upsert');
    expect(atNew.filter((c) => c.id === 'p-upsert')).toEqual([{ id: 'p-upsert', lat: 52.5125, lon: 6.0944, channels: ['voice'], exerciseOptIn: false, municipalityCode: 'GM0344' }]);
  });

  it('stores the same id twice in one call as one item, the later one winning', async () => {
    const first = participant('p-twice', 52.5125, 6.0944, { phone: '+31633333333' });
    const later = participant('p-twice', 52.5126, 6.0945, { phone: '+31644444444', updatedAt: '2026-02-01T00:00:00.000Z' });
    await participants().putMany([first, participant('p-twice-other', 52.5125, 6.0944), later]);

    expect(await rawItem('p-twice')).toMatchObject({ phone: '+31644444444', lat: 52.5126, lon: 6.0945 });
    expect(await rawItem('p-twice-other')).toBeDefined();
    const found = await candidates({ center: { lat: 52.5125, lon: 6.0944 }, radiusMeters: 50 });
    expect(found.filter((c) => c.id === 'p-twice')).toEqual([expect.objectContaining({ lat: 52.5126, lon: 6.0945 })]);
  });

  it('hands out the municipality code from the index, and none when the register lacks it', async () => {
    // Assen, away from every other test's participants.
    const centre = { lat: 52.9925, lon: 6.5649 };
    await participants().putMany([
      participant('p-mun', centre.lat, centre.lon, { municipalityCode: 'GM0106' }),
      participant('p-no-mun', centre.lat, centre.lon + 0.0001, { municipalityCode: undefined }),
    ]);
    const found = await candidates({ center: centre, radiusMeters: 100 });
    expect(found.find((c) => c.id === 'p-mun')).toMatchObject({ municipalityCode: 'GM0106' });
    expect(found.find((c) => c.id === 'p-no-mun')).not.toHaveProperty('municipalityCode');
    // Read from the index itself: the query that found them projects `mun`.
    const [entry] = await geoEntries('p-mun', centre.lat, centre.lon);
    expect(entry).toMatchObject({ mun: 'GM0106' });
    expect(entry).not.toHaveProperty('phone');
  });

  it('keeps pending participants out of the geo index', async () => {
    // Leeuwarden.
    const centre = { lat: 53.2012, lon: 5.7999 };
    await participants().putMany([
      participant('p-active', centre.lat, centre.lon),
      participant('p-pending', centre.lat + 0.0001, centre.lon, { status: 'pending' }),
    ]);

    const ids = (await candidates({ center: centre, radiusMeters: 200 })).map((c) => c.id);
    expect(ids).toContain('p-active');
    expect(ids).not.toContain('p-pending');
    const pending = await rawItem('p-pending');
    expect(pending).toMatchObject({ id: 'p-pending', st: 'pending' });
    expect(pending).not.toHaveProperty('gb');
    expect(pending).not.toHaveProperty('gc');
  });

  it('drops a participant from the geo index when it goes back to pending', async () => {
    const centre = { lat: 53.2012, lon: 5.7999 };
    await participants().putMany([participant('p-deactivated', centre.lat, centre.lon + 0.0001)]);
    expect((await candidates({ center: centre, radiusMeters: 200 })).map((c) => c.id)).toContain('p-deactivated');

    await participants().putMany([participant('p-deactivated', centre.lat, centre.lon + 0.0001, { status: 'pending' })]);
    expect((await candidates({ center: centre, radiusMeters: 200 })).map((c) => c.id)).not.toContain('p-deactivated');
  });

  describe('candidates around Utrecht, compared with a brute-force point-in-area test', () => {
    // 2500 participants over a 10 × 10 km box; areas of several sizes and shapes inside it.
    const crowd = scatter('utr', 2500, 52.0907, 5.1214, 5, 11);
    const byId = new Map(crowd.map((p) => [p.id, p]));
    beforeAll(() => participants().putMany(crowd));

    const areas: [string, Area][] = [
      ['a 500 m circle', { center: { lat: 52.0907, lon: 5.1214 }, radiusMeters: 500 }],
      ['a 2 km circle', { center: { lat: 52.0907, lon: 5.1214 }, radiusMeters: 2000 }],
      ['a 3 km circle off-centre, partly outside the crowd', { center: { lat: 52.07, lon: 5.15 }, radiusMeters: 3000 }],
      ['a polygon', { type: 'Polygon', coordinates: [[[5.08, 52.07], [5.16, 52.075], [5.14, 52.11], [5.09, 52.105], [5.08, 52.07]]] }],
    ];

    it.each(areas)('never misses a participant inside %s and reads few outside', async (_name, area) => {
      const inside = containsPoint(area);
      const expected = crowd.filter((p) => inside(p.lat, p.lon)).map((p) => p.id);
      expect(expected.length).toBeGreaterThan(10);

      const stats = newStats();
      const found = await candidates(area, stats);
      const ids = found.map((c) => c.id);

      expect(new Set(ids).size).toBe(ids.length);
      const missed = expected.filter((id) => !ids.includes(id));
      expect(missed).toEqual([]);
      // The rim of the cover and bridged gaps add some; a loose box would add far more.
      expect(ids.length).toBeLessThanOrEqual(Math.ceil(expected.length * 1.5) + 5);

      // Every candidate carries the stored position, channels, exercise flag and municipality, nothing more.
      for (const c of found) {
        const p = byId.get(c.id);
        expect(p, c.id).toBeDefined();
        expect(c).toEqual({ id: p!.id, lat: p!.lat, lon: p!.lon, channels: p!.channels, exerciseOptIn: p!.exerciseOptIn, municipalityCode: p!.municipalityCode });
      }

      // Stats: one Query per range (no range is big enough to page here), every item counted.
      expect(stats.queryCalls).toBe(coverRanges(area).length);
      expect(stats.itemsRead).toBe(found.length);
    });

    it('adds to the stats it is given', async () => {
      const area: Area = { center: { lat: 52.0907, lon: 5.1214 }, radiusMeters: 1000 };
      const stats = newStats();
      const first = await candidates(area, stats);
      const second = await candidates(area, stats);
      expect(second.length).toBe(first.length);
      expect(stats).toEqual({ queryCalls: 2 * coverRanges(area).length, itemsRead: 2 * first.length });
    });

    it('reads nothing for an area without participants', async () => {
      const stats = newStats();
      // The North Sea beach at Zandvoort is outside the crowd's box.
      expect(await candidates({ center: { lat: 52.375, lon: 4.52 }, radiusMeters: 500 }, stats)).toEqual([]);
      expect(stats.itemsRead).toBe(0);
      expect(stats.queryCalls).toBeGreaterThan(0);
    });
  });

  it('pages through more than 1 MB of index entries in one small area', async () => {
    // Maastricht: 2400 participants within ~30 m. Long ids (~1 KB per index entry) make
    // ~2.4 MB of index entries, more than two 1 MB Query pages.
    const random = seededRandom(3);
    const centre = { lat: 50.8514, lon: 5.691 };
    const many = Array.from({ length: 2400 }, (_, i) =>
      participant(`mst-${String(i).padStart(5, '0')}-${'m'.repeat(450)}`, centre.lat + (random() - 0.5) * 0.0005, centre.lon + (random() - 0.5) * 0.0008),
    );
    await participants().putMany(many);

    const area: Area = { center: centre, radiusMeters: 100 };
    const stats = newStats();
    const found = await candidates(area, stats);
    const ids = found.map((c) => c.id);

    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(many.map((p) => p.id).sort());
    expect(stats.queryCalls).toBeGreaterThanOrEqual(coverRanges(area).length + 2);
    expect(stats.itemsRead).toBe(many.length);
  });

  describe('contacts', () => {
    const far = { lat: 53.4, lon: 6.8 }; // Groningen coast, out of every area above

    it('returns phone, push, channels, language and status for known ids and omits unknown ones', async () => {
      await participants().putMany([
        participant('c-sms', far.lat, far.lon, { phone: '+31611112222', channels: ['sms', 'voice'], language: 'en' }),
        participant('c-push', far.lat, far.lon, { phone: undefined, channels: ['push'], push: { platform: 'ios', endpoint: 'arn:aws:sns:eu-west-1:1:endpoint/APNS/app/abc' } }),
        participant('c-pending', far.lat, far.lon, { status: 'pending' }),
      ]);

      const contacts = await participants().contacts(['c-sms', 'c-push', 'c-pending', 'c-unknown']);
      expect([...contacts.keys()].sort()).toEqual(['c-pending', 'c-push', 'c-sms']);
      expect(contacts.get('c-sms')).toEqual({ id: 'c-sms', phone: '+31611112222', push: undefined, channels: ['sms', 'voice'], language: 'en', status: 'active', municipalityCode: 'GM0344' });
      expect(contacts.get('c-push')).toEqual({
        id: 'c-push',
        phone: undefined,
        push: { platform: 'ios', endpoint: 'arn:aws:sns:eu-west-1:1:endpoint/APNS/app/abc' },
        channels: ['push'],
        language: 'nl',
        status: 'active',
        municipalityCode: 'GM0344',
      });
      expect(contacts.get('c-pending')).toMatchObject({ status: 'pending' });
    });

    it('returns an empty map for no ids', async () => {
      expect((await participants().contacts([])).size).toBe(0);
    });

    it('reads more than 100 ids in batches, with duplicates and unknown ids mixed in', async () => {
      const batch = Array.from({ length: 250 }, (_, i) => participant(`c-bulk-${i}`, far.lat, far.lon, { phone: `+3161${String(i).padStart(7, '0')}` }));
      await participants().putMany(batch);

      const asked = [...batch.map((p) => p.id), ...Array.from({ length: 40 }, (_, i) => `c-missing-${i}`), ...batch.slice(0, 30).map((p) => p.id)];
      const contacts = await participants().contacts(asked);

      expect(contacts.size).toBe(250);
      for (const p of batch) expect(contacts.get(p.id)?.phone).toBe(p.phone);
    });
  });
});
