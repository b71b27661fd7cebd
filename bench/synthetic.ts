// Synthetic national participants for the selection bench: a fixed-seed crowd clustered around
// Dutch cities (gaussian, spread by city size) plus a uniform share over the land. Positions live
// in typed arrays (2.3 M participants in ~40 MB); Participant objects are built per load batch.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom, gaussian } from '#shared/local/seed';
import { participantIdFor } from '#shared/domain/participant-import';
import type { Participant } from '#shared/ports/participant-store';
import type { Channel } from '#infra/topology';

/** The seed of every bench's crowd: the same seed and mask give the same participants. */
export const BENCH_SEED = 20_260_101;

/** Real municipal boundaries beside the checkout (../shared/data/nl), when present. */
export const landMaskPath = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data', 'nl', 'gemeenten_2019.geojson');

/** City centres with their population (1 Jan 2019, CBS, rounded): the weights of the clusters. */
export const CITIES: readonly { name: string; lat: number; lon: number; pop: number }[] = [
  { name: 'Amsterdam', lat: 52.3731, lon: 4.8926, pop: 862_000 },
  { name: 'Rotterdam', lat: 51.9225, lon: 4.4792, pop: 644_000 },
  { name: 'Den Haag', lat: 52.0799, lon: 4.3113, pop: 537_000 },
  { name: 'Utrecht', lat: 52.0907, lon: 5.1214, pop: 352_000 },
  { name: 'Eindhoven', lat: 51.4416, lon: 5.4697, pop: 232_000 },
  { name: 'Groningen', lat: 53.2194, lon: 6.5665, pop: 232_000 },
  { name: 'Tilburg', lat: 51.5555, lon: 5.0913, pop: 217_000 },
  { name: 'Almere', lat: 52.3508, lon: 5.2647, pop: 207_000 },
  { name: 'Breda', lat: 51.5719, lon: 4.7683, pop: 184_000 },
  { name: 'Nijmegen', lat: 51.8126, lon: 5.8372, pop: 176_000 },
  { name: 'Apeldoorn', lat: 52.2112, lon: 5.9699, pop: 162_000 },
  { name: 'Haarlem', lat: 52.3874, lon: 4.6462, pop: 161_000 },
  { name: 'Arnhem', lat: 51.9851, lon: 5.8987, pop: 159_000 },
  { name: 'Enschede', lat: 52.2215, lon: 6.8937, pop: 158_000 },
  { name: 'Amersfoort', lat: 52.1561, lon: 5.3878, pop: 156_000 },
  { name: 'Zaanstad', lat: 52.442, lon: 4.8292, pop: 155_000 },
  { name: "'s-Hertogenbosch", lat: 51.6978, lon: 5.3037, pop: 154_000 },
  { name: 'Haarlemmermeer', lat: 52.303, lon: 4.69, pop: 154_000 },
  { name: 'Zwolle', lat: 52.5168, lon: 6.083, pop: 128_000 },
  { name: 'Zoetermeer', lat: 52.0607, lon: 4.494, pop: 125_000 },
  { name: 'Leiden', lat: 52.1601, lon: 4.497, pop: 124_000 },
  { name: 'Leeuwarden', lat: 53.2012, lon: 5.7999, pop: 123_000 },
  { name: 'Maastricht', lat: 50.8514, lon: 5.691, pop: 122_000 },
  { name: 'Dordrecht', lat: 51.8133, lon: 4.6901, pop: 119_000 },
  { name: 'Ede', lat: 52.0402, lon: 5.6649, pop: 115_000 },
  { name: 'Alphen aan den Rijn', lat: 52.1294, lon: 4.6553, pop: 111_000 },
  { name: 'Alkmaar', lat: 52.6324, lon: 4.7534, pop: 109_000 },
  { name: 'Westland', lat: 51.9937, lon: 4.2079, pop: 108_000 },
  { name: 'Emmen', lat: 52.7858, lon: 6.8976, pop: 107_000 },
  { name: 'Delft', lat: 52.0116, lon: 4.3571, pop: 103_000 },
  { name: 'Venlo', lat: 51.3704, lon: 6.1724, pop: 101_000 },
  { name: 'Deventer', lat: 52.255, lon: 6.1639, pop: 100_000 },
  { name: 'Sittard-Geleen', lat: 50.998, lon: 5.869, pop: 93_000 },
  { name: 'Helmond', lat: 51.4817, lon: 5.6611, pop: 91_000 },
  { name: 'Oss', lat: 51.765, lon: 5.518, pop: 91_000 },
  { name: 'Amstelveen', lat: 52.3008, lon: 4.8639, pop: 90_000 },
  { name: 'Hilversum', lat: 52.2292, lon: 5.1669, pop: 90_000 },
  { name: 'Sneek', lat: 53.033, lon: 5.659, pop: 90_000 },
  { name: 'Heerlen', lat: 50.8882, lon: 5.9795, pop: 87_000 },
  { name: 'Spijkenisse', lat: 51.845, lon: 4.329, pop: 85_000 },
  { name: 'Hengelo', lat: 52.2658, lon: 6.7931, pop: 81_000 },
  { name: 'Purmerend', lat: 52.505, lon: 4.9592, pop: 81_000 },
  { name: 'Lelystad', lat: 52.5185, lon: 5.4714, pop: 78_000 },
  { name: 'Schiedam', lat: 51.9192, lon: 4.3989, pop: 78_000 },
  { name: 'Roosendaal', lat: 51.5308, lon: 4.4653, pop: 77_000 },
  { name: 'Vlaardingen', lat: 51.9125, lon: 4.3417, pop: 74_000 },
  { name: 'Gouda', lat: 52.0115, lon: 4.7105, pop: 73_000 },
  { name: 'Assen', lat: 52.9925, lon: 6.5649, pop: 68_000 },
  { name: 'Capelle aan den IJssel', lat: 51.9293, lon: 4.5777, pop: 67_000 },
  { name: 'Middelburg', lat: 51.4988, lon: 3.6136, pop: 48_000 },
];

/** The land area of the Netherlands in a bounding box: where the uniform share is drawn. */
export const NL_BBOX = { minLon: 3.36, maxLon: 7.23, minLat: 50.75, maxLat: 53.56 } as const;
/** Share of participants spread uniformly over the land rather than around a city. */
export const UNIFORM_SHARE = 0.15;
/** Gaussian spread of a city: 5 km for Amsterdam, scaled by √population, at least 1.3 km. */
export const sigmaKm = (pop: number): number => Math.max(1.3, 5 * Math.sqrt(pop / 862_000));

const KM_PER_DEG_LAT = 111.2;

/**
 * A rough outline of the Netherlands (mainland, Zeeland and the Wadden islands, ~5 km accurate),
 * used when the municipal boundaries are not at hand: it keeps points out of the North Sea,
 * Belgium and Germany. Lon/lat, clockwise from Cadzand.
 */
const COARSE_OUTLINE: readonly [number, number][] = [
  [3.36, 51.37], [3.43, 51.52], [3.55, 51.6], [3.68, 51.71], [3.84, 51.84], [4.02, 51.98], [4.28, 52.12],
  [4.42, 52.24], [4.53, 52.42], [4.62, 52.6], [4.66, 52.8], [4.72, 52.96], [4.7, 53.08], [4.88, 53.19],
  [5.1, 53.32], [5.4, 53.42], [5.9, 53.47], [6.3, 53.52], [6.55, 53.55], [6.95, 53.35], [7.21, 53.24],
  [7.21, 53.0], [7.07, 52.85], [7.04, 52.63], [6.72, 52.63], [6.7, 52.48], [6.98, 52.45], [7.07, 52.35],
  [7.03, 52.22], [6.76, 52.12], [6.83, 51.97], [6.72, 51.9], [6.4, 51.83], [6.17, 51.85], [5.95, 51.75],
  [6.1, 51.6], [6.22, 51.5], [6.22, 51.36], [6.07, 51.22], [6.17, 51.17], [5.87, 51.05], [6.08, 50.92],
  [6.03, 50.75], [5.69, 50.75], [5.64, 50.85], [5.77, 51.1], [5.83, 51.16], [5.56, 51.27], [5.24, 51.27],
  [5.1, 51.43], [4.78, 51.5], [4.55, 51.43], [4.4, 51.36], [4.24, 51.35], [3.97, 51.23], [3.8, 51.22],
  [3.45, 51.25], [3.39, 51.31], [3.36, 51.37],
];

interface MaskFeature {
  readonly code: string | undefined;
  readonly bbox: readonly [number, number, number, number];
  /** Every ring (outer and holes) as flat lon,lat pairs; even-odd over all of them. */
  readonly rings: readonly Float64Array[];
}

/** Where people can live: municipal polygons when available, else the coarse outline. */
export interface LandMask {
  readonly source: string;
  /** Index of the feature that holds the point, or -1 for sea / abroad. */
  find(lat: number, lon: number): number;
  code(feature: number): string | undefined;
}

function inRings(rings: readonly Float64Array[], lon: number, lat: number): boolean {
  let inside = false;
  for (const r of rings) {
    for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) {
      const xi = r[i]!, yi = r[i + 1]!, xj = r[j]!, yj = r[j + 1]!;
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

function buildMask(source: string, features: MaskFeature[]): LandMask {
  // A 0.05° grid of candidate features keeps each test to one or two polygons.
  const step = 0.05;
  const cols = Math.ceil((NL_BBOX.maxLon - NL_BBOX.minLon + 0.2) / step);
  const rows = Math.ceil((NL_BBOX.maxLat - NL_BBOX.minLat + 0.2) / step);
  const x0 = NL_BBOX.minLon - 0.1;
  const y0 = NL_BBOX.minLat - 0.1;
  const grid: number[][] = Array.from({ length: cols * rows }, () => []);
  features.forEach((f, index) => {
    const [minX, minY, maxX, maxY] = f.bbox;
    for (let c = Math.max(0, Math.floor((minX - x0) / step)); c <= Math.min(cols - 1, Math.floor((maxX - x0) / step)); c++) {
      for (let r = Math.max(0, Math.floor((minY - y0) / step)); r <= Math.min(rows - 1, Math.floor((maxY - y0) / step)); r++) grid[r * cols + c]!.push(index);
    }
  });
  return {
    source,
    find(lat, lon) {
      const c = Math.floor((lon - x0) / step);
      const r = Math.floor((lat - y0) / step);
      if (c < 0 || r < 0 || c >= cols || r >= rows) return -1;
      for (const index of grid[r * cols + c]!) {
        const f = features[index]!;
        if (lon < f.bbox[0] || lon > f.bbox[2] || lat < f.bbox[1] || lat > f.bbox[3]) continue;
        if (inRings(f.rings, lon, lat)) return index;
      }
      return -1;
    },
    code: (feature) => features[feature]?.code,
  };
}

function toFeature(code: string | undefined, rings: readonly (readonly (readonly number[])[])[]): MaskFeature {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const flat = rings.map((ring) => {
    const a = new Float64Array(ring.length * 2);
    ring.forEach(([x, y], i) => {
      a[2 * i] = x!;
      a[2 * i + 1] = y!;
      minX = Math.min(minX, x!);
      maxX = Math.max(maxX, x!);
      minY = Math.min(minY, y!);
      maxY = Math.max(maxY, y!);
    });
    return a;
  });
  return { code, bbox: [minX, minY, maxX, maxY], rings: flat };
}

type Geometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

/** The municipal boundaries (../shared/data/nl) if the file is there, else the coarse outline. */
export function loadLandMask(geojsonPath: string): LandMask {
  if (existsSync(geojsonPath)) {
    const doc = JSON.parse(readFileSync(geojsonPath, 'utf8')) as { features: { properties: { gemeentecode?: string }; geometry: Geometry }[] };
    const features = doc.features.map((f) =>
      toFeature(f.properties.gemeentecode, f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat()),
    );
    return buildMask(`municipal boundaries (${geojsonPath})`, features);
  }
  return buildMask('coarse built-in outline of NL', [toFeature(undefined, [COARSE_OUTLINE])]);
}

export interface Population {
  readonly count: number;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  /** Bits 0–1: channels (0 sms+voice, 1 sms, 2 voice); bit 2: English; bit 3: exercise opt-in. */
  readonly flags: Uint8Array;
  /** Index into the land mask's features (municipality), 0xffff when unknown. */
  readonly feature: Uint16Array;
  readonly mask: LandMask;
}

/** Fixed-seed positions: the same seed and mask give the same crowd on every machine. */
export function generatePopulation(count: number, seed: number, mask: LandMask): Population {
  const random = seededRandom(seed);
  const lat = new Float64Array(count);
  const lon = new Float64Array(count);
  const flags = new Uint8Array(count);
  const feature = new Uint16Array(count);
  const total = CITIES.reduce((s, c) => s + c.pop, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const c of CITIES) cumulative.push((acc += c.pop / total));
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  for (let i = 0; i < count; i++) {
    let y = 0, x = 0, hit = -1;
    if (random() < UNIFORM_SHARE) {
      for (let attempt = 0; attempt < 1000 && hit < 0; attempt++) {
        y = round(NL_BBOX.minLat + random() * (NL_BBOX.maxLat - NL_BBOX.minLat));
        x = round(NL_BBOX.minLon + random() * (NL_BBOX.maxLon - NL_BBOX.minLon));
        hit = mask.find(y, x);
      }
    } else {
      const u = random();
      const city = CITIES[Math.min(CITIES.length - 1, cumulative.findIndex((c) => u < c))]!;
      const s = sigmaKm(city.pop);
      // Points that fall in the sea (Den Haag, Westland) are drawn again around the same city.
      for (let attempt = 0; attempt < 1000 && hit < 0; attempt++) {
        y = round(city.lat + (gaussian(random) * s) / KM_PER_DEG_LAT);
        x = round(city.lon + (gaussian(random) * s) / (KM_PER_DEG_LAT * Math.cos((city.lat * Math.PI) / 180)));
        hit = mask.find(y, x);
      }
    }
    lat[i] = y;
    lon[i] = x;
    feature[i] = hit < 0 ? 0xffff : hit;
    const r = random();
    flags[i] = (r < 0.6 ? 0 : r < 0.85 ? 1 : 2) | (random() < 0.1 ? 4 : 0) | (random() < 0.3 ? 8 : 0);
  }
  return { count, lat, lon, flags, feature, mask };
}

const CHANNELS: readonly (readonly Channel[])[] = [['sms', 'voice'], ['sms'], ['voice']];
const UPDATED_AT = new Date(Date.UTC(2026, 0, 1)).toISOString();

/** The participant id of the i-th synthetic participant, shaped like an imported one. */
export const benchId = (i: number): string => participantIdFor(`bench-${i}`);

/** Participant i as the import would store it: active, SMS/voice, a fake 06 number. */
export function participantAt(pop: Population, i: number): Participant {
  const f = pop.flags[i]!;
  const feature = pop.feature[i]!;
  return {
    id: benchId(i),
    externalId: `bench-${i}`,
    phone: `+316${String(i).padStart(8, '0')}`,
    channels: CHANNELS[f & 3]!,
    lat: pop.lat[i]!,
    lon: pop.lon[i]!,
    municipalityCode: feature === 0xffff ? undefined : pop.mask.code(feature),
    language: f & 4 ? 'en' : 'nl',
    status: 'active',
    exerciseOptIn: (f & 8) !== 0,
    updatedAt: UPDATED_AT,
  };
}
