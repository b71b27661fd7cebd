// Delivery under faults, against the real local stores: a flaky provider, a sender that dies
// between the provider call and the ledger write, a redelivered chunk. The outbox must end with
// exactly one message per recipient, and failures must be recorded with their reason.
import { describe, expect, it } from 'vitest';
import { useLocalStore } from '../support/local-store';
import { DynamoParticipantStore } from '#shared/adapters/dynamodb/participant-store';
import { DynamoActionStore } from '#shared/adapters/dynamodb/action-store';
import { DynamoDeliveryStore } from '#shared/adapters/dynamodb/delivery-store';
import { OutboxSender, readOutbox } from '#shared/adapters/local/outbox-sender';
import { ChannelError, type ChannelSender, type OutboundMessage } from '#shared/ports/channel-sender';
import type { Participant } from '#shared/ports/participant-store';
import type { DeliveryKey, DeliveryOutcome } from '#shared/ports/delivery-store';
import { deliverChunk, type DeliverDeps } from '#shared/domain/deliver';
import { Pacer } from '#shared/domain/pacer';
import type { Action } from '#shared/domain/action';
import { systemClock } from '#shared/ports/clock';

const store = useLocalStore();

const participant = (i: number, over: Partial<Participant> = {}): Participant => ({
  id: `dl_${i}`,
  phone: `+3161234${String(i).padStart(4, '0')}`,
  channels: ['sms', 'voice'],
  lat: 52.09,
  lon: 5.12,
  language: 'nl',
  status: 'active',
  exerciseOptIn: false,
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

const action = (id: string): Action => ({
  id,
  type: 'heterdaad',
  title: 'Test',
  description: { text: 'test' },
  area: { center: { lat: 52.09, lon: 5.12 }, radiusMeters: 1000 },
  channels: ['sms'],
  messages: { sms: 'Gezocht: man met rode jas' },
  exercise: false,
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: 'op',
});

/** Fails chosen recipients: transiently on their first attempt, or permanently always. */
class FlakySender implements ChannelSender {
  readonly channel = 'sms' as const;
  readonly attempts = new Map<string, number>();
  constructor(
    private readonly real: ChannelSender,
    private readonly transient: Set<string>,
    private readonly permanent: Set<string>,
    private readonly throttled = new Set<string>(),
  ) {}
  async send(m: OutboundMessage): Promise<string> {
    const n = (this.attempts.get(m.participantId) ?? 0) + 1;
    this.attempts.set(m.participantId, n);
    if (this.permanent.has(m.participantId)) throw new ChannelError('permanent', 'ValidationException');
    if (this.transient.has(m.participantId) && n === 1) throw new ChannelError('transient', 'TimeoutError');
    if (this.throttled.has(m.participantId) && n <= 2) throw new ChannelError('throttled', 'ThrottlingException');
    return this.real.send(m);
  }
}

async function setup(prefix: string, count: number, extra: Participant[] = []) {
  const participants = new DynamoParticipantStore(store.db, 'participants');
  const actions = new DynamoActionStore(store.db, 'actions');
  const deliveries = new DynamoDeliveryStore(store.db, 'deliveries');
  const people = Array.from({ length: count }, (_, i) => participant(i, { id: `${prefix}_${i}` }));
  await participants.putMany([...people, ...extra]);
  const a = action(`act_${prefix}`);
  await actions.create(a);
  return { participants, actions, deliveries, people, action: a };
}

describe('deliverChunk under faults', () => {
  it('sends each recipient once across redeliveries, records permanent failures with their reason', async () => {
    const { participants, actions, deliveries, people, action: a } = await setup('flaky', 50);
    const ids = people.map((p) => p.id);
    const sender = new FlakySender(new OutboxSender('sms', store.db), new Set(ids.slice(0, 5)), new Set([ids[7]!]), new Set([ids[9]!]));
    const deps: DeliverDeps = { actions, participants, deliveries, sender, pacer: new Pacer(0), clock: systemClock, sleep: async () => undefined };
    const chunk = { actionId: a.id, seq: 0, channel: 'sms' as const, chunkId: 't0-0', recipients: ids };

    const first = await deliverChunk(deps, chunk, a);
    expect(first).toEqual({ sent: 44, failed: 1, pending: 5 });
    // The queue redelivers the chunk (twice: once after the failure, once more as a duplicate).
    expect(await deliverChunk(deps, chunk, a)).toEqual({ sent: 49, failed: 1, pending: 0 });
    expect(await deliverChunk(deps, chunk, a)).toEqual({ sent: 49, failed: 1, pending: 0 });

    const outbox = await readOutbox(store.db, a.id);
    expect(outbox).toHaveLength(49);
    expect(new Set(outbox.map((e) => e.participantId)).size).toBe(49);
    expect(outbox.some((e) => e.participantId === ids[7])).toBe(false);
    const counts = await deliveries.counts(a.id);
    expect(counts.sms).toMatchObject({ targeted: 50, queued: 50, sent: 49, failed: 1 });
    const failed = await deliveries.claim({ actionId: a.id, seq: 0, channel: 'sms', participantId: ids[7]! }, new Date().toISOString());
    expect(failed).toEqual({ claimed: false, outcome: expect.objectContaining({ status: 'failed', reason: 'ValidationException' }) });
  });

  it('does not send twice when the sender dies after the provider accepted the message', async () => {
    const { participants, actions, deliveries, people, action: a } = await setup('crash', 20);
    const ids = people.map((p) => p.id);
    const outbox = new OutboxSender('sms', store.db);
    let crashed = false;
    // The ledger write after the 10th send fails as if the Lambda was killed right there.
    const dying = Object.create(deliveries) as DynamoDeliveryStore;
    let closes = 0;
    dying.close = async (key: DeliveryKey, outcome: DeliveryOutcome) => {
      if (++closes === 10 && !crashed) {
        crashed = true;
        throw new Error('Lambda killed');
      }
      return deliveries.close(key, outcome);
    };
    const deps: DeliverDeps = { actions, participants, deliveries: dying, sender: outbox, pacer: new Pacer(0), clock: systemClock };
    const chunk = { actionId: a.id, seq: 0, channel: 'sms' as const, chunkId: 't0-0', recipients: ids };

    await expect(deliverChunk(deps, chunk, a)).rejects.toThrow('Lambda killed');
    expect(await deliverChunk(deps, chunk, a)).toEqual({ sent: 20, failed: 0, pending: 0 });
    const entries = await readOutbox(store.db, a.id);
    expect(entries).toHaveLength(20);
    expect(new Set(entries.map((e) => e.participantId))).toEqual(new Set(ids));
  });

  it('records who can no longer be reached instead of sending', async () => {
    const gone = participant(0, { id: 'gone_0', status: 'pending' });
    const noSms = participant(1, { id: 'gone_1', channels: ['voice'] });
    const { participants, actions, deliveries, action: a } = await setup('gone', 0, [gone, noSms]);
    const deps: DeliverDeps = { actions, participants, deliveries, sender: new OutboxSender('sms', store.db), pacer: new Pacer(0), clock: systemClock };
    const chunk = { actionId: a.id, seq: 0, channel: 'sms' as const, chunkId: 't0-0', recipients: ['gone_0', 'gone_1', 'never_existed'] };
    expect(await deliverChunk(deps, chunk, a)).toEqual({ sent: 0, failed: 3, pending: 0 });
    expect(await readOutbox(store.db, a.id)).toEqual([]);
  });
});
