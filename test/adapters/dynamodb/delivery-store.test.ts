// DynamoDeliveryStore against dynalite: the exactly-once claim/close ledger and chunk progress.
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
  ...over,
});

describe('DynamoDeliveryStore claim and close', () => {
  const store = useLocalStore();
  const deliveries = () => new DynamoDeliveryStore(store.db, TABLE);

  it('claims a new delivery as attempt 1', async () => {
    expect(await deliveries().claim(key('a-new'), '2026-01-01T10:00:00.000Z')).toEqual({ claimed: true, attempt: 1 });
  });

  it('claims a delivery still marked sending again as the next attempt (the first one crashed)', async () => {
    const k = key('a-crash');
    expect(await deliveries().claim(k, '2026-01-01T10:00:00.000Z')).toEqual({ claimed: true, attempt: 1 });
    expect(await deliveries().claim(k, '2026-01-01T10:03:00.000Z')).toEqual({ claimed: true, attempt: 2 });
    expect(await deliveries().claim(k, '2026-01-01T10:06:00.000Z')).toEqual({ claimed: true, attempt: 3 });
  });

  it('does not claim a sent delivery again and returns its outcome', async () => {
    const k = key('a-sent');
    await deliveries().claim(k, '2026-01-01T10:00:00.000Z');
    await deliveries().close(k, { status: 'sent', at: '2026-01-01T10:00:01.000Z', providerMessageId: 'msg-1' });

    expect(await deliveries().claim(k, '2026-01-01T10:05:00.000Z')).toEqual({
      claimed: false,
      outcome: { status: 'sent', at: '2026-01-01T10:00:01.000Z', providerMessageId: 'msg-1' },
    });
    // Asking again changes nothing.
    expect(await deliveries().claim(k, '2026-01-01T10:06:00.000Z')).toMatchObject({ claimed: false, outcome: { providerMessageId: 'msg-1' } });
  });

  it('does not claim a failed delivery again and returns the reason', async () => {
    const k = key('a-failed');
    await deliveries().claim(k, '2026-01-01T10:00:00.000Z');
    await deliveries().close(k, { status: 'failed', at: '2026-01-01T10:00:02.000Z', reason: 'opted out' });

    expect(await deliveries().claim(k, '2026-01-01T10:05:00.000Z')).toEqual({
      claimed: false,
      outcome: { status: 'failed', at: '2026-01-01T10:00:02.000Z', reason: 'opted out' },
    });
  });

  it('keeps the first outcome when a delivery is closed twice', async () => {
    const k = key('a-close-twice');
    await deliveries().claim(k, '2026-01-01T10:00:00.000Z');
    await deliveries().close(k, { status: 'sent', at: '2026-01-01T10:00:01.000Z', providerMessageId: 'first' });
    await deliveries().close(k, { status: 'sent', at: '2026-01-01T10:00:09.000Z', providerMessageId: 'second' });
    await deliveries().close(k, { status: 'failed', at: '2026-01-01T10:00:10.000Z', reason: 'late failure' });

    expect(await deliveries().claim(k, '2026-01-01T10:05:00.000Z')).toEqual({
      claimed: false,
      outcome: { status: 'sent', at: '2026-01-01T10:00:01.000Z', providerMessageId: 'first' },
    });
  });

  it('ignores a close of a delivery that was never claimed', async () => {
    const k = key('a-unclaimed');
    await deliveries().close(k, { status: 'sent', at: '2026-01-01T10:00:01.000Z', providerMessageId: 'stray' });

    expect(await deliveries().claim(k, '2026-01-01T10:05:00.000Z')).toEqual({ claimed: true, attempt: 1 });
  });

  it('keeps one ledger entry per message, channel and participant', async () => {
    const base = key('a-separate');
    await deliveries().claim(base, '2026-01-01T10:00:00.000Z');
    await deliveries().close(base, { status: 'sent', at: '2026-01-01T10:00:01.000Z', providerMessageId: 'sms-0' });

    // Same participant, other channel; same channel, next message; other participant: all new.
    expect(await deliveries().claim({ ...base, channel: 'voice' }, '2026-01-01T10:01:00.000Z')).toEqual({ claimed: true, attempt: 1 });
    expect(await deliveries().claim({ ...base, seq: 1 }, '2026-01-01T10:01:00.000Z')).toEqual({ claimed: true, attempt: 1 });
    expect(await deliveries().claim({ ...base, participantId: 'p-2' }, '2026-01-01T10:01:00.000Z')).toEqual({ claimed: true, attempt: 1 });
    expect(await deliveries().claim({ ...base, actionId: 'a-separate-other' }, '2026-01-01T10:01:00.000Z')).toEqual({ claimed: true, attempt: 1 });
    expect(await deliveries().claim(base, '2026-01-01T10:02:00.000Z')).toMatchObject({ claimed: false });
  });

  it('lets exactly one of two concurrent closes win', async () => {
    const k = key('a-race');
    await deliveries().claim(k, '2026-01-01T10:00:00.000Z');
    await Promise.all([
      deliveries().close(k, { status: 'sent', at: '2026-01-01T10:00:01.000Z', providerMessageId: 'one' }),
      deliveries().close(k, { status: 'sent', at: '2026-01-01T10:00:01.000Z', providerMessageId: 'two' }),
    ]);
    const result = await deliveries().claim(k, '2026-01-01T10:05:00.000Z');
    expect(result.claimed).toBe(false);
    expect(['one', 'two']).toContain(!result.claimed && result.outcome.status === 'sent' ? result.outcome.providerMessageId : undefined);
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
      sms: { targeted: 10, queued: 10, sent: 5, failed: 1, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:05.000Z' },
    });
  });

  it('raises figures when a later write has more', async () => {
    const a = 'a-raise';
    await deliveries().putProgress(progress(a, 'c0', { sent: 2, failed: 0, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:02.000Z' }));
    await deliveries().putProgress(progress(a, 'c0', { sent: 8, failed: 2, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:09.000Z' }));

    expect((await deliveries().counts(a)).sms).toEqual({ targeted: 10, queued: 10, sent: 8, failed: 2, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:09.000Z' });
  });

  it('rewrites the same figures without counting them twice (a retried batch)', async () => {
    const a = 'a-retry';
    const p = progress(a, 'c0', { sent: 4, failed: 1, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:04.000Z' });
    await deliveries().putProgress(p);
    await deliveries().putProgress(p);
    await deliveries().putProgress(p);

    expect((await deliveries().counts(a)).sms).toMatchObject({ targeted: 10, queued: 10, sent: 4, failed: 1 });
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

    expect((await deliveries().counts(a)).sms).toEqual({ targeted: 10, queued: 10, sent: 9, failed: 1, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:03.000Z' });
  });

  it('sums chunks per channel with the earliest first and the latest last send time', async () => {
    const a = 'a-sum';
    await deliveries().putProgress(progress(a, 'c0', { targeted: 500, sent: 498, failed: 2, firstSentAt: '2026-01-01T10:00:02.000Z', lastSentAt: '2026-01-01T10:00:30.000Z' }));
    await deliveries().putProgress(progress(a, 'c1', { targeted: 500, sent: 500, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:20.000Z' }));
    await deliveries().putProgress(progress(a, 'c2', { targeted: 120, queued: false }));
    await deliveries().putProgress(progress(a, 'c0', { channel: 'voice', targeted: 40, sent: 30, failed: 10, firstSentAt: '2026-01-01T10:00:05.000Z', lastSentAt: '2026-01-01T10:02:00.000Z' }));
    await deliveries().putProgress(progress(a, 'c0', { channel: 'push', targeted: 7, queued: false }));

    expect(await deliveries().counts(a)).toEqual({
      sms: { targeted: 1120, queued: 1000, sent: 998, failed: 2, firstSentAt: '2026-01-01T10:00:01.000Z', lastSentAt: '2026-01-01T10:00:30.000Z' },
      voice: { targeted: 40, queued: 40, sent: 30, failed: 10, firstSentAt: '2026-01-01T10:00:05.000Z', lastSentAt: '2026-01-01T10:02:00.000Z' },
      push: { targeted: 7, queued: 0, sent: 0, failed: 0 },
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
    await deliveries().claim(key(a, { participantId: 'p-1' }), '2026-01-01T10:00:00.000Z');
    await deliveries().claim(key(a, { participantId: 'p-2' }), '2026-01-01T10:00:00.000Z');
    await deliveries().close(key(a, { participantId: 'p-1' }), { status: 'sent', at: '2026-01-01T10:00:01.000Z', providerMessageId: 'm' });

    const items = (await store.db.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'actionId = :a', ExpressionAttributeValues: { ':a': a } }))).Items;
    expect(items).toHaveLength(3);
    expect(await deliveries().counts(a)).toEqual({ sms: { targeted: 2, queued: 2, sent: 1, failed: 0 } });
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
      expect((await deliveries().counts(a)).sms).toEqual({ targeted: 350_000, queued: 350_000, sent: 349_300, failed: 700 });
      expect(send.mock.calls.filter(([command]) => command instanceof QueryCommand).length).toBeGreaterThan(1);
    } finally {
      send.mockRestore();
    }
  });
});
