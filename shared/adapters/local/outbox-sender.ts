// The local world's channel provider: every message lands in an outbox table that can be read
// back over HTTP. Keyed by delivery id, so a resend after a crash is recognised, not repeated.
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '#infra/topology';
import type { ChannelSender, OutboundMessage } from '#shared/ports/channel-sender';
import { isConditionFailure } from '#shared/adapters/dynamodb/client';
import { LOCAL_OUTBOX_TABLE } from './tables';

export interface OutboxEntry {
  readonly channel: Channel;
  readonly participantId: string;
  /** The number with all but the last four digits masked; push entries mask the device token. */
  readonly maskedNumber?: string;
  readonly maskedDevice?: string;
  readonly text: string;
  readonly title?: string;
  readonly sentAt: string;
}

/** Keeps the last four digits and, on numbers long enough to hide the rest, the prefix: `+316******1234`. */
export const maskNumber = (phone: string) => `${phone.slice(0, Math.min(4, Math.max(1, phone.length - 8)))}******${phone.slice(-4)}`;
const maskDevice = (endpoint: string) => `…${endpoint.slice(-4)}`;

export class OutboxSender implements ChannelSender {
  constructor(
    readonly channel: Channel,
    private readonly db: DynamoDBDocumentClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(m: OutboundMessage): Promise<string> {
    const entry: OutboxEntry =
      m.channel === 'push'
        ? { channel: 'push', participantId: m.participantId, maskedDevice: maskDevice(m.endpoint), title: m.title, text: m.body, sentAt: this.now().toISOString() }
        : { channel: m.channel, participantId: m.participantId, maskedNumber: maskNumber(m.to), text: m.channel === 'sms' ? m.text : m.ssml, sentAt: this.now().toISOString() };
    try {
      await this.db.send(
        new PutCommand({
          TableName: LOCAL_OUTBOX_TABLE,
          Item: { actionId: m.actionId, deliveryId: m.deliveryId, ...entry },
          ConditionExpression: 'attribute_not_exists(deliveryId)',
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const existing = await this.db.send(new GetCommand({ TableName: LOCAL_OUTBOX_TABLE, Key: { actionId: m.actionId, deliveryId: m.deliveryId } }));
      if (!existing.Item) throw err;
    }
    return `outbox:${m.deliveryId}`;
  }
}

export async function readOutbox(db: DynamoDBDocumentClient, actionId: string): Promise<OutboxEntry[]> {
  const entries: OutboxEntry[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({ TableName: LOCAL_OUTBOX_TABLE, KeyConditionExpression: 'actionId = :a', ExpressionAttributeValues: { ':a': actionId }, ExclusiveStartKey: start }),
    );
    for (const { actionId: _a, deliveryId: _d, ...entry } of page.Items ?? []) entries.push(entry as OutboxEntry);
    start = page.LastEvaluatedKey;
  } while (start);
  return entries.sort((a, b) => a.sentAt.localeCompare(b.sentAt));
}
