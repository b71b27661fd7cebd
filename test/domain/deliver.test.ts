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
import type { Action, ActionStatus, Bulletin } from '#shared/domain/action';
import { systemClock, type Clock } from '#shared/ports/clock';

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

const AREA = { center: { lat: 52.09, lon: 5.12 }, radiusMeters: 1000 };
const alert = (over: Partial<Bulletin> = {}): Bulletin => ({ seq: 0, kind: 'alert', at: '2026-01-01T00:00:00Z', by: 'op', channels: ['sms'], messages: { sms: 'Gezocht: man met rode jas' }, text: 'test', area: AREA, ...over });

const action = (id: string, over: Partial<Action> = {}): Action => ({
  id,
  type: 'heterdaad',
  title: 'Test',
  description: { text: 'test' },
  area: AREA,
  channels: ['sms'],
  messages: { sms: 'Gezocht: man met rode jas' },
  exercise: false,
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: 'op',
  bulletins: [alert()],
  rev: 1,
  ...over,
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
    const { participants, deliveries, people, action: a } = await setup('flaky', 50);
    const ids = people.map((p) => p.id);
    const sender = new FlakySender(new OutboxSender('sms', store.db), new Set(ids.slice(0, 5)), new Set([ids[7]!]), new Set([ids[9]!]));
    const deps: DeliverDeps = { participants, deliveries, sender, pacer: new Pacer(0), clock: systemClock, sleep: async () => undefined };
    const chunk = { actionId: a.id, seq: 0, channel: 'sms' as const, chunkId: 't0-0', recipients: ids };

    const first = await deliverChunk(deps, chunk, a);
    expect(first).toEqual({ sent: 44, failed: 1, skipped: 0, pending: 5 });
    // The queue redelivers the chunk (twice: once after the failure, once more as a duplicate).
    expect(await deliverChunk(deps, chunk, a)).toEqual({ sent: 49, failed: 1, skipped: 0, pending: 0 });
    expect(await deliverChunk(deps, chunk, a)).toEqual({ sent: 49, failed: 1, skipped: 0, pending: 0 });

    const outbox = await readOutbox(store.db, a.id);
    expect(outbox).toHaveLength(49);
    expect(new Set(outbox.map((e) => e.participantId)).size).toBe(49);
    expect(outbox.some((e) => e.participantId === ids[7])).toBe(false);
    const counts = await deliveries.counts(a.id);
    expect(counts.sms).toMatchObject({ targeted: 50, queued: 50, sent: 49, failed: 1 });
    expect(await deliveries.outcome({ actionId: a.id, seq: 0, channel: 'sms', participantId: ids[7]! })).toMatchObject({ status: 'failed', reason: 'ValidationException' });
  });

  it('does not send twice when the sender dies after the provider accepted the message', async () => {
    const { participants, deliveries, people, action: a } = await setup('crash', 20);
    const ids = people.map((p) => p.id);
    const outbox = new OutboxSender('sms', store.db);
    let crashed = false;
    // The ledger write after the 10th send fails as if the Lambda was killed right there.
    const dying = Object.create(deliveries) as DynamoDeliveryStore;
    let records = 0;
    dying.record = async (key: DeliveryKey, outcome: DeliveryOutcome) => {
      if (++records === 10 && !crashed) {
        crashed = true;
        throw new Error('Lambda killed');
      }
      return deliveries.record(key, outcome);
    };
    const deps: DeliverDeps = { participants, deliveries: dying, sender: outbox, pacer: new Pacer(0), clock: systemClock };
    const chunk = { actionId: a.id, seq: 0, channel: 'sms' as const, chunkId: 't0-0', recipients: ids };

    await expect(deliverChunk(deps, chunk, a)).rejects.toThrow('Lambda killed');
    expect(await deliverChunk(deps, chunk, a)).toEqual({ sent: 20, failed: 0, skipped: 0, pending: 0 });
    const entries = await readOutbox(store.db, a.id);
    expect(entries).toHaveLength(20);
    expect(new Set(entries.map((e) => e.participantId))).toEqual(new Set(ids));
  });

  it('records who can no longer be reached instead of sending', async () => {
    const gone = participant(0, { id: 'gone_0', status: 'pending' });
    const noSms = participant(1, { id: 'gone_1', channels: ['voice'] });
    const { participants, deliveries, action: a } = await setup('gone', 0, [gone, noSms]);
    const deps: DeliverDeps = { participants, deliveries, sender: new OutboxSender('sms', store.db), pacer: new Pacer(0), clock: systemClock };
    const chunk = { actionId: a.id, seq: 0, channel: 'sms' as const, chunkId: 't0-0', recipients: ['gone_0', 'gone_1', 'never_existed'] };
    expect(await deliverChunk(deps, chunk, a)).toEqual({ sent: 0, failed: 3, skipped: 0, pending: 0 });
    expect(await readOutbox(store.db, a.id)).toEqual([]);
  });
});

/** Records the order in which each participant is sent messages (by bulletin seq). */
class OrderSender implements ChannelSender {
  readonly channel = 'sms' as const;
  readonly seen = new Map<string, number[]>();
  async send(m: OutboundMessage): Promise<string> {
    const seq = Number(m.deliveryId.split(':')[1]);
    this.seen.set(m.participantId, [...(this.seen.get(m.participantId) ?? []), seq]);
    return `order:${m.deliveryId}`;
  }
  of = (id: string) => this.seen.get(id) ?? [];
}

const followUp = (seq: number, kind: Bulletin['kind'], over: Partial<Bulletin> = {}): Bulletin => ({
  seq,
  kind,
  at: `2026-01-01T00:0${seq}:00Z`,
  by: 'op',
  channels: ['sms'],
  messages: { sms: `${kind} ${seq}` },
  text: `${kind} ${seq}`,
  ...over,
});

describe('deliverChunk keeps each person in order: alert → updates → end', () => {
  const run = async (prefix: string, count: number) => {
    const { participants, deliveries, people } = await setup(prefix, count);
    const sender = new OrderSender();
    const deps: DeliverDeps = { participants, deliveries, sender, pacer: new Pacer(0), clock: systemClock };
    const ids = people.map((p) => p.id);
    const chunk = (a: Action, seq: number, over: { inArea?: string[]; recipients?: string[] } = {}) =>
      deliverChunk(deps, { actionId: a.id, seq, channel: 'sms', chunkId: `t0-${seq}`, recipients: over.recipients ?? ids, ...(over.inArea ? { inArea: over.inArea } : {}) }, a);
    return { deliveries, sender, ids, chunk };
  };

  it('an update that overtakes the alert sends the alert first, and the late alert chunk sends nothing', async () => {
    const { sender, ids, chunk } = await run('overtake', 6);
    const a = action('act_overtake', { bulletins: [alert(), followUp(1, 'update')], rev: 2 });
    expect(await chunk(a, 1, { inArea: ids })).toMatchObject({ sent: 6, pending: 0 });
    expect(await chunk(a, 0)).toMatchObject({ sent: 6, pending: 0 });
    for (const id of ids) expect(sender.of(id)).toEqual([0, 1]);
  });

  it('an update arriving after the end is not sent; the end still follows the alert', async () => {
    const { sender, ids, chunk, deliveries } = await run('late-update', 5);
    const a = action('act_late_update', { status: 'ended', outcome: 'aangehouden', bulletins: [alert(), followUp(1, 'update'), followUp(2, 'end', { outcome: 'aangehouden' })], rev: 3 });
    // The alert went out while the action was still active.
    await chunk({ ...a, status: 'active', bulletins: a.bulletins.slice(0, 1) }, 0);
    expect(await chunk(a, 2, { inArea: ids })).toMatchObject({ sent: 5 });
    expect(await chunk(a, 1, { inArea: ids })).toMatchObject({ sent: 0, skipped: 5 });
    for (const id of ids) expect(sender.of(id)).toEqual([0, 2]);
    expect(await deliveries.outcome({ actionId: a.id, seq: 1, channel: 'sms', participantId: ids[0]! })).toMatchObject({ status: 'skipped', reason: 'superseded' });
  });

  it('nobody gets an end for an alert they never got, and an alert arriving after the end is not sent', async () => {
    const { sender, ids, chunk } = await run('never', 4);
    const a = action('act_never', { status: 'cancelled', bulletins: [alert(), followUp(1, 'cancel')], rev: 2 });
    expect(await chunk(a, 1, { inArea: ids })).toMatchObject({ sent: 0, skipped: 4 });
    expect(await chunk(a, 0)).toMatchObject({ sent: 0, skipped: 4 });
    expect(sender.seen.size).toBe(0);
  });

  it('an update reaches people newly inside a moved area with the alert first, and nobody outside who was never alerted', async () => {
    const { sender, ids, chunk } = await run('moved', 6);
    const moved = { center: { lat: 52.1, lon: 5.13 }, radiusMeters: 2000 };
    const a = action('act_moved', { area: moved, bulletins: [alert(), followUp(1, 'update', { area: moved })], rev: 2 });
    // The first three got the alert; of the rest, two are inside the moved area and one is not.
    await chunk(a, 0, { recipients: ids.slice(0, 3) });
    expect(await chunk(a, 1, { inArea: [ids[0]!, ids[3]!, ids[4]!] })).toMatchObject({ sent: 5, skipped: 1, pending: 0 });
    expect(ids.map(sender.of)).toEqual([[0, 1], [0, 1], [0, 1], [0, 1], [0, 1], []]);
  });

  it('waits while an earlier message to the same person is still in flight, then sends in order', async () => {
    const { sender, ids, chunk, deliveries } = await run('busy', 3);
    const a = action('act_busy', { bulletins: [alert(), followUp(1, 'update')], rev: 2 });
    // Another sender holds the alert claim for the first recipient right now.
    const held = { actionId: a.id, seq: 0, channel: 'sms' as const, participantId: ids[0]! };
    await deliveries.claim(held, new Date().toISOString(), '2000-01-01T00:00:00Z');
    await chunk(a, 0, { recipients: ids.slice(1) });
    expect(await chunk(a, 1, { inArea: ids })).toMatchObject({ sent: 2, pending: 1 });
    // The holder finishes; the redelivered update chunk now reaches the first recipient too.
    await sender.send({ channel: 'sms', deliveryId: `${a.id}:0:sms:${ids[0]!}`, actionId: a.id, participantId: ids[0]!, to: '+31612345678', text: 'alert' });
    await deliveries.record(held, { status: 'sent', at: new Date().toISOString(), providerMessageId: 'x' });
    await deliveries.release(held, { advance: true });
    expect(await chunk(a, 1, { inArea: ids })).toMatchObject({ sent: 3, pending: 0 });
    for (const id of ids) expect(sender.of(id)).toEqual([0, 1]);
  });

  it('a redelivered update chunk sends nothing twice, and counts the late alerts under the alert', async () => {
    const { sender, ids, chunk, deliveries } = await run('redeliver', 4);
    const a = action('act_redeliver', { bulletins: [alert(), followUp(1, 'update')], rev: 2 });
    await chunk(a, 0, { recipients: ids.slice(0, 2) });
    await chunk(a, 1, { inArea: ids });
    await chunk(a, 1, { inArea: ids });
    await chunk(a, 0);
    for (const id of ids) expect(sender.of(id)).toEqual([0, 1]);
    expect((await deliveries.counts(a.id, 1)).sms).toMatchObject({ targeted: 4, sent: 4 });
    // 2 alerts from the alert chunk's first pass + 2 sent ahead of the update; the last pass finds all done.
    expect((await deliveries.counts(a.id, 0)).sms).toMatchObject({ sent: 6 });
  });
});

// An action that ends while one of its alert chunks is being sent: the state is re-read before
// provider calls, so the alerts still waiting in the chunk are skipped as `action-ended`.
/** A clock that moves 300 ms on every reading: a chunk at quota takes its time. */
const walkingClock = (): Clock => {
  let t = Date.parse('2026-01-01T00:00:00Z');
  return { now: () => new Date((t += 300)) };
};

/** Counts provider calls; after the 10th the operator ends the action (as another request would). */
class EndingSender implements ChannelSender {
  readonly channel = 'sms' as const;
  calls = 0;
  constructor(
    private readonly real: ChannelSender,
    private readonly end: () => void,
  ) {}
  async send(m: OutboundMessage): Promise<string> {
    if (++this.calls === 10) this.end();
    return this.real.send(m);
  }
}

describe('deliverChunk when the action ends mid-chunk', () => {
  it('skips the alerts not yet sent as action-ended once the action is ended', async () => {
    const { participants, deliveries, people, action: a } = await setup('ended', 100);
    const ids = people.map((p) => p.id);
    let status: ActionStatus = 'active';
    let reads = 0;
    const sender = new EndingSender(new OutboxSender('sms', store.db), () => (status = 'ended'));
    const deps: DeliverDeps = {
      participants,
      deliveries,
      sender,
      pacer: new Pacer(0),
      clock: walkingClock(),
      parallel: 1,
      actionState: async () => {
        reads++;
        return status;
      },
    };
    const result = await deliverChunk(deps, { actionId: a.id, seq: 0, channel: 'sms', chunkId: 't0-0', recipients: ids }, a);

    // Re-read at most every second (the clock walks 300 ms a reading): a few sends after the end, not the rest of the chunk.
    expect(result.sent).toBeGreaterThanOrEqual(10);
    expect(result.sent).toBeLessThan(20);
    expect(result.skipped).toBe(100 - result.sent);
    expect(result.pending).toBe(0);
    expect(await readOutbox(store.db, a.id)).toHaveLength(result.sent);
    expect(await deliveries.outcome({ actionId: a.id, seq: 0, channel: 'sms', participantId: ids[99]! })).toMatchObject({ status: 'skipped', reason: 'action-ended' });
    // Cheap: far fewer reads than recipients.
    expect(reads).toBeLessThan(40);
  });

  it('sends the whole chunk while the action runs', async () => {
    const { participants, deliveries, people, action: a } = await setup('running', 30);
    const ids = people.map((p) => p.id);
    const deps: DeliverDeps = {
      participants,
      deliveries,
      sender: new OutboxSender('sms', store.db),
      pacer: new Pacer(0),
      clock: walkingClock(),
      actionState: async () => 'active',
    };
    expect(await deliverChunk(deps, { actionId: a.id, seq: 0, channel: 'sms', chunkId: 't0-0', recipients: ids }, a)).toEqual({ sent: 30, failed: 0, skipped: 0, pending: 0 });
  });
});
