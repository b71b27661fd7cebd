// DynamoDeliveryStore against dynalite: per-recipient threads (in order, one in flight), outcomes, chunk progress.
import { describe, expect, it, vi } from 'vitest';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDeliveryStore } from '#shared/adapters/dynamodb/delivery-store';
import type { ChunkProgress, DeliveryKey } from '#shared/ports/delivery-store';
import { useLocalStore } from '../../support/local-store';

const TABLE = 'deliveries';

const key = (actionId: string, over: Partial<DeliveryKey> = {}): DeliveryKey => ({ actionId, seq: 0, channel: 'sms', participantId: 'p-1', ...over });

const progress = (actionId: string, chunkId: string, over: Partial<ChunkProgress> = {}): ChunkProgress => ({
  actionId,
  seq: 0,
  channel: 'sms',
  chunkId,
  targeted: 10,
  queued: true,
  sent: 0,
  failed: 0,
  skipped: 0,
  ...over,
});

describe('DynamoDeliveryStore threads: claim, record, release', () => {
  const store = useLocalStore();
  const deliveries = () => new DynamoDeliveryStore(store.db, TABLE);
  const T0 = '2026-01-01T10:00:00.000Z';
  const LATER = '2026-01-01T10:05:00.000Z';
  /** Claims older than this are stale; T0 claims are fresh against it. */
  const FRESH = '2026-01-01T09:00:00.000Z';
  const sent = (id: string, at = '2026-01-01T10:00:01.000Z') => ({ status: 'sent' as const, at, providerMessageId: id });

  /** Claim, record and release one message, as a sender does. */
  const deliver = async (k: DeliveryKey, id = `m-${k.seq}`) => {
    expect(await deliveries().claim(k, T0, FRESH)).toMatchObject({ claimed: true });
    await deliveries().record(k, sent(id));
    await deliveries().release(k, { advance: true });
  };

  it('claims a new thread with no history', async () => {
    expect(await deliveries().claim(key('a-new'), T0, FRESH)).toEqual({ claimed: true, thread: {}, retry: false });
  });

  it('lets the same message be claimed again after a crash, saying it is a retry', async () => {
    const k = key('a-crash');
    await deliveries().claim(k, T0, FRESH);
    expect(await deliveries().claim(k, LATER, FRESH)).toEqual({ claimed: true, thread: {}, retry: true });
  });

  it('returns the outcome of a message already delivered instead of claiming it again', async () => {
    const k = key('a-done');
    await deliver(k, 'msg-1');
    expect(await deliveries().claim(k, LATER, FRESH)).toEqual({ claimed: false, reason: 'done', outcome: sent('msg-1') });
    expect(await deliveries().claim(k, LATER, FRESH)).toMatchObject({ claimed: false, reason: 'done' });
  });

  it('hands the next message the thread where the previous one left it', async () => {
    const alert = key('a-next');
    await deliver(alert);
    expect(await deliveries().claim({ ...alert, seq: 1 }, LATER, FRESH)).toEqual({ claimed: true, thread: { last: 0 }, retry: false });
  });

  it('refuses a message the thread is already past (an update arriving after the end)', async () => {
    const k = key('a-behind');
    await deliver(k);
    await deliver({ ...k, seq: 3 });
    expect(await deliveries().claim({ ...k, seq: 2 }, LATER, FRESH)).toEqual({ claimed: false, reason: 'behind', last: 3 });
  });

  it('keeps one message in flight per thread: another waits until release, or until the claim is stale', async () => {
    const k = key('a-busy');
    await deliver(k);
    expect(await deliveries().claim({ ...k, seq: 1 }, T0, FRESH)).toMatchObject({ claimed: true });
    expect(await deliveries().claim({ ...k, seq: 2 }, T0, FRESH)).toEqual({ claimed: false, reason: 'busy' });
    // The holder of seq 1 died: once its claim is older than the staleness limit, seq 2 takes over.
    expect(await deliveries().claim({ ...k, seq: 2 }, LATER, '2026-01-01T10:01:00.000Z')).toEqual({ claimed: true, thread: { last: 0 }, retry: false });
    // The late holder's release no longer moves the thread.
    await deliveries().release({ ...k, seq: 1 }, { advance: true });
    expect(await deliveries().claim({ ...k, seq: 3 }, LATER, FRESH)).toEqual({ claimed: false, reason: 'busy' });
  });

  it('keeps threads apart per channel, participant and action', async () => {
    const base = key('a-separate');
    await deliver(base);
    expect(await deliveries().claim({ ...base, channel: 'voice' }, T0, FRESH)).toEqual({ claimed: true, thread: {}, retry: false });
    expect(await deliveries().claim({ ...base, participantId: 'p-2' }, T0, FRESH)).toEqual({ claimed: true, thread: {}, retry: false });
    expect(await deliveries().claim({ ...base, actionId: 'a-separate-other' }, T0, FRESH)).toEqual({ claimed: true, thread: {}, retry: false });
  });

  it('marks a thread whose alert failed, so no follow-up goes', async () => {
    const k = key('a-alert-failed');
    await deliveries().claim(k, T0, FRESH);
    await deliveries().record(k, { status: 'failed', at: T0, reason: 'unreachable' });
    await deliveries().release(k, { advance: true, alertFailed: true });
    expect(await deliveries().claim({ ...k, seq: 1 }, LATER, FRESH)).toEqual({ claimed: true, thread: { last: 0, alertFailed: true }, retry: false });
  });

  it('releases without advancing: the thread stays before the message (nothing was given)', async () => {
    const k = key('a-no-advance', { seq: 1 });
    await deliveries().claim(k, T0, FRESH);
    await deliveries().release(k, {});
    expect(await deliveries().claim({ ...k, seq: 0 }, LATER, FRESH)).toEqual({ claimed: true, thread: {}, retry: false });
  });

  it('keeps the first recorded outcome, also when two redeliveries record at once', async () => {
    const k = key('a-race');
    const [one, two] = await Promise.all([deliveries().record(k, sent('one')), deliveries().record(k, sent('two'))]);
    expect(one).toEqual(two);
    expect(await deliveries().record(k, { status: 'failed', at: LATER, reason: 'late failure' })).toEqual(one);
    expect(await deliveries().outcome(k)).toEqual(one);
    expect(await deliveries().outcome(key('a-race', { seq: 1 }))).toBeUndefined();
  });
});

describe('DynamoDeliveryStore progress and counts', () => {
  const store = useLocalStore();
  const deliveries = () => new DynamoDeliveryStore(store.db, TABLE);

  const rawProgress = async (actionId: string, chunkId: string, seq = 0, channel = 'sms') =>
    (await store.db.send(new GetCommand({ TableName: TABLE, Key: { actionId, sk: `p#${seq}#${channel}#${chunkId}` }, ConsistentRead: true }))).Item;

  it('returns no counts for an action without progress', async () => {
    expect(await deliveries().counts('a-nothing')).toEqual({});
  });

  it('never lowers sent or failed: a stale write is ignored', async () => {
    const a = 'a-stale';
    await deliveries().putProgress(progress(a, 'c0', { sent: 5, failed: 1, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:05.000Z' }));
    await deliveries().putProgress(progress(a, 'c0', { sent: 3, failed: 1, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:03.000Z' }));
    await deliveries().putProgress(progress(a, 'c0', { sent: 5, failed: 0 }));

    expect(await deliveries().counts(a)).toEqual({
      sms: { targeted: 10, queued: 10, sent: 5, failed: 1, skipped: 0, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:05.000Z' },
    });
  });

  it('raises figures when a later write has more', async () => {
    const a = 'a-raise';
    await deliveries().putProgress(progress(a, 'c0', { sent: 2, failed: 0, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:02.000Z' }));
    await deliveries().putProgress(progress(a, 'c0', { sent: 8, failed: 2, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:09.000Z' }));

    expect((await deliveries().counts(a)).sms).toEqual({ targeted: 10, queued: 10, sent: 8, failed: 2, skipped: 0, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:09.000Z' });
  });

  it('rewrites the same figures without counting them twice (a retried batch)', async () => {
    const a = 'a-retry';
    const p = progress(a, 'c0', { sent: 4, failed: 1, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:04.000Z' });
    await deliveries().putProgress(p);
    await deliveries().putProgress(p);
    await deliveries().putProgress(p);

    expect((await deliveries().counts(a)).sms).toMatchObject({ targeted: 10, queued: 10, sent: 4, failed: 1, skipped: 0 });
  });

  it('only ever raises queued: the fan-out goes false → true, never back', async () => {
    const a = 'a-queued';
    await deliveries().putProgress(progress(a, 'c0', { queued: false }));
    expect((await deliveries().counts(a)).sms).toMatchObject({ targeted: 10, queued: 0 });

    await deliveries().putProgress(progress(a, 'c0', { queued: true }));
    expect((await deliveries().counts(a)).sms).toMatchObject({ targeted: 10, queued: 10 });

    // A redelivered fan-out writes its "before sending" record again: queued must stay.
    await deliveries().putProgress(progress(a, 'c0', { queued: false }));
    expect((await deliveries().counts(a)).sms).toMatchObject({ targeted: 10, queued: 10 });
    expect(await rawProgress(a, 'c0')).toMatchObject({ queued: true });
  });

  it('ignores the fan-out\'s late "queued" write once the sender has reported progress', async () => {
    const a = 'a-late-fanout';
    await deliveries().putProgress(progress(a, 'c0', { queued: false }));
    // The sender was faster than the fan-out's second write.
    await deliveries().putProgress(progress(a, 'c0', { queued: true, sent: 9, failed: 1, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:03.000Z' }));
    await deliveries().putProgress(progress(a, 'c0', { queued: true, sent: 0, failed: 0 }));

    expect((await deliveries().counts(a)).sms).toEqual({ targeted: 10, queued: 10, sent: 9, failed: 1, skipped: 0, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:03.000Z' });
  });

  it('sums chunks per channel with the earliest first and the latest last send time', async () => {
    const a = 'a-sum';
    await deliveries().putProgress(progress(a, 'c0', { targeted: 500, sent: 498, failed: 2, firstSentAt: '2026-01-01T10:00:02.000Z', lastSentAt: '2026-01-01T10:00:30.000Z' }));
    await deliveries().putProgress(progress(a, 'c1', { targeted: 500, sent: 500, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:20.000Z' }));
    await deliveries().putProgress(progress(a, 'c2', { targeted: 120, queued: false }));
    await deliveries().putProgress(progress(a, 'c0', { channel: 'voice', targeted: 40, sent: 30, failed: 10, firstSentAt: '2026-01-01T10:00:05.000Z', lastSentAt: '2026-01-01T10:02:00.000Z' }));
    await deliveries().putProgress(progress(a, 'c0', { channel: 'push', targeted: 7, queued: false }));

    expect(await deliveries().counts(a)).toEqual({
      sms: { targeted: 1120, queued: 1000, sent: 998, failed: 2, skipped: 0, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:30.000Z' },
      voice: { targeted: 40, queued: 40, sent: 30, failed: 10, skipped: 0, firstSentAt: '2026-01-01T10:00:05.000Z', lastSentAt: '2026-01-01T10:02:00.000Z' },
      push: { targeted: 7, queued: 0, sent: 0, failed: 0, skipped: 0 },
    });
  });

  it('keeps the alert (seq 0) apart from updates (seq 1, seq 10) and from other actions', async () => {
    const a = 'a-seq';
    await deliveries().putProgress(progress(a, 'c0', { seq: 0, targeted: 3, sent: 3 }));
    await deliveries().putProgress(progress(a, 'c0', { seq: 1, targeted: 5, sent: 1 }));
    await deliveries().putProgress(progress(a, 'c0', { seq: 10, targeted: 11, sent: 11 }));
    await deliveries().putProgress(progress(`${a}-other`, 'c0', { seq: 0, targeted: 100 }));

    expect((await deliveries().counts(a)).sms).toMatchObject({ targeted: 3, sent: 3 });
    expect((await deliveries().counts(a, 0)).sms).toMatchObject({ targeted: 3, sent: 3 });
    expect((await deliveries().counts(a, 1)).sms).toMatchObject({ targeted: 5, sent: 1 });
    expect((await deliveries().counts(a, 10)).sms).toMatchObject({ targeted: 11, sent: 11 });
    expect(await deliveries().counts(a, 2)).toEqual({});
  });

  it('does not count the delivery ledger entries of the same action', async () => {
    const a = 'a-ledger';
    await deliveries().putProgress(progress(a, 'c0', { targeted: 2, sent: 1 }));
    await deliveries().claim(key(a, { participantId: 'p-1' }), '2026-01-01T10:00:00.000Z', '2026-01-01T09:00:00.000Z');
    await deliveries().record(key(a, { participantId: 'p-1' }), { status: 'sent', at: '2026-01-01T10:00:01.000Z', providerMessageId: 'm' });

    const items = (await store.db.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'actionId = :a', ExpressionAttributeValues: { ':a': a } }))).Items;
    expect(items).toHaveLength(3);
    expect(await deliveries().counts(a)).toEqual({ sms: { targeted: 2, queued: 2, sent: 1, failed: 0, skipped: 0 } });
  });

  it('sums chunks across query pages (more than 1 MB of progress records)', async () => {
    const a = 'a-many';
    const chunks = 700;
    // Long chunk ids (~1.8 KB per record) push one action's records past a 1 MB Query page.
    const chunkId = (i: number) => `task-${String(i).padStart(4, '0')}-${'x'.repeat(900)}`;
    for (let i = 0; i < chunks; i += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, chunks - i) }, (_, j) => deliveries().putProgress(progress(a, chunkId(i + j), { targeted: 500, sent: 499, failed: 1 }))),
      );
    }
    const send = vi.spyOn(store.db, 'send');
    try {
      expect((await deliveries().counts(a)).sms).toEqual({ targeted: 350_000, queued: 350_000, sent: 349_300, failed: 700, skipped: 0 });
      expect(send.mock.calls.filter(([command]) => command instanceof QueryCommand).length).toBeGreaterThan(1);
    } finally {
      send.mockRestore();
    }
  });
});
