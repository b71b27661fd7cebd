// DeliveryStore on DynamoDB: per-participant threads, per-message outcomes and chunk progress,
// all in the deliveries table under the action's partition. No transactions are needed
// (dynalite has none): every write is a single-item conditional write.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '#infra/topology';
import type { ChannelCounts, ChunkProgress, ClaimResult, DeliveryKey, DeliveryOutcome, DeliveryStore, Thread } from '#shared/ports/delivery-store';
import { isConditionFailure } from './client';

const outcomeSk = (k: DeliveryKey) => `d#${k.seq}#${k.channel}#${k.participantId}`;
const threadSk = (k: DeliveryKey) => `t#${k.channel}#${k.participantId}`;
const progressPrefix = (seq: number) => `p#${seq}#`;

interface ThreadItem {
  last?: number;
  alertFailed?: boolean;
  busy?: number;
  busyAt?: string;
}

const threadOf = (item: ThreadItem | undefined): Thread => ({
  ...(item?.last !== undefined ? { last: item.last } : {}),
  ...(item?.alertFailed ? { alertFailed: true } : {}),
});

export class DynamoDeliveryStore implements DeliveryStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(key: DeliveryKey, at: string, staleBefore: string): Promise<ClaimResult> {
    // A release can land between the failed condition and the read; look again a few times.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const out = await this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { actionId: key.actionId, sk: threadSk(key) },
            UpdateExpression: 'SET busy = :k, busyAt = :at',
            ConditionExpression: '(attribute_not_exists(busy) OR busy = :k OR busyAt < :stale) AND (attribute_not_exists(#last) OR #last < :k)',
            ExpressionAttributeNames: { '#last': 'last' },
            ExpressionAttributeValues: { ':k': key.seq, ':at': at, ':stale': staleBefore },
            ReturnValues: 'ALL_OLD',
          }),
        );
        const old = out.Attributes as ThreadItem | undefined;
        return { claimed: true, thread: threadOf(old), retry: old?.busy === key.seq };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
      const thread = (await this.db.send(new GetCommand({ TableName: this.table, Key: { actionId: key.actionId, sk: threadSk(key) }, ConsistentRead: true })))
        .Item as ThreadItem | undefined;
      if (thread?.last !== undefined && thread.last >= key.seq) {
        const outcome = await this.outcome(key);
        return outcome ? { claimed: false, reason: 'done', outcome } : { claimed: false, reason: 'behind', last: thread.last };
      }
      if (thread?.busy !== undefined && thread.busy !== key.seq && (thread.busyAt ?? '') >= staleBefore) return { claimed: false, reason: 'busy' };
    }
    return { claimed: false, reason: 'busy' };
  }

  async record(key: DeliveryKey, outcome: DeliveryOutcome): Promise<DeliveryOutcome> {
    const detail = outcome.status === 'sent' ? { pid: outcome.providerMessageId } : { reason: outcome.reason };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { actionId: key.actionId, sk: outcomeSk(key), st: outcome.status, at: outcome.at, ...detail },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      );
      return outcome;
    } catch (err) {
      // Recorded by a concurrent redelivery of the same chunk: the first outcome stands.
      if (!isConditionFailure(err)) throw err;
      return (await this.outcome(key)) ?? outcome;
    }
  }

  async outcome(key: DeliveryKey): Promise<DeliveryOutcome | undefined> {
    const item = (await this.db.send(new GetCommand({ TableName: this.table, Key: { actionId: key.actionId, sk: outcomeSk(key) }, ConsistentRead: true }))).Item;
    if (!item) return undefined;
    const at = item.at as string;
    if (item.st === 'sent') return { status: 'sent', at, providerMessageId: item.pid as string };
    return { status: item.st as 'failed' | 'skipped', at, reason: item.reason as string };
  }

  async release(key: DeliveryKey, change: { readonly advance?: boolean; readonly alertFailed?: boolean }): Promise<void> {
    const sets = [...(change.advance ? ['#last = :k'] : []), ...(change.alertFailed ? ['alertFailed = :true'] : [])];
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { actionId: key.actionId, sk: threadSk(key) },
          UpdateExpression: `${sets.length > 0 ? `SET ${sets.join(', ')} ` : ''}REMOVE busy, busyAt`,
          // Only the holder releases; a holder that lost its claim to a takeover leaves it be.
          ConditionExpression: change.advance ? 'busy = :k AND (attribute_not_exists(#last) OR #last < :k)' : 'busy = :k',
          ExpressionAttributeNames: change.advance ? { '#last': 'last' } : undefined,
          ExpressionAttributeValues: { ':k': key.seq, ...(change.alertFailed ? { ':true': true } : {}) },
        }),
      );
    } catch (err) {
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
          ConditionExpression:
            'attribute_not_exists(sk) OR (sent <= :sent AND failed <= :failed AND (attribute_not_exists(skipped) OR skipped <= :skipped) AND (queued = :false OR :queued = :true))',
          ExpressionAttributeValues: { ':sent': p.sent, ':failed': p.failed, ':skipped': p.skipped, ':queued': p.queued, ':true': true, ':false': false },
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
        const c = (counts[item.channel] ??= { targeted: 0, queued: 0, sent: 0, failed: 0, skipped: 0 });
        c.targeted += item.targeted;
        c.queued += item.queued ? item.targeted : 0;
        c.sent += item.sent;
        c.failed += item.failed;
        c.skipped += item.skipped ?? 0;
        if (item.firstSentAt && (!c.firstSentAt || item.firstSentAt < c.firstSentAt)) c.firstSentAt = item.firstSentAt;
        if (item.lastSentAt && (!c.lastSentAt || item.lastSentAt > c.lastSentAt)) c.lastSentAt = item.lastSentAt;
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return counts;
  }
}
