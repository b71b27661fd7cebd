// Counts the AWS requests a piece of work makes, so an action's infrastructure cost comes from
// counted requests: an SDK middleware adds ReturnConsumedCapacity to every DynamoDB data call made
// inside a metered context (AsyncLocalStorage, one per queue record) and adds up the capacity units
// DynamoDB reports; queue sends are counted where they are made. Calls outside a context pass
// untouched. The local world's own tables (queue, outbox) stand in for SQS and the providers, so
// they are not DynamoDB usage and are skipped.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface Meter {
  readonly calls: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  sqsRequests: number;
}

const storage = new AsyncLocalStorage<Meter>();

export const newMeter = (): Meter => ({ calls: {}, readUnits: 0, writeUnits: 0, sqsRequests: 0 });
export const currentMeter = (): Meter | undefined => storage.getStore();
export const runMetered = <T>(meter: Meter, fn: () => Promise<T>): Promise<T> => storage.run(meter, fn);

export function countCall(meter: Meter | undefined, name: string, n = 1): void {
  if (meter) meter.calls[name] = (meter.calls[name] ?? 0) + n;
}

/** SQS SendMessageBatch takes 10 messages a call (the queue adapters batch that way). */
export function countQueueSend(messages: number): void {
  const meter = currentMeter();
  if (!meter || messages === 0) return;
  const calls = Math.ceil(messages / 10);
  meter.sqsRequests += calls;
  countCall(meter, 'SQS.SendMessageBatch', calls);
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const LOCAL_TABLE = /^_local_/;

function tablesOf(input: Record<string, unknown>): string[] {
  if (typeof input.TableName === 'string') return [input.TableName];
  if (input.RequestItems && typeof input.RequestItems === 'object') return Object.keys(input.RequestItems);
  return [];
}

function unitsOf(output: unknown): number {
  const consumed = (output as { ConsumedCapacity?: unknown } | undefined)?.ConsumedCapacity;
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce((sum: number, c: { CapacityUnits?: number }) => sum + (c.CapacityUnits ?? 0), 0);
}

/** Installs the counting middleware on a DynamoDB client (the document client shares its stack). */
export function meterDynamo(client: DynamoDBClient): DynamoDBClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const meter = currentMeter();
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      const input = args.input as Record<string, unknown>;
      const data = READS.has(operation) || WRITES.has(operation);
      if (!meter || !data || tablesOf(input).every((t) => LOCAL_TABLE.test(t))) return next(args);
      input.ReturnConsumedCapacity ??= 'TOTAL';
      countCall(meter, `DynamoDB.${operation}`);
      try {
        const result = await next(args);
        const units = unitsOf(result.output);
        if (READS.has(operation)) meter.readUnits += units;
        else meter.writeUnits += units;
        return result;
      } catch (err) {
        // A refused conditional write is still billed (at least one write unit); DynamoDB does not
        // report how many, so one is counted.
        if (WRITES.has(operation) && err instanceof Error && err.name === 'ConditionalCheckFailedException') meter.writeUnits += 1;
        throw err;
      }
    },
    { step: 'initialize', name: 'burgernetRequestMeter', override: true },
  );
  return client;
}
