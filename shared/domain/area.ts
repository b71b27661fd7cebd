// The area an operator draws: a circle or a GeoJSON polygon, validated so the fan-out never
// sees an impossible shape, plus the exact point-in-area test the selector applies.
import { z } from 'zod';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import kinks from '@turf/kinks';
import { polygon as turfPolygon } from '@turf/helpers';

/** Mean Earth radius (IUGG), the sphere every distance in Burgernet is measured on. */
export const EARTH_RADIUS_M = 6_371_008.8;
export const MAX_RADIUS_M = 100_000;
export const MAX_VERTICES = 1_000;
/**
 * Longest outline a polygon may have: the Netherlands' own border and coast are ~1,500 km. A
 * longer outline is spikes or slivers across the country, which alert few but make every plan
 * read most of the country's participants.
 */
export const MAX_PERIMETER_M = 2_000_000;
/** The Netherlands (3.36–7.23 E, 50.75–53.56 N) plus a border zone of roughly 25 km and the Wadden. */
export const SERVICE_BOUNDS = { minLon: 3.0, maxLon: 7.6, minLat: 50.5, maxLat: 53.8 } as const;

const inBounds = (lat: number, lon: number) =>
  lat >= SERVICE_BOUNDS.minLat && lat <= SERVICE_BOUNDS.maxLat && lon >= SERVICE_BOUNDS.minLon && lon <= SERVICE_BOUNDS.maxLon;

const latLon = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

export const circleSchema = z
  .object({
    center: latLon,
    radiusMeters: z.number().gt(0, 'radius must be more than 0 m').max(MAX_RADIUS_M, `radius must be at most ${MAX_RADIUS_M} m`),
  })
  .strict()
  .refine((c) => inBounds(c.center.lat, c.center.lon), {
    message: 'centre lies outside the Netherlands and its border zone',
    path: ['center'],
  });

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

export const polygonSchema = z
  .object({
    type: z.literal('Polygon'),
    coordinates: z.array(z.array(position)).min(1, 'a polygon needs an outer ring').max(1, 'holes are not supported'),
  })
  .strict()
  .superRefine((p, ctx) => {
    const ring = p.coordinates[0];
    if (!ring) return; // already reported: no outer ring
    const path = ['coordinates', 0];
    if (ring.length < 4) return ctx.addIssue({ code: 'custom', path, message: 'a ring needs at least 4 positions (3 corners and the closing one)' });
    if (ring.length - 1 > MAX_VERTICES) return ctx.addIssue({ code: 'custom', path, message: `at most ${MAX_VERTICES} vertices, got ${ring.length - 1}` });
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) return ctx.addIssue({ code: 'custom', path, message: 'ring is not closed: first and last position differ' });
    if (ring.some(([lon, lat]) => !inBounds(lat, lon))) return ctx.addIssue({ code: 'custom', path, message: 'polygon reaches outside the Netherlands and its border zone' });
    // Self-intersection first: a bow-tie's signed area cancels out and would read as "no area".
    if (kinks(turfPolygon(p.coordinates)).features.length > 0) return ctx.addIssue({ code: 'custom', path, message: 'polygon intersects itself' });
    if (Math.abs(ringAreaM2(ring)) < 1) return ctx.addIssue({ code: 'custom', path, message: 'polygon has no area' });
    const km = Math.round(ringLengthM(ring) / 1000);
    if (km * 1000 > MAX_PERIMETER_M)
      return ctx.addIssue({ code: 'custom', path, message: `outline is ${km} km long, at most ${MAX_PERIMETER_M / 1000} km: too spiky or thin to plan; draw a simpler area` });
  });

export type Circle = z.infer<typeof circleSchema>;
export type PolygonArea = z.infer<typeof polygonSchema>;
export type Area = Circle | PolygonArea;

/**
 * A polygon says so with `type`; anything else is read as a circle. Choosing the branch first
 * gives errors about the shape the operator meant, not a vague "matches neither".
 */
export const areaSchema = z.unknown().transform((value, ctx): Area => {
  const isPolygon = typeof value === 'object' && value !== null && 'type' in value;
  const result = isPolygon ? polygonSchema.safeParse(value) : circleSchema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return z.NEVER;
});

export const isCircle = (a: Area): a is Circle => 'radiusMeters' in a;

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine on the mean-radius sphere). */
export function distanceMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The point `meters` from `from` along `bearing` radians (clockwise from north), on the same sphere. */
export function destination(from: { lat: number; lon: number }, meters: number, bearing: number): { lat: number; lon: number } {
  const d = meters / EARTH_RADIUS_M;
  const φ1 = rad(from.lat);
  const λ1 = rad(from.lon);
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(bearing));
  const λ2 = λ1 + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
  return { lat: (φ2 * 180) / Math.PI, lon: (λ2 * 180) / Math.PI };
}

/** Spherical ring area in m² (sign follows orientation); enough to reject degenerate rings. */
function ringAreaM2(ring: readonly (readonly [number, number])[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [lon1, lat1] = ring[i]!;
    const [lon2, lat2] = ring[i + 1]!;
    sum += rad(lon2 - lon1) * (2 + Math.sin(rad(lat1)) + Math.sin(rad(lat2)));
  }
  return (sum * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2;
}

/** Width and height of the area's bounding box, in metres. */
export function extentMeters(area: Area): { width: number; height: number } {
  if (isCircle(area)) return { width: 2 * area.radiusMeters, height: 2 * area.radiusMeters };
  const ring = area.coordinates[0]!;
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  const [minLat, maxLat] = [Math.min(...lats), Math.max(...lats)];
  const metresPerDegree = (Math.PI / 180) * EARTH_RADIUS_M;
  // Longitude degrees are widest at the latitude nearest the equator.
  const width = (Math.max(...lons) - Math.min(...lons)) * metresPerDegree * Math.cos(rad(Math.min(Math.abs(minLat), Math.abs(maxLat))));
  return { width, height: (maxLat - minLat) * metresPerDegree };
}

function ringLengthM(ring: readonly (readonly [number, number])[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += distanceMeters(ring[i]![1], ring[i]![0], ring[i + 1]![1], ring[i + 1]![0]);
  return sum;
}

export function areaSquareMeters(area: Area): number {
  return isCircle(area) ? Math.PI * area.radiusMeters ** 2 : Math.abs(ringAreaM2(area.coordinates[0]!));
}

/** The point the area is "about": circle centre or polygon vertex mean; nearest-first sorts by it. */
export function areaCenter(area: Area): { lat: number; lon: number } {
  if (isCircle(area)) return area.center;
  const ring = area.coordinates[0]!.slice(0, -1);
  return { lon: ring.reduce((s, p) => s + p[0], 0) / ring.length, lat: ring.reduce((s, p) => s + p[1], 0) / ring.length };
}

/** Builds the exact test once per area, so the selector's hot loop does no set-up. */
export function containsPoint(area: Area): (lat: number, lon: number) => boolean {
  if (isCircle(area)) {
    const { lat: cLat, lon: cLon } = area.center;
    const r = area.radiusMeters;
    return (lat, lon) => distanceMeters(cLat, cLon, lat, lon) <= r;
  }
  const feature = turfPolygon(area.coordinates);
  return (lat, lon) => booleanPointInPolygon([lon, lat], feature);
}

/** Metres from a point to the area (0 inside); polygon edges in a local equirectangular plane. */
export function distanceToArea(area: Area): (lat: number, lon: number) => number {
  if (isCircle(area)) return (lat, lon) => Math.max(0, distanceMeters(area.center.lat, area.center.lon, lat, lon) - area.radiusMeters);
  const inside = containsPoint(area);
  const ring = area.coordinates[0]!;
  const metresPerDegree = (Math.PI / 180) * EARTH_RADIUS_M;
  return (lat, lon) => {
    if (inside(lat, lon)) return 0;
    const k = Math.cos(rad(lat));
    let best = Infinity;
    for (let i = 0; i < ring.length - 1; i++) {
      const ax = (ring[i]![0] - lon) * k;
      const ay = ring[i]![1] - lat;
      const dx = (ring[i + 1]![0] - lon) * k - ax;
      const dy = ring[i + 1]![1] - lat - ay;
      const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
    return best * metresPerDegree;
  };
}
