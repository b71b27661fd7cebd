// One DynamoDB document client per world. Locally the world passes dynalite's endpoint, which
// speaks the same API, so these adapters serve both worlds. Table names come from the world
// (the function's configuration), never from here.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Deployed (no endpoint): the SDK's own region and credentials. Local: the endpoint, with dummy credentials. */
export function createDynamoClient(endpoint?: string, region?: string): DynamoDBClient {
  if (!endpoint) return new DynamoDBClient(region ? { region } : {});
  return new DynamoDBClient({ endpoint, region: region ?? 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

export function createDocumentClient(client: DynamoDBClient = createDynamoClient()): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
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
