// One DynamoDB document client per process. Locally DYNAMODB_ENDPOINT points at dynalite, which
// speaks the same API, so these adapters serve both worlds.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableEnv, type TableName } from '#infra/topology';

export function createDynamoClient(endpoint = process.env.DYNAMODB_ENDPOINT): DynamoDBClient {
  return new DynamoDBClient(
    endpoint ? { endpoint, region: process.env.AWS_REGION ?? 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {},
  );
}

export function createDocumentClient(client: DynamoDBClient = createDynamoClient()): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function tableName(table: TableName): string {
  const name = process.env[tableEnv(table)];
  if (!name) throw new Error(`${tableEnv(table)} is not set`);
  return name;
}

export const isConditionFailure = (err: unknown): boolean => err instanceof Error && err.name === 'ConditionalCheckFailedException';

/** Retries what DynamoDB left unprocessed (throttling), with backoff, until nothing is left. */
export async function withUnprocessed<T>(first: T, run: (input: T) => Promise<T | undefined>, attempts = 8): Promise<void> {
  let rest: T | undefined = first;
  for (let i = 0; rest !== undefined; i++) {
    if (i >= attempts) throw new Error('DynamoDB kept items unprocessed after retries');
    if (i > 0) await new Promise((r) => setTimeout(r, Math.random() * 50 * 2 ** i));
    rest = await run(rest);
  }
}
