// The geo index: each participant position is stored under an H3 bucket (partition) and a fine
// H3 cell (sort key). Children of an H3 cell are contiguous in index order, so the cells covering
// an area become a few key ranges per bucket; only the rim of the cover is read in excess.
import {
  latLngToCell,
  cellToParent,
  cellToChildPos,
  childPosToCell,
  compactCells,
  polygonToCellsExperimental,
  POLYGON_TO_CELLS_FLAGS,
  getResolution,
  cellToChildren,
  getHexagonEdgeLengthAvg,
  getHexagonAreaAvg,
  gridDisk,
  cellToLatLng,
  cellToBoundary,
  UNITS,
} from 'h3-js';
import { type Area, isCircle, EARTH_RADIUS_M, areaSquareMeters, distanceMeters, distanceToArea, extentMeters } from './area';

/** Partition resolution: ~250 km² per bucket, a city in a handful of partitions. */
export const BUCKET_RES = 5;
/** Stored resolution: ~44 m² cells (3.5 m edge), finer than any cover needs. */
export const INDEX_RES = 13;
const FINE_PER_RES = (res: number) => 7 ** (INDEX_RES - res);

export interface GeoKey {
  /** Partition key: the bucket cell. */
  readonly gb: string;
  /** Sort key: the fine cell, then '#' and the participant id for uniqueness. */
  readonly gc: string;
}

export function geoKey(lat: number, lon: number, id: string): GeoKey {
  const cell = latLngToCell(lat, lon, INDEX_RES);
  return { gb: cellToParent(cell, BUCKET_RES), gc: `${cell}#${id}` };
}

/** One Query: the sort-key range [from, to] inside one bucket. */
export interface GeoRange {
  readonly bucket: string;
  readonly from: string;
  readonly to: string;
}

export interface CoverOptions {
  /** Share of the area that may be read in excess when gaps between ranges are bridged. */
  readonly gapBudget?: number;
  /** Cover cells have an edge of at most the area's radius divided by this. */
  readonly radiusDivisor?: number;
  /** Neighbours whose centre lies within this many circumradii of the area join the cover. */
  readonly overhang?: number;
}

/**
 * Defaults measured by `npm run bench` at 2.3 M participants: with them every test area reads
 * at most ~1.21 items per recipient and the 15 km circle needs under 60 Query calls.
 */
export const COVER_DEFAULTS: Required<CoverOptions> = { gapBudget: 0.1, radiusDivisor: 10, overhang: 1.1 };

/**
 * Most cells of the cover resolution in the area's bounding box. Normal areas need a few hundred;
 * a spiky or thin polygon has a tiny area but a large extent, and h3's polygon fill costs about
 * one cell test per cell of the box (~10 µs each), whatever the output: covering such an extent
 * at the resolution its area suggests took minutes and ~10⁵ ranges. Above this the cover goes
 * coarser and the exact filter (containsPoint) decides.
 */
export const MAX_COVER_CELLS = 20_000;

/** Cells at `res` in the area's bounding box, with a margin for the overhang neighbours (about two circumradii). */
function boxCells(area: Area, res: number): number {
  const edge = getHexagonEdgeLengthAvg(res, UNITS.m);
  const { width, height } = extentMeters(area);
  return ((width + 4 * edge) * (height + 4 * edge)) / getHexagonAreaAvg(res, UNITS.m2);
}

/** Picks the cover resolution: cells about 1/10 of the area's radius, so the rim adds ~16 %; coarser where that would exceed MAX_COVER_CELLS. */
function coverResolution(area: Area, divisor: number): number {
  const radius = isCircle(area) ? area.radiusMeters : Math.sqrt(areaSquareMeters(area) / Math.PI);
  let res = BUCKET_RES;
  while (res < INDEX_RES && getHexagonEdgeLengthAvg(res, UNITS.m) > radius / divisor) res++;
  while (res > BUCKET_RES && boxCells(area, res) > MAX_COVER_CELLS) res--;
  return res;
}

/** A polygon that contains the circle (vertices pushed out by 1/cos(π/n)), in [lat, lng] pairs. */
function circumscribedRing(lat: number, lon: number, radius: number, n = 64): [number, number][] {
  const d = radius / Math.cos(Math.PI / n) / EARTH_RADIUS_M;
  const φ1 = (lat * Math.PI) / 180;
  const λ1 = (lon * Math.PI) / 180;
  const ring: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const θ = (2 * Math.PI * i) / n;
    const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(θ));
    const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
    ring.push([(φ2 * 180) / Math.PI, (λ2 * 180) / Math.PI]);
  }
  return ring;
}

/**
 * Every cell whose descendants may hold a point of the area, compacted where whole parents are in.
 * H3 children are not inside their parent's hexagon: a cell's fine descendants reach up to
 * ~1.0525 × its circumradius from its centre. So beside the cells that overlap the area, each
 * neighbour whose centre lies within `overhang` circumradii of the area joins too; without it a
 * participant near the rim can be keyed under a cell the cover lacks and never be alerted.
 */
export function coverCells(area: Area, options: CoverOptions = {}): string[] {
  const { radiusDivisor, overhang } = { ...COVER_DEFAULTS, ...options };
  const res = coverResolution(area, radiusDivisor);
  const ring = isCircle(area)
    ? circumscribedRing(area.center.lat, area.center.lon, area.radiusMeters)
    : area.coordinates[0]!.map(([lon, lat]) => [lat, lon] as [number, number]);
  const cells = new Set(polygonToCellsExperimental([ring], res, POLYGON_TO_CELLS_FLAGS.containmentOverlapping));
  if (overhang > 0) {
    const distance = distanceToArea(area);
    // Each candidate is measured once (distance is linear in the vertices), so the loop costs at most 6 × cells tests.
    const tested = new Set<string>();
    for (const cell of [...cells]) {
      for (const n of gridDisk(cell, 1)) {
        if (cells.has(n) || tested.has(n)) continue;
        tested.add(n);
        const [lat, lon] = cellToLatLng(n);
        const circumradius = Math.max(...cellToBoundary(n).map(([bLat, bLon]) => distanceMeters(lat, lon, bLat, bLon)));
        if (distance(lat, lon) <= overhang * circumradius) cells.add(n);
      }
    }
  }
  // Cells coarser than a bucket are split so each range stays inside one partition.
  return compactCells([...cells]).flatMap((c) => (getResolution(c) < BUCKET_RES ? cellToChildren(c, BUCKET_RES) : [c]));
}

/**
 * The key ranges to Query for an area. Adjacent runs are joined; then the smallest gaps between
 * ranges of a bucket are bridged while the bridged area stays within the budget, trading a few
 * extra items for fewer Query calls.
 */
export function coverRanges(area: Area, options: CoverOptions = {}): GeoRange[] {
  const budgetCells = ((options.gapBudget ?? COVER_DEFAULTS.gapBudget) * areaSquareMeters(area)) / getHexagonAreaAvg(INDEX_RES, UNITS.m2);
  const byBucket = new Map<string, [number, number][]>();
  for (const cell of coverCells(area, options)) {
    const res = getResolution(cell);
    const bucket = cellToParent(cell, BUCKET_RES);
    const start = cellToChildPos(cell, BUCKET_RES) * FINE_PER_RES(res);
    const list = byBucket.get(bucket) ?? [];
    list.push([start, start + FINE_PER_RES(res) - 1]);
    byBucket.set(bucket, list);
  }
  const gaps: { bucket: string; index: number; size: number }[] = [];
  const merged = new Map<string, [number, number][]>();
  for (const [bucket, list] of byBucket) {
    list.sort((a, b) => a[0] - b[0]);
    const runs: [number, number][] = [];
    for (const r of list) {
      const last = runs[runs.length - 1];
      if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
      else runs.push([r[0], r[1]]);
    }
    merged.set(bucket, runs);
    for (let i = 1; i < runs.length; i++) gaps.push({ bucket, index: i, size: runs[i]![0] - runs[i - 1]![1] - 1 });
  }
  // Bridge the cheapest gaps first; a bridged gap joins run i-1 and run i.
  gaps.sort((a, b) => a.size - b.size);
  const bridged = new Set<string>();
  let spent = 0;
  for (const g of gaps) {
    if (spent + g.size > budgetCells) break;
    spent += g.size;
    bridged.add(`${g.bucket}:${g.index}`);
  }
  const ranges: GeoRange[] = [];
  for (const [bucket, runs] of merged) {
    let current = runs[0]!;
    const emit = (r: [number, number]) =>
      ranges.push({ bucket, from: childPosToCell(r[0], bucket, INDEX_RES), to: `${childPosToCell(r[1], bucket, INDEX_RES)}#\uffff` });
    for (let i = 1; i < runs.length; i++) {
      if (bridged.has(`${bucket}:${i}`)) current = [current[0], runs[i]![1]];
      else {
        emit(current);
        current = runs[i]!;
      }
    }
    emit(current);
  }
  return ranges;
}

/** The ranges covering several areas, overlaps merged so nobody is read (or queued) twice. */
export function unionRanges(areas: readonly Area[], options: CoverOptions = {}): GeoRange[] {
  if (areas.length === 1) return coverRanges(areas[0]!, options);
  const all = areas.flatMap((a) => coverRanges(a, options)).sort((a, b) => (a.bucket === b.bucket ? (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) : a.bucket < b.bucket ? -1 : 1));
  const out: { bucket: string; from: string; to: string }[] = [];
  for (const r of all) {
    const last = out[out.length - 1];
    if (last && last.bucket === r.bucket && r.from <= last.to) {
      if (r.to > last.to) last.to = r.to;
    } else out.push({ ...r });
  }
  return out;
}
