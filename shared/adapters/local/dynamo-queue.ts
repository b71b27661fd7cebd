// A durable queue with SQS semantics for the local world, kept in dynalite so it survives a
// restart or a SIGKILL: at-least-once receive with a visibility timeout, receive counts, and a
// move to the dead-letter queue after maxReceiveCount receives. `local-aws-sqs` was not used
// because it keeps messages in memory, and a killed runtime must not lose queued work.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Queue } from '#shared/ports/queue';
import type { QueueName } from '#infra/topology';
import { isConditionFailure } from '#shared/adapters/dynamodb/client';
import { LOCAL_QUEUE_TABLE } from './tables';

export interface ReceivedMessage {
  readonly id: string;
  readonly body: string;
  readonly receipt: string;
  readonly receiveCount: number;
  readonly sentAt: number;
}

export const dlqName = (queue: string) => `${queue}-dlq`;

let sequence = 0;
/** Sortable ids keep FIFO-ish order within a queue, as SQS roughly does. */
const messageId = (now: number) => `${now.toString(36).padStart(9, '0')}-${(sequence++ % 1e6).toString(36).padStart(4, '0')}-${randomUUID().slice(0, 8)}`;

export class DynamoQueue implements Queue {
  /** Wakes pollers in this process as soon as something is sent. */
  readonly signal = new EventEmitter();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly now: () => number = Date.now,
  ) {
    this.signal.setMaxListeners(100);
  }

  async send(queue: QueueName | string, messages: readonly unknown[]): Promise<void> {
    const at = this.now();
    for (let i = 0; i < messages.length; i += 10) {
      await Promise.all(
        messages.slice(i, i + 10).map((m) =>
          this.db.send(
            new PutCommand({
              TableName: LOCAL_QUEUE_TABLE,
              Item: { q: queue, id: messageId(at), body: JSON.stringify(m), visibleAt: at, receiveCount: 0, sentAt: at },
            }),
          ),
        ),
      );
    }
    this.signal.emit(queue);
  }

  /** Receives up to `max` visible messages and hides them for `visibilityMs`. */
  async receive(queue: string, max: number, visibilityMs: number, maxReceiveCount: number): Promise<ReceivedMessage[]> {
    const now = this.now();
    const got: ReceivedMessage[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: LOCAL_QUEUE_TABLE,
          KeyConditionExpression: 'q = :q',
          FilterExpression: 'visibleAt <= :now',
          ExpressionAttributeValues: { ':q': queue, ':now': now },
          ExclusiveStartKey: start,
          Limit: 200,
        }),
      );
      for (const item of page.Items ?? []) {
        if (got.length >= max) break;
        const receipt = randomUUID();
        try {
          const out = await this.db.send(
            new UpdateCommand({
              TableName: LOCAL_QUEUE_TABLE,
              Key: { q: queue, id: item.id },
              UpdateExpression: 'SET visibleAt = :v, receipt = :r ADD receiveCount :one',
              ConditionExpression: 'visibleAt = :old',
              ExpressionAttributeValues: { ':v': now + visibilityMs, ':r': receipt, ':one': 1, ':old': item.visibleAt },
              ReturnValues: 'ALL_NEW',
            }),
          );
          const count = out.Attributes!.receiveCount as number;
          if (count > maxReceiveCount) {
            await this.moveToDlq(queue, item.id as string, item.body as string, item.sentAt as number, receipt);
            continue;
          }
          got.push({ id: item.id as string, body: item.body as string, receipt, receiveCount: count, sentAt: item.sentAt as number });
        } catch (err) {
          if (!isConditionFailure(err)) throw err; // another poller took it
        }
      }
      start = got.length >= max ? undefined : page.LastEvaluatedKey;
    } while (start);
    return got;
  }

  async delete(queue: string, id: string, receipt: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({ TableName: LOCAL_QUEUE_TABLE, Key: { q: queue, id }, ConditionExpression: 'receipt = :r', ExpressionAttributeValues: { ':r': receipt } }),
      );
    } catch (err) {
      // The receipt went stale (visibility expired, someone else received it): SQS ignores this too.
      if (!isConditionFailure(err)) throw err;
    }
  }

  /** Same id in the DLQ, so a move interrupted halfway and repeated leaves one copy. */
  private async moveToDlq(queue: string, id: string, body: string, sentAt: number, receipt: string): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: LOCAL_QUEUE_TABLE, Item: { q: dlqName(queue), id, body, visibleAt: this.now(), receiveCount: 0, sentAt } }),
    );
    await this.delete(queue, id, receipt);
  }

  /**
   * Moves every message now in `queue`'s DLQ back to `queue` once, with a fresh receive count;
   * same id, put before delete, so an interrupted redrive repeated leaves one copy. Returns how many moved.
   */
  async redrive(queue: string): Promise<number> {
    const from = dlqName(queue);
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new QueryCommand({ TableName: LOCAL_QUEUE_TABLE, KeyConditionExpression: 'q = :q', ExpressionAttributeValues: { ':q': from }, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    for (const item of items) {
      await this.db.send(
        new PutCommand({ TableName: LOCAL_QUEUE_TABLE, Item: { q: queue, id: item.id, body: item.body, visibleAt: this.now(), receiveCount: 0, sentAt: item.sentAt } }),
      );
      await this.db.send(new DeleteCommand({ TableName: LOCAL_QUEUE_TABLE, Key: { q: from, id: item.id } }));
    }
    if (items.length > 0) this.signal.emit(queue);
    return items.length;
  }

  async depth(queue: string): Promise<number> {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({ TableName: LOCAL_QUEUE_TABLE, KeyConditionExpression: 'q = :q', ExpressionAttributeValues: { ':q': queue }, Select: 'COUNT', ExclusiveStartKey: start }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return count;
  }
}
