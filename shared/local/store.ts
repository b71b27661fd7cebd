// dynalite (DynamoDB's API on LevelDB) for the local world: kept on disk in the data folder,
// with every table of the topology created on first start.
import { mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import dynalite from 'dynalite';
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient, type AttributeDefinition, type GlobalSecondaryIndex } from '@aws-sdk/client-dynamodb';
import { tables, type TableSpec } from '#infra/topology';
import { LOCAL_OUTBOX_TABLE, LOCAL_PUSH_ENDPOINTS_TABLE, LOCAL_QUEUE_TABLE } from '#shared/adapters/local/tables';

export interface LocalStore {
  readonly endpoint: string;
  /** The store's process id when it runs in a child process. */
  readonly pid?: number;
  close(): Promise<void>;
}

const storeOptions = (dataDir: string | undefined) => {
  if (dataDir) mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });
  return { ...(dataDir ? { path: join(dataDir, 'dynamodb') } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
};

/**
 * Runs dynalite in a child process, so storage gets a core of its own (bulk loads run about
 * twice as fast). The child exits when its stdin closes, so a killed parent never leaves it
 * holding the LevelDB lock.
 */
export async function startStoreProcess(dataDir: string | undefined, options: { maxOldSpaceMb?: number } = {}): Promise<LocalStore> {
  const main = createRequire(import.meta.url).resolve('dynalite');
  const script = `const s=require(${JSON.stringify(main)})(${JSON.stringify(storeOptions(dataDir))});
s.listen(0,'127.0.0.1',()=>console.log(s.address().port));
process.stdin.on('end',()=>s.close(()=>process.exit(0)));process.stdin.resume();`;
  const heap = options.maxOldSpaceMb ? [`--max-old-space-size=${options.maxOldSpaceMb}`] : [];
  const child = spawn(process.execPath, [...heap, '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`dynalite exited with ${code}`)));
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
  });
  child.removeAllListeners('exit');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    pid: child.pid,
    close: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

/** Starts dynalite in this process on a free loopback port; `dataDir` undefined keeps it in memory. */
export async function startStore(dataDir: string | undefined, port = 0): Promise<LocalStore> {
  const server: Server = dynalite(storeOptions(dataDir));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { endpoint, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const localTables: Record<string, TableSpec> = {
  [LOCAL_QUEUE_TABLE]: { partitionKey: 'q', sortKey: 'id', personal: false },
  [LOCAL_OUTBOX_TABLE]: { partitionKey: 'actionId', sortKey: 'deliveryId', personal: true },
  [LOCAL_PUSH_ENDPOINTS_TABLE]: { partitionKey: 'endpoint', personal: true },
};

/** Creates what is missing; local table names are the topology's names (the local world's configuration says so). */
export async function createTables(client: DynamoDBClient): Promise<void> {
  const all: [string, TableSpec][] = [...Object.entries(tables), ...Object.entries(localTables)];
  for (const [name, spec] of all) {
    try {
      await client.send(new DescribeTableCommand({ TableName: name }));
      continue;
    } catch (err) {
      if ((err as Error).name !== 'ResourceNotFoundException') throw err;
    }
    const attrs = new Map<string, AttributeDefinition>();
    const key = (k: { partitionKey: string; sortKey?: string }) => {
      for (const a of [k.partitionKey, k.sortKey]) if (a) attrs.set(a, { AttributeName: a, AttributeType: 'S' });
      return [
        { AttributeName: k.partitionKey, KeyType: 'HASH' as const },
        ...(k.sortKey ? [{ AttributeName: k.sortKey, KeyType: 'RANGE' as const }] : []),
      ];
    };
    const keySchema = key(spec);
    const gsis: GlobalSecondaryIndex[] = Object.entries(spec.indexes ?? {}).map(([indexName, idx]) => ({
      IndexName: indexName,
      KeySchema: key(idx),
      Projection:
        idx.projection === 'all' ? { ProjectionType: 'ALL' } : idx.projection === 'keys' ? { ProjectionType: 'KEYS_ONLY' } : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...idx.projection] },
    }));
    await client.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: keySchema,
        AttributeDefinitions: [...attrs.values()],
        BillingMode: 'PAY_PER_REQUEST',
        ...(gsis.length > 0 ? { GlobalSecondaryIndexes: gsis } : {}),
      }),
    );
  }
}
