// dynalite in its own process for the bench, so LevelDB work and the client's (un)marshalling
// use both cores, as a database across a network would. Prints one JSON line with the endpoint,
// then serves until SIGTERM/SIGINT or until the parent goes away (stdin closes).
import { startStore } from '#shared/local/store';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: dynalite-server.ts DATA_DIR');
  process.exit(2);
}

const store = await startStore(dir);
process.stdout.write(`${JSON.stringify({ endpoint: store.endpoint })}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  // LevelDB is flushed by dynalite's close; never hang the bench on a stray connection.
  setTimeout(() => process.exit(0), 15_000).unref();
  await store.close();
  process.exit(0);
}

process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
