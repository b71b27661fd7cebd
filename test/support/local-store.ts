// A fresh in-memory dynalite with every table, for tests of the DynamoDB adapters.
import { afterAll, beforeAll } from 'vitest';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startStore, createTables, type LocalStore } from '#shared/local/store';
import { createDocumentClient, createDynamoClient } from '#shared/adapters/dynamodb/client';

export interface TestStore {
  client: DynamoDBClient;
  db: DynamoDBDocumentClient;
}

/** Registers hooks that start dynalite before the file's tests and stop it after. */
export function useLocalStore(): TestStore {
  const handle = {} as TestStore;
  let store: LocalStore;
  beforeAll(async () => {
    store = await startStore(undefined);
    handle.client = createDynamoClient(store.endpoint);
    handle.db = createDocumentClient(handle.client);
    await createTables(handle.client);
  });
  afterAll(async () => {
    handle.client.destroy();
    await store.close();
  });
  return handle;
}
