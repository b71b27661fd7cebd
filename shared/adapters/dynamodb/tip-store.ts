// TipStore on DynamoDB: one partition per action, sorted by time and id, so an action's tips
// read newest first in one Query. TTL removes them after the retention period.
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page } from '#shared/ports/action-store';
import type { Tip, TipStore } from '#shared/ports/tip-store';
import { InvalidCursorError } from './action-store';

const sortKey = (t: Pick<Tip, 'at' | 'id'>) => `${t.at}#${t.id}`;

export class DynamoTipStore implements TipStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async add(tip: Tip): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...tip, sk: sortKey(tip), ttl: Math.floor(Date.parse(tip.expiresAt) / 1000) },
        // Ids are fresh UUIDs: a collision would be a bug, not a retry to absorb.
        ConditionExpression: 'attribute_not_exists(sk)',
      }),
    );
  }

  async list(actionId: string, limit: number, cursor?: string): Promise<Page<Tip>> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'actionId = :a',
        ExpressionAttributeValues: { ':a': actionId },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor ? { actionId, sk: decodeCursor(cursor) } : undefined,
      }),
    );
    const items = (out.Items ?? []).map(({ sk: _sk, ttl: _ttl, ...tip }) => tip as Tip);
    const last = out.LastEvaluatedKey?.sk;
    return { items, ...(typeof last === 'string' ? { next: Buffer.from(last).toString('base64url') } : {}) };
  }
}

/** A cursor is the last sort key seen; anything else is refused before it reaches DynamoDB. */
function decodeCursor(cursor: string): string {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+Z#tip_[0-9a-f-]{36}$/.test(sk)) throw new InvalidCursorError();
  return sk;
}
