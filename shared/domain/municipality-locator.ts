// Which municipality a position lies in: point-in-polygon against the boundaries, with a
// bounding-box filter first. Simplified boundaries leave slivers between neighbours (and the
// coast), so a point in none of them goes to the nearest boundary within NEAREST_LIMIT_M.
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { BoundaryGeometry, MunicipalityBoundary, Ring } from '#shared/ports/municipality-store';

export const NEAREST_LIMIT_M = 2_000;

interface Indexed {
  readonly code: string;
  readonly geometry: BoundaryGeometry;
  readonly box: readonly [number, number, number, number];
  readonly rings: readonly Ring[];
}

export type Locate = (lat: number, lon: number) => string | undefined;

function rings(g: BoundaryGeometry): Ring[] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

/** Metres between a point and a segment, on a local equirectangular plane (fine at 2 km). */
function segmentDistanceM(lat: number, lon: number, a: readonly [number, number], b: readonly [number, number]): number {
  const kx = 111_320 * Math.cos((lat * Math.PI) / 180);
  const ky = 110_574;
  const [ax, ay] = [(a[0] - lon) * kx, (a[1] - lat) * ky];
  const [bx, by] = [(b[0] - lon) * kx, (b[1] - lat) * ky];
  const [dx, dy] = [bx - ax, by - ay];
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

export function municipalityLocator(boundaries: readonly MunicipalityBoundary[]): Locate {
  const indexed: Indexed[] = boundaries.map((b) => {
    const rs = rings(b.geometry);
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const r of rs)
      for (const [x, y] of r) {
        minX = Math.min(minX, x);
        minY = Math.min(minY, y);
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
      }
    return { code: b.code, geometry: b.geometry, box: [minX, minY, maxX, maxY], rings: rs };
  });
  // ~2 km in degrees at Dutch latitudes, for the nearest-boundary fallback's box filter.
  const margin = NEAREST_LIMIT_M / 65_000;
  return (lat, lon) => {
    const inBox = (m: Indexed, pad: number) => lon >= m.box[0] - pad && lon <= m.box[2] + pad && lat >= m.box[1] - pad && lat <= m.box[3] + pad;
    for (const m of indexed) {
      if (inBox(m, 0) && booleanPointInPolygon([lon, lat], m.geometry)) return m.code;
    }
    let best: { code: string; d: number } | undefined;
    for (const m of indexed) {
      if (!inBox(m, margin)) continue;
      for (const r of m.rings)
        for (let i = 1; i < r.length; i++) {
          const d = segmentDistanceM(lat, lon, r[i - 1]!, r[i]!);
          if (d <= NEAREST_LIMIT_M && (!best || d < best.d)) best = { code: m.code, d };
        }
    }
    return best?.code;
  };
}
