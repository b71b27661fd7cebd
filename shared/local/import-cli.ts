// `npm run import:participants -- FILE`: loads a JSON Lines register into the local store. Uses
// the running `npm start` store when there is one, else opens the data folder itself.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { importParticipants } from '#shared/domain/participant-import';
import { DynamoParticipantStore } from '#shared/adapters/dynamodb/participant-store';
import { DynamoMunicipalityStore } from '#shared/adapters/dynamodb/municipality-store';
import { DynamoUsageStore } from '#shared/adapters/dynamodb/usage-store';
import { DynamoCampaignStore } from '#shared/adapters/dynamodb/campaign-store';
import { municipalityLocator } from '#shared/domain/municipality-locator';
import { createDocumentClient, createDynamoClient } from '#shared/adapters/dynamodb/client';
import { startStoreProcess, createTables } from './store';
import { dataDir, runningRuntime } from './data-dir';
import { localEnvironment, quietLocalSdk } from '#shared/config/environment';
import { Progress } from '#shared/terminal/progress';
import { ParticipantKeys } from '#shared/domain/participant-keys';
import { localSecret } from './keys';

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.error(`usage: npm run import:participants -- FILE.jsonl${file ? `\n${file}: no such file` : ''}`);
  process.exit(2);
}

// This machine runs Node 20 on purpose (see STACK.md); the SDK's upgrade notice is noise here.
quietLocalSdk();
const dir = dataDir();
const reachable = (await runningRuntime(dir))?.dynamodb;
const own = reachable ? undefined : await startStoreProcess(dir);
const client = createDynamoClient(reachable ?? own!.endpoint);
await createTables(client);

const db = createDocumentClient(client);
const keys = new ParticipantKeys(Buffer.from(localEnvironment().participantSecret ?? localSecret(dir, 'participant'), 'hex'));
// Lines without a municipality are placed by the boundaries, when they have been imported.
const boundaries = await new DynamoMunicipalityStore(db, 'municipalities').boundaries();
const started = performance.now();
const input = createReadStream(file);
const size = statSync(file).size;
// Lines are counted as they are handed to the import; the share of bytes read gives the ETA.
const progress = new Progress('import', { unit: 'lines' });
const share = () => (size > 0 ? input.bytesRead / size : undefined);
let linesRead = 0;
async function* counted(source: AsyncIterable<string>) {
  for await (const line of source) {
    linesRead++;
    yield line;
  }
}
const ticker = progress.interactive ? setInterval(() => progress.update(linesRead, share()), 250) : undefined;
const lines = createInterface({ input, crlfDelay: Infinity });
const report = await importParticipants(new DynamoParticipantStore(db, 'participants'), counted(lines), {
  ...(boundaries.length > 0 ? { locate: municipalityLocator(boundaries) } : {}),
  usage: { usage: new DynamoUsageStore(db, 'usage'), campaigns: new DynamoCampaignStore(db, 'campaigns') },
  // The same secret the runtime uses, so STOP finds imported numbers.
  phoneKey: (e164) => keys.phoneKey(e164),
});
clearInterval(ticker);
const seconds = (performance.now() - started) / 1000;
progress.clear();
for (const r of report.rejected.slice(0, 50)) console.error(`line ${r.line}: ${r.reason}`);
if (report.rejected.length > 50) console.error(`… and ${report.rejected.length - 50} more rejected lines`);
const total = report.imported + report.rejected.length;
console.log(`imported ${report.imported}, rejected ${report.rejected.length} of ${total} lines in ${seconds.toFixed(1)} s (${Math.round(total / seconds)} lines/s)`);
client.destroy();
await own?.close();
process.exit(report.rejected.length > 0 && report.imported === 0 ? 1 : 0);
