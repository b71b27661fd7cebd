// RateLimiter on DynamoDB: one counter item per key and window, raised by a conditional ADD that
// fails once the limit is reached; TTL removes old windows. Keys must not hold personal data.
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '#shared/ports/rate-limiter';
import { isConditionFailure } from './client';

export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async take(key: string, limit: number, windowSeconds: number): Promise<boolean> {
    const nowS = Math.floor(this.now().getTime() / 1000);
    const window = Math.floor(nowS / windowSeconds);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { key: `${key}@${window}` },
          UpdateExpression: 'ADD n :one SET #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(n) OR n < :limit',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':ttl': (window + 2) * windowSeconds },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }
}
