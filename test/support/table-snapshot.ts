// Everything stored in the running local runtime's tables, in a form two snapshots can be compared
// in: every item as canonical JSON (keys sorted), sorted per table. Scans with the raw client, so
// sets and binary values compare as stored rather than as the document client converts them.
import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { tables, type TableName } from '#infra/topology';

export type TableSnapshot = Record<string, string[]>;

function canonical(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  return value;
}

/** Scans every table of the topology except `exclude`, through the runtime's own client (`rt.dynamo`). */
export async function snapshotTables(dynamo: DynamoDBClient, exclude: readonly TableName[] = []): Promise<TableSnapshot> {
  const out: TableSnapshot = {};
  for (const table of Object.keys(tables) as TableName[]) {
    if (exclude.includes(table)) continue;
    const items: string[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await dynamo.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) items.push(JSON.stringify(canonical(item)));
      start = page.LastEvaluatedKey;
    } while (start);
    out[table] = items.sort();
  }
  return out;
}

/** What differs between two snapshots, per table: items only before (removed) and only after (added). */
export function tableChanges(before: TableSnapshot, after: TableSnapshot): Record<string, { removed: string[]; added: string[] }> {
  const changes: Record<string, { removed: string[]; added: string[] }> = {};
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = new Set(before[table] ?? []);
    const is = new Set(after[table] ?? []);
    const removed = [...was].filter((i) => !is.has(i));
    const added = [...is].filter((i) => !was.has(i));
    if (removed.length > 0 || added.length > 0) changes[table] = { removed, added };
  }
  return changes;
}
