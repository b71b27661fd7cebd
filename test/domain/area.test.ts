import { describe, expect, it } from 'vitest';
import { areaSchema, containsPoint, distanceMeters, MAX_VERTICES } from '#shared/domain/area';
import { diagonalSliver, spikyStar, zigzagSliver } from '../support/worst-areas';

const ring = (coords: [number, number][]) => ({ type: 'Polygon', coordinates: [coords] });
const fieldsOf = (value: unknown) => {
  const r = areaSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('area validation', () => {
  it('accepts a circle in Utrecht and a closed polygon in Den Haag', () => {
    expect(fieldsOf({ center: { lat: 52.09, lon: 5.12 }, radiusMeters: 2000 })).toEqual([]);
    expect(fieldsOf(ring([[4.25, 52.04], [4.37, 52.04], [4.37, 52.1], [4.25, 52.1], [4.25, 52.04]]))).toEqual([]);
  });

  it('names the radius when it is zero, negative or over 100 km', () => {
    for (const radiusMeters of [0, -5, 100_001]) {
      expect(fieldsOf({ center: { lat: 52.09, lon: 5.12 }, radiusMeters })[0]).toMatch(/^radiusMeters: radius must be/);
    }
  });

  it('refuses a centre outside the Netherlands and its border zone', () => {
    expect(fieldsOf({ center: { lat: 48.85, lon: 2.35 }, radiusMeters: 1000 })).toEqual(['center: centre lies outside the Netherlands and its border zone']);
  });

  it('refuses open, self-intersecting, degenerate and oversized polygons', () => {
    expect(fieldsOf(ring([[5.1, 52.0], [5.2, 52.0], [5.2, 52.1], [5.1, 52.1]]))[0]).toMatch(/not closed/);
    expect(fieldsOf(ring([[5.1, 52.0], [5.2, 52.1], [5.2, 52.0], [5.1, 52.1], [5.1, 52.0]]))[0]).toMatch(/intersects itself/);
    expect(fieldsOf(ring([[5.1, 52.0], [5.2, 52.0], [5.3, 52.0], [5.1, 52.0]]))[0]).toMatch(/no area/);
    const many: [number, number][] = Array.from({ length: MAX_VERTICES + 1 }, (_, i) => {
      const a = (2 * Math.PI * i) / (MAX_VERTICES + 1);
      return [5.12 + 0.05 * Math.cos(a), 52.09 + 0.03 * Math.sin(a)];
    });
    expect(fieldsOf(ring([...many, many[0]!]))[0]).toMatch(/at most 1000 vertices/);
  });

  it('reads an object with a type as a polygon, so a bad polygon is not blamed on circle fields', () => {
    expect(fieldsOf({ type: 'Polygon', coordinates: [] })).toEqual(['coordinates: a polygon needs an outer ring']);
  });
});

describe('polygons too spiky or thin to plan', () => {
  // Under 1 km² (no approval) yet spanning the country: their cover would read most participants.
  it('refuses an outline over 2,000 km, saying how long it is', () => {
    expect(fieldsOf(spikyStar(500, 1.5))).toEqual([expect.stringMatching(/^coordinates\.0: outline is \d+ km long, at most 2000 km: too spiky or thin/)]);
    expect(fieldsOf(zigzagSliver(1000, 2))[0]).toMatch(/^coordinates\.0: outline is \d+ km long/);
  });

  it('accepts a few spikes or a single sliver across the country, which the cover plans coarsely', () => {
    expect(fieldsOf(spikyStar(4, 1.5))).toEqual([]);
    expect(fieldsOf(diagonalSliver(2))).toEqual([]);
  });
});

describe('exact point-in-area test', () => {
  it('measures on the 6,371,008.8 m sphere', () => {
    // One degree of latitude on that sphere.
    expect(distanceMeters(52, 5, 53, 5)).toBeCloseTo(111_195.08, 1);
  });

  it('keeps a point 1 m inside the rim and drops one 1 m outside', () => {
    const inside = containsPoint({ center: { lat: 52, lon: 5 }, radiusMeters: 1000 });
    const dLat = (m: number) => (m / 6_371_008.8) * (180 / Math.PI);
    expect(inside(52 + dLat(999), 5)).toBe(true);
    expect(inside(52 + dLat(1001), 5)).toBe(false);
  });

  it('tests polygons by their ring', () => {
    const inside = containsPoint({ type: 'Polygon', coordinates: [[[4.25, 52.04], [4.37, 52.04], [4.37, 52.1], [4.25, 52.1], [4.25, 52.04]]] });
    expect(inside(52.07, 4.3)).toBe(true);
    expect(inside(52.07, 4.4)).toBe(false);
  });
});
