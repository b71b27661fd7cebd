import { describe, expect, it } from 'vitest';
import { cellToChildPos, childPosToCell, latLngToCell } from 'h3-js';
import { BUCKET_RES, INDEX_RES, coverRanges, geoKey } from '#shared/domain/geo-index';
import { containsPoint, type Area } from '#shared/domain/area';
import { seededRandom } from '#shared/local/seed';
import { worstAreas } from '../support/worst-areas';

const areas: [string, Area][] = [
  ['1 km circle Amsterdam', { center: { lat: 52.3731, lon: 4.8926 }, radiusMeters: 1000 }],
  ['15 km circle Rotterdam', { center: { lat: 51.9225, lon: 4.4792 }, radiusMeters: 15_000 }],
  ['100 km circle', { center: { lat: 52.2, lon: 5.3 }, radiusMeters: 100_000 }],
  ['polygon Den Haag', { type: 'Polygon', coordinates: [[[4.23, 52.04], [4.37, 52.04], [4.37, 52.1], [4.23, 52.1], [4.23, 52.04]]] }],
  ['thin polygon', { type: 'Polygon', coordinates: [[[5.0, 52.0], [5.3, 52.0005], [5.3, 52.0008], [5.0, 52.0003], [5.0, 52.0]]] }],
];

const boxOf = (ring: readonly (readonly [number, number])[]) => {
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  return { lat: (minLat + maxLat) / 2, lon: (minLon + maxLon) / 2, dLat: (maxLat - minLat) / 2, dLon: (maxLon - minLon) / 2 };
};

describe('geo index', () => {
  it('orders fine cells in a bucket by their child position, so descendants form key ranges', () => {
    const random = seededRandom(7);
    const bucket = latLngToCell(52.09, 5.12, BUCKET_RES);
    const positions = Array.from({ length: 500 }, () => Math.floor(random() * 7 ** (INDEX_RES - BUCKET_RES)));
    const cells = positions.map((p) => childPosToCell(p, bucket, INDEX_RES));
    const byString = [...cells].sort();
    const byPosition = [...cells].sort((a, b) => cellToChildPos(a, BUCKET_RES) - cellToChildPos(b, BUCKET_RES));
    expect(byString).toEqual(byPosition);
  });

  it.each(areas)('never misses a point inside the %s', (_name, area) => {
    const ranges = coverRanges(area);
    const inside = containsPoint(area);
    const random = seededRandom(42);
    const box = 'radiusMeters' in area
      ? { lat: area.center.lat, lon: area.center.lon, dLat: area.radiusMeters / 111_000, dLon: area.radiusMeters / 68_000 }
      : boxOf(area.coordinates[0]!);
    let checked = 0;
    while (checked < 3000) {
      const lat = box.lat + (random() * 2 - 1) * box.dLat;
      const lon = box.lon + (random() * 2 - 1) * box.dLon;
      if (!inside(lat, lon)) continue;
      checked++;
      const { gb, gc } = geoKey(lat, lon, 'p1');
      expect(ranges.some((r) => r.bucket === gb && r.from <= gc && gc <= r.to), `${lat},${lon}`).toBe(true);
    }
  });

  // H3 children stick out of their parent's hexagon, so the rim is where a cover can miss: a
  // point there may be keyed under a neighbour cell that does not itself overlap the area.
  it.each([
    [1000, 52.3731, 4.8926],
    [2000, 52.7, 6.2],
    [5000, 52.0907, 5.1214],
    [15_000, 51.9225, 4.4792],
  ])('never misses a point on the rim of a %i m circle', (radiusMeters, lat, lon) => {
    const area: Area = { center: { lat, lon }, radiusMeters };
    const ranges = coverRanges(area);
    const inside = containsPoint(area);
    const random = seededRandom(radiusMeters);
    const dLat = (m: number) => (m / 6_371_008.8) * (180 / Math.PI);
    let missed = 0;
    for (let i = 0; i < 40_000; i++) {
      const r = radiusMeters * (1 - 0.03 * random());
      const θ = 2 * Math.PI * random();
      const p = { lat: lat + dLat(r * Math.cos(θ)), lon: lon + dLat(r * Math.sin(θ)) / Math.cos((lat * Math.PI) / 180) };
      if (!inside(p.lat, p.lon)) continue;
      const { gb, gc } = geoKey(p.lat, p.lon, 'p1');
      if (!ranges.some((x) => x.bucket === gb && x.from <= gc && gc <= x.to)) missed++;
    }
    expect(missed).toBe(0);
  });

  it('covers a 15 km circle in few ranges', () => {
    expect(coverRanges(areas[1]![1]).length).toBeLessThanOrEqual(60);
  });

  // Spikes and slivers: tiny area, country-wide extent. The cover goes coarse instead of taking
  // minutes and ~10⁵ ranges (measured before: bench/cover-worst.ts); points on the rim still count.
  it.each(worstAreas())('covers the %s in a bounded number of ranges without missing a point', (_name, area) => {
    const ranges = coverRanges(area);
    expect(ranges.length).toBeLessThanOrEqual(2_000);
    const inside = containsPoint(area);
    const random = seededRandom(13);
    const hit = (lat: number, lon: number) => {
      const { gb, gc } = geoKey(lat, lon, 'p1');
      return ranges.some((r) => r.bucket === gb && r.from <= gc && gc <= r.to);
    };
    let checked = 0;
    if ('radiusMeters' in area) {
      while (checked < 2000) {
        const lat = area.center.lat + (random() * 2 - 1) * (area.radiusMeters / 111_000);
        const lon = area.center.lon + (random() * 2 - 1) * (area.radiusMeters / 68_000);
        if (!inside(lat, lon)) continue;
        checked++;
        expect(hit(lat, lon), `${lat},${lon}`).toBe(true);
      }
      return;
    }
    // Rejection sampling in the box would never land in a needle: sample next to the outline instead.
    const ring = area.coordinates[0]!;
    for (let attempt = 0; checked < 2000 && attempt < 200_000; attempt++) {
      const k = Math.floor(random() * (ring.length - 1));
      const [[lon1, lat1], [lon2, lat2]] = [ring[k]!, ring[k + 1]!];
      const t = random();
      const len = Math.hypot(lon2 - lon1, lat2 - lat1) || 1;
      const off = (random() < 0.5 ? -1 : 1) * 2e-5 * 10 ** (-4 * random()); // 0.2 mm to 2 m either side: needles are thin
      const lon = lon1 + t * (lon2 - lon1) - (off * (lat2 - lat1)) / len;
      const lat = lat1 + t * (lat2 - lat1) + (off * (lon2 - lon1)) / len;
      if (!inside(lat, lon)) continue;
      checked++;
      expect(hit(lat, lon), `${lat},${lon}`).toBe(true);
    }
    expect(checked).toBe(2000);
  });
});
