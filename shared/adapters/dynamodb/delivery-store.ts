// DeliveryStore on DynamoDB: the exactly-once ledger and the chunk progress records. No
// transactions are needed (dynalite has none): every write is a single-item conditional write.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '#infra/topology';
import type { ChannelCounts, ChunkProgress, ClaimResult, DeliveryKey, DeliveryOutcome, DeliveryStore } from '#shared/ports/delivery-store';
import { isConditionFailure } from './client';

const deliverySk = (k: DeliveryKey) => `d#${k.seq}#${k.channel}#${k.participantId}`;
const progressPrefix = (seq: number) => `p#${seq}#`;

export class DynamoDeliveryStore implements DeliveryStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(key: DeliveryKey, at: string): Promise<ClaimResult> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { actionId: key.actionId, sk: deliverySk(key) },
          UpdateExpression: 'SET st = :sending, claimedAt = :at ADD attempts :one',
          ConditionExpression: 'attribute_not_exists(sk) OR st = :sending',
          ExpressionAttributeValues: { ':sending': 'sending', ':at': at, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { claimed: true, attempt: (out.Attributes?.attempts as number | undefined) ?? 1 };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    const item = (await this.db.send(new GetCommand({ TableName: this.table, Key: { actionId: key.actionId, sk: deliverySk(key) }, ConsistentRead: true }))).Item;
    if (item?.st === 'sent') return { claimed: false, outcome: { status: 'sent', at: item.at as string, providerMessageId: item.pid as string } };
    if (item?.st === 'failed') return { claimed: false, outcome: { status: 'failed', at: item.at as string, reason: item.reason as string } };
    throw new Error(`delivery ${deliverySk(key)} changed while being claimed`);
  }

  async close(key: DeliveryKey, outcome: DeliveryOutcome): Promise<void> {
    const sent = outcome.status === 'sent';
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { actionId: key.actionId, sk: deliverySk(key) },
          UpdateExpression: sent ? 'SET st = :st, #at = :at, pid = :detail' : 'SET st = :st, #at = :at, reason = :detail',
          ConditionExpression: 'st = :sending',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':st': outcome.status, ':at': outcome.at, ':detail': sent ? outcome.providerMessageId : outcome.reason, ':sending': 'sending' },
        }),
      );
    } catch (err) {
      // Already closed by a concurrent redelivery of the same chunk: the first outcome stands.
      if (!isConditionFailure(err)) throw err;
    }
  }

  async putProgress(p: ChunkProgress): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...p, sk: `${progressPrefix(p.seq)}${p.channel}#${p.chunkId}` },
          // A stale writer (a slow retry) must not lower figures a later writer already raised.
          ConditionExpression: 'attribute_not_exists(sk) OR (sent <= :sent AND failed <= :failed AND (queued = :false OR :queued = :true))',
          ExpressionAttributeValues: { ':sent': p.sent, ':failed': p.failed, ':queued': p.queued, ':true': true, ':false': false },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  async counts(actionId: string, seq = 0): Promise<Partial<Record<Channel, ChannelCounts>>> {
    const counts: Partial<Record<Channel, ChannelCounts>> = {};
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'actionId = :a AND begins_with(sk, :p)',
          ExpressionAttributeValues: { ':a': actionId, ':p': progressPrefix(seq) },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of (page.Items ?? []) as unknown as ChunkProgress[]) {
        const c = (counts[item.channel] ??= { targeted: 0, queued: 0, sent: 0, failed: 0 });
        c.targeted += item.targeted;
        c.queued += item.queued ? item.targeted : 0;
        c.sent += item.sent;
        c.failed += item.failed;
        if (item.firstSentAt && (!c.firstSentAt || item.firstSentAt < c.firstSentAt)) c.firstSentAt = item.firstSentAt;
        if (item.lastSentAt && (!c.lastSentAt || item.lastSentAt > c.lastSentAt)) c.lastSentAt = item.lastSentAt;
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return counts;
  }
}
