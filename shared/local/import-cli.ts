// `npm run import:participants -- FILE`: loads a JSON Lines register into the local store. Uses
// the running `npm start` store when there is one, else opens the data folder itself.
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { importParticipants } from '#shared/domain/participant-import';
import { DynamoParticipantStore } from '#shared/adapters/dynamodb/participant-store';
import { createDocumentClient, createDynamoClient } from '#shared/adapters/dynamodb/client';
import { startStoreProcess, createTables } from './store';
import { dataDir, runningRuntime } from './data-dir';

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.error(`usage: npm run import:participants -- FILE.jsonl${file ? `\n${file}: no such file` : ''}`);
  process.exit(2);
}

// This machine runs Node 20 on purpose (see STACK.md); the SDK's upgrade notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const dir = dataDir();
const reachable = (await runningRuntime(dir))?.dynamodb;
const own = reachable ? undefined : await startStoreProcess(dir);
const client = createDynamoClient(reachable ?? own!.endpoint);
await createTables(client);

const started = performance.now();
const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
const report = await importParticipants(new DynamoParticipantStore(createDocumentClient(client), 'participants'), lines, {
  onProgress: (n) => process.stderr.isTTY && process.stderr.write(`\r${n} lines…`),
});
const seconds = (performance.now() - started) / 1000;
if (process.stderr.isTTY) process.stderr.write('\r');
for (const r of report.rejected.slice(0, 50)) console.error(`line ${r.line}: ${r.reason}`);
if (report.rejected.length > 50) console.error(`… and ${report.rejected.length - 50} more rejected lines`);
const total = report.imported + report.rejected.length;
console.log(`imported ${report.imported}, rejected ${report.rejected.length} of ${total} lines in ${seconds.toFixed(1)} s (${Math.round(total / seconds)} lines/s)`);
client.destroy();
await own?.close();
process.exit(report.rejected.length > 0 && report.imported === 0 ? 1 : 0);
