// CodeStore on DynamoDB: one item per participant and purpose; attempts are spent by a
// conditional ADD, so parallel guesses cannot exceed the limit. TTL clears expired codes.
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CodePurpose, CodeStore, StoredCode } from '#shared/ports/code-store';
import { isConditionFailure } from './client';

const key = (participantId: string, purpose: CodePurpose) => ({ id: `${purpose}#${participantId}` });

export class DynamoCodeStore implements CodeStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(code: StoredCode): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...key(code.participantId, code.purpose), ...code, tries: 0, ttl: Math.floor(Date.parse(code.expiresAt) / 1000) + 3600 },
      }),
    );
  }

  async get(participantId: string, purpose: CodePurpose): Promise<StoredCode | undefined> {
    const item = (await this.db.send(new GetCommand({ TableName: this.table, Key: key(participantId, purpose), ConsistentRead: true }))).Item;
    if (!item) return undefined;
    return {
      participantId: item.participantId as string,
      purpose: item.purpose as CodePurpose,
      hash: item.hash as string,
      expiresAt: item.expiresAt as string,
      ...(item.registration ? { registration: item.registration as StoredCode['registration'] } : {}),
    };
  }

  async attempt(participantId: string, purpose: CodePurpose, maxAttempts: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(participantId, purpose),
          UpdateExpression: 'ADD tries :one',
          ConditionExpression: 'attribute_exists(id) AND tries < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': maxAttempts },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async delete(participantId: string, purpose: CodePurpose): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: key(participantId, purpose) }));
  }
}
