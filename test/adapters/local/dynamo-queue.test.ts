// DynamoQueue against dynalite: SQS semantics with an injected clock (visibility, receive
// counts, stale receipts, dead-letter queue, concurrent receivers, wake-up signal).
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoQueue, dlqName, type ReceivedMessage } from '#shared/adapters/local/dynamo-queue';
import { LOCAL_QUEUE_TABLE } from '#shared/adapters/local/tables';
import { useLocalStore } from '../../support/local-store';

/** A clock the test moves by hand. */
const manualClock = (start = 1_767_225_600_000) => {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
};

const VISIBILITY = 30_000;
const MAX_RECEIVES = 3;

describe('DynamoQueue', () => {
  const store = useLocalStore();
  // Each test uses its own queue name: queues are partitions of one table.
  const setup = () => {
    const clock = manualClock();
    return { clock, queue: new DynamoQueue(store.db, clock.now) };
  };
  const bodies = (messages: readonly ReceivedMessage[]) => messages.map((m) => JSON.parse(m.body) as unknown);

  it('stores every message of a large send, in batches, and reports the depth', async () => {
    const { queue } = setup();
    const messages = Array.from({ length: 25 }, (_, i) => ({ chunk: i }));
    await queue.send('q-send', messages);

    expect(await queue.depth('q-send')).toBe(25);
    expect(await queue.depth('q-other')).toBe(0);
  });

  it('receives at most `max` messages per call, in send order, each once', async () => {
    const { queue } = setup();
    await queue.send('q-batch', Array.from({ length: 25 }, (_, i) => ({ chunk: i })));

    const first = await queue.receive('q-batch', 10, VISIBILITY, MAX_RECEIVES);
    const second = await queue.receive('q-batch', 10, VISIBILITY, MAX_RECEIVES);
    const third = await queue.receive('q-batch', 10, VISIBILITY, MAX_RECEIVES);
    const fourth = await queue.receive('q-batch', 10, VISIBILITY, MAX_RECEIVES);

    expect([first.length, second.length, third.length, fourth.length]).toEqual([10, 10, 5, 0]);
    expect(bodies([...first, ...second, ...third])).toEqual(Array.from({ length: 25 }, (_, i) => ({ chunk: i })));
    for (const m of [...first, ...second, ...third]) expect(m.receiveCount).toBe(1);
    // In flight, not gone: depth counts every stored message.
    expect(await queue.depth('q-batch')).toBe(25);
  });

  it('finds visible messages behind more than one page of invisible ones', async () => {
    const { queue } = setup();
    await queue.send('q-deep', Array.from({ length: 230 }, (_, i) => ({ n: i })));

    const hidden = await queue.receive('q-deep', 210, VISIBILITY, MAX_RECEIVES);
    expect(hidden).toHaveLength(210);
    const rest = await queue.receive('q-deep', 50, VISIBILITY, MAX_RECEIVES);
    expect(bodies(rest)).toEqual(Array.from({ length: 20 }, (_, i) => ({ n: 210 + i })));
  });

  it('does not mix queues', async () => {
    const { queue } = setup();
    await queue.send('q-mix-a', [{ for: 'a' }]);
    await queue.send('q-mix-b', [{ for: 'b' }]);

    expect(bodies(await queue.receive('q-mix-a', 10, VISIBILITY, MAX_RECEIVES))).toEqual([{ for: 'a' }]);
    expect(bodies(await queue.receive('q-mix-b', 10, VISIBILITY, MAX_RECEIVES))).toEqual([{ for: 'b' }]);
  });

  it('hides a received message until its visibility timeout passes, then redelivers it', async () => {
    const { queue, clock } = setup();
    await queue.send('q-vis', [{ job: 1 }]);
    const sentAt = clock.now();

    const [first] = await queue.receive('q-vis', 10, VISIBILITY, MAX_RECEIVES);
    expect(first).toMatchObject({ body: '{"job":1}', receiveCount: 1, sentAt });

    clock.advance(VISIBILITY - 1);
    expect(await queue.receive('q-vis', 10, VISIBILITY, MAX_RECEIVES)).toEqual([]);

    clock.advance(1);
    const [second] = await queue.receive('q-vis', 10, VISIBILITY, MAX_RECEIVES);
    expect(second).toMatchObject({ id: first!.id, body: '{"job":1}', receiveCount: 2, sentAt });
    expect(second!.receipt).not.toBe(first!.receipt);
  });

  it('deletes with the current receipt and ignores a stale one', async () => {
    const { queue, clock } = setup();
    await queue.send('q-del', [{ job: 'x' }]);
    const [first] = await queue.receive('q-del', 1, VISIBILITY, MAX_RECEIVES);
    clock.advance(VISIBILITY);
    const [second] = await queue.receive('q-del', 1, VISIBILITY, MAX_RECEIVES);

    // The first consumer finishes late: its receipt is stale, the message stays.
    await queue.delete('q-del', first!.id, first!.receipt);
    expect(await queue.depth('q-del')).toBe(1);

    await queue.delete('q-del', second!.id, second!.receipt);
    expect(await queue.depth('q-del')).toBe(0);
    clock.advance(VISIBILITY);
    expect(await queue.receive('q-del', 1, VISIBILITY, MAX_RECEIVES)).toEqual([]);
  });

  it('ignores a delete of a message that was never received, or with a made-up receipt', async () => {
    const { queue } = setup();
    await queue.send('q-del-unreceived', [{ job: 'y' }]);
    const [{ id } = { id: '' }] = (
      await store.db.send(new QueryCommand({ TableName: LOCAL_QUEUE_TABLE, KeyConditionExpression: 'q = :q', ExpressionAttributeValues: { ':q': 'q-del-unreceived' } }))
    ).Items as { id: string }[];
    await queue.delete('q-del-unreceived', id, 'made-up');
    expect(await queue.depth('q-del-unreceived')).toBe(1);

    const [m] = await queue.receive('q-del-unreceived', 1, VISIBILITY, MAX_RECEIVES);
    await queue.delete('q-del-unreceived', m!.id, 'made-up');
    expect(await queue.depth('q-del-unreceived')).toBe(1);
  });

  it('moves a message to the dead-letter queue after maxReceiveCount receives', async () => {
    const { queue, clock } = setup();
    await queue.send('q-dlq', [{ poison: true }]);
    const sentAt = clock.now();

    const counts: number[] = [];
    let id = '';
    for (let i = 0; i < MAX_RECEIVES; i++) {
      const [m] = await queue.receive('q-dlq', 10, VISIBILITY, MAX_RECEIVES);
      counts.push(m!.receiveCount);
      id = m!.id;
      clock.advance(VISIBILITY);
    }
    expect(counts).toEqual([1, 2, 3]);

    // The next receive would be the fourth: the message moves instead of being delivered.
    expect(await queue.receive('q-dlq', 10, VISIBILITY, MAX_RECEIVES)).toEqual([]);
    expect(await queue.depth('q-dlq')).toBe(0);
    expect(dlqName('q-dlq')).toBe('q-dlq-dlq');
    expect(await queue.depth(dlqName('q-dlq'))).toBe(1);

    clock.advance(VISIBILITY);
    expect(await queue.receive('q-dlq', 10, VISIBILITY, MAX_RECEIVES)).toEqual([]);
    const dead = await queue.receive(dlqName('q-dlq'), 10, VISIBILITY, MAX_RECEIVES);
    expect(dead).toEqual([expect.objectContaining({ id, body: '{"poison":true}', receiveCount: 1, sentAt })]);
  });

  it('still delivers the other messages of a batch when one moves to the dead-letter queue', async () => {
    const { queue, clock } = setup();
    await queue.send('q-dlq-mixed', [{ n: 'old' }]);
    for (let i = 0; i < MAX_RECEIVES; i++) {
      await queue.receive('q-dlq-mixed', 10, VISIBILITY, MAX_RECEIVES);
      clock.advance(VISIBILITY);
    }
    await queue.send('q-dlq-mixed', [{ n: 'new-1' }, { n: 'new-2' }]);

    expect(bodies(await queue.receive('q-dlq-mixed', 10, VISIBILITY, MAX_RECEIVES))).toEqual([{ n: 'new-1' }, { n: 'new-2' }]);
    expect(await queue.depth(dlqName('q-dlq-mixed'))).toBe(1);
  });

  it('never hands the same message to two concurrent receivers in one visibility window', async () => {
    const { clock } = setup();
    // Separate instances share only the table, as pollers in one process share the queue.
    const receivers = Array.from({ length: 4 }, () => new DynamoQueue(store.db, clock.now));
    await receivers[0]!.send('q-race', Array.from({ length: 60 }, (_, i) => ({ n: i })));

    const got = (await Promise.all(receivers.map((r) => r.receive('q-race', 25, VISIBILITY, MAX_RECEIVES)))).flat();
    const ids = got.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Capacity (4 × 25) exceeds the 60 messages, so every message went to exactly one receiver.
    expect(ids).toHaveLength(60);
    expect(new Set(got.map((m) => m.body)).size).toBe(60);
    for (const m of got) expect(m.receiveCount).toBe(1);

    expect((await Promise.all(receivers.map((r) => r.receive('q-race', 25, VISIBILITY, MAX_RECEIVES)))).flat()).toEqual([]);
  });

  it('wakes pollers: the signal fires with the queue name on send', async () => {
    const { queue } = setup();
    const woken = once(queue.signal, 'q-signal');
    await queue.send('q-signal', [{ hello: 'world' }]);
    await expect(woken).resolves.toEqual([]);
  });

  it('stores the JSON body and the send time of every message', async () => {
    const { queue, clock } = setup();
    await queue.send('q-json', [{ nested: { list: [1, 'two', null] }, text: 'é ✓' }, 'plain', 42]);

    const got = await queue.receive('q-json', 10, VISIBILITY, MAX_RECEIVES);
    expect(bodies(got)).toEqual([{ nested: { list: [1, 'two', null] }, text: 'é ✓' }, 'plain', 42]);
    for (const m of got) expect(m.sentAt).toBe(clock.now());
  });
});
