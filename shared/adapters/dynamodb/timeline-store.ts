// TimelineStore on DynamoDB: one item per entry under the action's partition. Entries are put
// only if absent, so the audit trail is append-only even for retried steps.
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TimelineEntry, TimelineStore } from '#shared/ports/timeline-store';
import { isConditionFailure } from './client';

export class DynamoTimelineStore implements TimelineStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async append(entry: TimelineEntry): Promise<void> {
    try {
      await this.db.send(new PutCommand({ TableName: this.table, Item: { ...entry, sk: entry.id }, ConditionExpression: 'attribute_not_exists(sk)' }));
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  async list(actionId: string): Promise<TimelineEntry[]> {
    const entries: TimelineEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({ TableName: this.table, KeyConditionExpression: 'actionId = :a', ExpressionAttributeValues: { ':a': actionId }, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) {
        const { sk: _sk, ...entry } = item;
        entries.push(entry as TimelineEntry);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return entries.sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at.localeCompare(b.at)));
  }
}
