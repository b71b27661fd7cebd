// The hardest areas the API accepts for planning: many vertices, tiny area (so no approval),
// extent as large as the service area. Shared by the cover bench and the cover tests.
import { SERVICE_BOUNDS, type Area } from '#shared/domain/area';

type Ring = [number, number][];
const close = (ring: Ring): Ring => [...ring, ring[0]!];
const polygon = (ring: Ring): Area => ({ type: 'Polygon', coordinates: [close(ring)] });
const M_PER_DEG_LAT = 111_195;

/** Where the ray from (lon, lat) at angle θ (radians, from east) leaves the service bounds, pulled in by `margin` degrees. */
function toEdge(lon: number, lat: number, θ: number, margin = 0.01): [number, number] {
  const { minLon, maxLon, minLat, maxLat } = SERVICE_BOUNDS;
  const dx = Math.cos(θ);
  const dy = Math.sin(θ);
  const tx = dx > 0 ? (maxLon - margin - lon) / dx : dx < 0 ? (minLon + margin - lon) / dx : Infinity;
  const ty = dy > 0 ? (maxLat - margin - lat) / dy : dy < 0 ? (minLat + margin - lat) / dy : Infinity;
  const t = Math.min(tx, ty);
  return [lon + t * dx, lat + t * dy];
}

/** A star of `spikes` needles (2 × spikes vertices) from a hub of `hubMeters` to the edge of the service area. */
export function spikyStar(spikes: number, hubMeters: number, lon = 5.3, lat = 52.15): Area {
  const ring: Ring = [];
  const hub = hubMeters / M_PER_DEG_LAT;
  for (let i = 0; i < spikes; i++) {
    const θ = (2 * Math.PI * i) / spikes;
    ring.push([lon + (hub * Math.cos(θ)) / Math.cos((lat * Math.PI) / 180), lat + hub * Math.sin(θ)]);
    ring.push(toEdge(lon, lat, θ + Math.PI / spikes));
  }
  return polygon(ring);
}

/** A band `widthMeters` high zig-zagging between the south and north edges of the service area. */
export function zigzagSliver(vertices: number, widthMeters: number): Area {
  const { minLon, maxLon, minLat, maxLat } = SERVICE_BOUNDS;
  const n = vertices / 2;
  const w = widthMeters / M_PER_DEG_LAT;
  const top: Ring = [];
  for (let i = 0; i < n; i++) top.push([minLon + 0.01 + ((maxLon - minLon - 0.02) * i) / (n - 1), i % 2 === 0 ? minLat + 0.01 + w : maxLat - 0.01]);
  const bottom = top.map(([x, y]) => [x, y - w] as [number, number]).reverse();
  return polygon([...top, ...bottom]);
}

/** A straight needle from the south-west to the north-east corner of the service area. */
export function diagonalSliver(widthMeters: number): Area {
  const { minLon, maxLon, minLat, maxLat } = SERVICE_BOUNDS;
  const w = widthMeters / M_PER_DEG_LAT;
  return polygon([[minLon + 0.01, minLat + 0.01], [maxLon - 0.01, maxLat - 0.01], [maxLon - 0.01, maxLat - 0.01 + w], [minLon + 0.01, minLat + 0.01 + w]]);
}

export const worstAreas = (): [string, Area][] => [
  ['star 500 spikes, 1.5 m hub', spikyStar(500, 1.5)],
  ['star 50 spikes, 1.5 m hub', spikyStar(50, 1.5)],
  ['star 4 spikes, 1.5 m hub', spikyStar(4, 1.5)],
  ['zig-zag sliver 1000 vertices, 2 m', zigzagSliver(1000, 2)],
  ['diagonal sliver 2 m', diagonalSliver(2)],
  ['100 km circle', { center: { lat: 52.2, lon: 5.3 }, radiusMeters: 100_000 }],
];
