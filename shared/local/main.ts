// `npm start`: the whole system on this machine with demo data. Ctrl-C stops it cleanly and a
// restart keeps everything (data lives in BURGERNET_DATA, default .data/).
import { startRuntime } from './runtime';
import { circle } from '#shared/api/actions';
import { localEnvironment } from '#shared/config/environment';
import { signToken } from './keys';
import { dataDir, runningRuntime } from './data-dir';

const { demoParticipants, port, sendRate } = localEnvironment();
const dir = dataDir();

// LevelDB allows one owner: say so plainly when another runtime holds this data folder.
const other = await runningRuntime(dir);
if (other) {
  console.error(`Another Burgernet runtime is using ${dir} at ${other.api}. Stop it first, or set BURGERNET_DATA to another folder.`);
  process.exit(1);
}

const started = performance.now();
const runtime = await startRuntime({ dataDir: dir, keyDir: dir, port, seed: demoParticipants, storeProcess: true, sendRatePerSecond: sendRate });

const token = await signToken(dir, { role: 'operator', sub: 'demo-operator' });
const example = JSON.stringify(circle);

console.log(`
Burgernet runs locally at ${runtime.url}  (data in ${dir}${runtime.seeded ? `, seeded ${runtime.seeded} demo participants` : ''}; ready in ${Math.round(performance.now() - started)} ms)

Operator token (12 h; more with: npm run token -- --role operator):
  export TOKEN=${token}

Start an action around Utrecht Centraal:
  curl -s -X POST ${runtime.url}/actions -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -H "idempotency-key: demo-$(date +%s)" -d '${example.replace(/'/g, "'\\''")}'

Then, with the returned id:
  curl -s ${runtime.url}/actions/ID -H "authorization: Bearer $TOKEN"
  curl -s '${runtime.url}/_local/outbox?actionId=ID'

Ctrl-C stops.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping…');
  await runtime.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
