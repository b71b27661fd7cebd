// The five test areas every selection figure is measured on (selection, PostGIS, end-to-end).
import { areaSchema, type Area } from '#shared/domain/area';

const ring = (points: [number, number][]) => [...points, points[0]!];

export const AREAS: readonly { key: string; name: string; area: Area }[] = [
  { key: 'amsterdam-1km', name: 'Amsterdam Dam, circle 1 km', area: { center: { lat: 52.3731, lon: 4.8926 }, radiusMeters: 1_000 } },
  { key: 'utrecht-5km', name: 'Utrecht, circle 5 km', area: { center: { lat: 52.0907, lon: 5.1214 }, radiusMeters: 5_000 } },
  { key: 'rotterdam-15km', name: 'Rotterdam, circle 15 km', area: { center: { lat: 51.9225, lon: 4.4792 }, radiusMeters: 15_000 } },
  {
    key: 'den-haag-polygon',
    name: 'Den Haag, polygon ~10 × 6 km',
    area: {
      type: 'Polygon',
      coordinates: [
        ring([
          [4.23, 52.075],
          [4.26, 52.04],
          [4.37, 52.04],
          [4.37, 52.085],
          [4.33, 52.1],
          [4.25, 52.1],
        ]),
      ],
    },
  },
  { key: 'drenthe-2km', name: 'Countryside (52.70 N 6.20 E), circle 2 km', area: { center: { lat: 52.7, lon: 6.2 }, radiusMeters: 2_000 } },
].map((a) => ({ ...a, area: areaSchema.parse(a.area) }));

/** An area by key; throws on a typo so a bench never measures nothing. */
export function areaByKey(key: string): { key: string; name: string; area: Area } {
  const found = AREAS.find((a) => a.key === key);
  if (!found) throw new Error(`unknown bench area ${key}`);
  return found;
}
