// Planning cost of the hardest areas the API accepts: for each, whether validation accepts it,
// its area, the cover's cell count, key-range count and CPU time. Prints figures; not a test.
// Run: node --import tsx bench/cover-worst.ts [name-substring]
import { areaSchema, areaSquareMeters } from '#shared/domain/area';
import { coverCells, coverRanges } from '#shared/domain/geo-index';
import { worstAreas } from '../test/support/worst-areas';

const only = process.argv[2];
for (const [name, area] of worstAreas()) {
  if (only && !name.includes(only)) continue;
  const parsed = areaSchema.safeParse(area);
  const verdict = parsed.success ? 'accepted' : `refused: ${parsed.error.issues[0]?.message ?? '?'}`;
  const km2 = (areaSquareMeters(area) / 1e6).toFixed(3);
  let t = performance.now();
  const cells = coverCells(area).length;
  const cellsMs = performance.now() - t;
  t = performance.now();
  const ranges = coverRanges(area).length;
  const rangesMs = performance.now() - t;
  console.log(`${name.padEnd(36)} ${verdict.padEnd(10)} ${km2.padStart(10)} km²  cells ${String(cells).padStart(7)} (${cellsMs.toFixed(0)} ms)  ranges ${String(ranges).padStart(7)} (${rangesMs.toFixed(0)} ms)`);
}
