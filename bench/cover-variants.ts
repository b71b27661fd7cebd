// Experiments for the geo index: coverRanges with its knobs (cover-resolution divisor, gap
// budget, overhang for H3's inexact hierarchy) named as variants, and a key-space check that
// every point of an area falls in a range.
//
// Why the fix: a stored point is keyed by its res-13 cell, and a range holds the res-13
// descendants of a cover cell. H3 children are not geometrically inside their parent, so a
// cell's descendants reach up to ~1.0525 × its circumradius from its centre (aperture 7:
// 0.6547 R / (1 − 1/√7)). A point inside the area whose res-13 ancestor at the cover resolution
// is a neighbour that does not overlap the area is never read. `overhang: k` adds each
// neighbour whose centre lies within k × its circumradius of the area.
import { containsPoint, EARTH_RADIUS_M, isCircle, type Area } from '#shared/domain/area';
import { COVER_DEFAULTS, coverRanges, geoKey, type CoverOptions, type GeoRange } from '#shared/domain/geo-index';
import { seededRandom } from '#shared/local/seed';

export interface VariantOptions {
  /** Cover cells have an edge of at most radius / divisor. */
  readonly divisor: number;
  /** Share of the area that may be read in excess to bridge gaps. */
  readonly gapBudget: number;
  /** 0: geometric cover only; k > 0: add neighbours within k × circumradius. */
  readonly overhang: number;
}

export const LIBRARY_DEFAULTS: VariantOptions = { divisor: COVER_DEFAULTS.radiusDivisor, gapBudget: COVER_DEFAULTS.gapBudget, overhang: COVER_DEFAULTS.overhang };

/** "d12:g0.05:k1.1" ⇄ options. */
export const variantName = (v: VariantOptions): string => `d${v.divisor}:g${v.gapBudget}:k${v.overhang}`;
export function parseVariant(spec: string): VariantOptions {
  const v = { ...LIBRARY_DEFAULTS };
  for (const part of spec.split(':')) {
    const n = Number(part.slice(1));
    if (part === '' || !Number.isFinite(n) || n < 0) throw new Error(`bad variant part ${JSON.stringify(part)} in ${JSON.stringify(spec)} (use e.g. d12:g0.05:k1.1)`);
    if (part[0] === 'd' && n > 0) Object.assign(v, { divisor: n });
    else if (part[0] === 'g') Object.assign(v, { gapBudget: n });
    else if (part[0] === 'k') Object.assign(v, { overhang: n });
    else throw new Error(`bad variant part ${JSON.stringify(part)} in ${JSON.stringify(spec)} (use e.g. d12:g0.05:k1.1)`);
  }
  return v;
}

/** The variant as coverRanges options. */
export const variantCover = (v: VariantOptions): CoverOptions => ({ radiusDivisor: v.divisor, gapBudget: v.gapBudget, overhang: v.overhang });

export const variantRanges = (area: Area, v: VariantOptions): GeoRange[] => coverRanges(area, variantCover(v));

/**
 * Key-space check, no database: samples points uniformly over the area's bounding box and counts
 * those inside the area whose geo key lies in none of the ranges (they would never be alerted).
 */
export function coverMisses(area: Area, ranges: readonly GeoRange[], samples: number, seed: number): { inside: number; missed: number } {
  const byBucket = new Map<string, GeoRange[]>();
  for (const r of ranges) byBucket.set(r.bucket, [...(byBucket.get(r.bucket) ?? []), r]);
  for (const list of byBucket.values()) list.sort((a, b) => (a.from < b.from ? -1 : 1));
  const covered = (lat: number, lon: number) => {
    const key = geoKey(lat, lon, 'x');
    const list = byBucket.get(key.gb);
    if (!list) return false;
    let lo = 0, hi = list.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.from <= key.gc) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && key.gc <= list[found]!.to;
  };
  const ringLonLat = isCircle(area) ? undefined : area.coordinates[0]!;
  let minLat: number, maxLat: number, minLon: number, maxLon: number;
  if (isCircle(area)) {
    const dLat = (area.radiusMeters / EARTH_RADIUS_M) * (180 / Math.PI);
    const dLon = dLat / Math.cos((area.center.lat * Math.PI) / 180);
    [minLat, maxLat, minLon, maxLon] = [area.center.lat - dLat, area.center.lat + dLat, area.center.lon - dLon, area.center.lon + dLon];
  } else {
    minLat = Math.min(...ringLonLat!.map((p) => p[1]));
    maxLat = Math.max(...ringLonLat!.map((p) => p[1]));
    minLon = Math.min(...ringLonLat!.map((p) => p[0]));
    maxLon = Math.max(...ringLonLat!.map((p) => p[0]));
  }
  const random = seededRandom(seed);
  const inside = containsPoint(area);
  let count = 0, missed = 0;
  for (let i = 0; i < samples; i++) {
    const lat = minLat + random() * (maxLat - minLat);
    const lon = minLon + random() * (maxLon - minLon);
    if (!inside(lat, lon)) continue;
    count++;
    if (!covered(lat, lon)) missed++;
  }
  return { inside: count, missed };
}
