// The repository's own small set of municipalities (Utrecht, Amsterdam, Den Haag, some of their
// neighbours and two islands; real CBS boundaries and inhabitants), loaded by `npm start` so local
// reports work, and by the tests. The full set comes from `npm run import:municipalities`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MunicipalityStore } from '#shared/ports/municipality-store';
import { parseMunicipalities, type ImportedMunicipality } from '#shared/domain/municipality-import';

const file = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

export const FIXTURE_BOUNDARIES = file('municipalities.geojson');
export const FIXTURE_POPULATION = file('municipalities.csv');

export const fixtureMunicipalities = (): ImportedMunicipality[] => parseMunicipalities(readFileSync(FIXTURE_BOUNDARIES, 'utf8'), readFileSync(FIXTURE_POPULATION, 'utf8'));

/** Loads the fixture into an empty municipalities table; one imported with real data is left alone. */
export async function loadMunicipalityFixture(store: MunicipalityStore): Promise<number> {
  if ((await store.list()).length > 0) return 0;
  const all = fixtureMunicipalities();
  await store.putMany(all);
  return all.length;
}
