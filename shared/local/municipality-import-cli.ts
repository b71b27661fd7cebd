// `npm run import:municipalities -- BOUNDARIES.geojson POPULATION.csv`: loads the CBS/PDOK
// municipalities (boundaries, inhabitants per year, police unit) into the local store, replacing
// the demo fixture. Uses the running `npm start` store when there is one, else the data folder.
import { existsSync, readFileSync } from 'node:fs';
import { MunicipalityImportError, parseMunicipalities } from '#shared/domain/municipality-import';
import { DynamoMunicipalityStore } from '#shared/adapters/dynamodb/municipality-store';
import { createDocumentClient, createDynamoClient } from '#shared/adapters/dynamodb/client';
import { startStoreProcess, createTables } from './store';
import { dataDir, runningRuntime } from './data-dir';
import { quietLocalSdk } from '#shared/config/environment';

const [boundaries, population] = process.argv.slice(2);
const missing = [boundaries, population].filter((f) => f !== undefined && !existsSync(f));
if (!boundaries || !population || missing.length > 0) {
  console.error(`usage: npm run import:municipalities -- BOUNDARIES.geojson POPULATION.csv${missing.map((f) => `\n${f}: no such file`).join('')}`);
  process.exit(2);
}

quietLocalSdk();
const started = performance.now();
let municipalities;
try {
  municipalities = parseMunicipalities(readFileSync(boundaries, 'utf8'), readFileSync(population, 'utf8'));
} catch (err) {
  if (!(err instanceof MunicipalityImportError)) throw err;
  for (const p of err.problems.slice(0, 50)) console.error(p);
  if (err.problems.length > 50) console.error(`… and ${err.problems.length - 50} more`);
  console.error('nothing imported');
  process.exit(1);
}

const dir = dataDir();
const reachable = (await runningRuntime(dir))?.dynamodb;
const own = reachable ? undefined : await startStoreProcess(dir);
const client = createDynamoClient(reachable ?? own!.endpoint);
await createTables(client);
await new DynamoMunicipalityStore(createDocumentClient(client), 'municipalities').putMany(municipalities);

const years = [...new Set(municipalities.flatMap((m) => Object.keys(m.inhabitants)))].sort();
const units = new Map<string, number>();
for (const m of municipalities) units.set(m.unit, (units.get(m.unit) ?? 0) + 1);
console.log(`imported ${municipalities.length} municipalities in ${((performance.now() - started) / 1000).toFixed(1)} s`);
for (const y of years) console.log(`  inhabitants ${y}: ${municipalities.reduce((s, m) => s + (m.inhabitants[y] ?? 0), 0).toLocaleString('en-US')}`);
console.log(`  police units: ${[...units].map(([u, n]) => `${u} ${n}`).join(', ')}`);
client.destroy();
await own?.close();
