// DynamoQueue.redrive against dynalite: dead-lettered messages go back to their queue once, with
// a fresh receive count, and are received (and dead-lettered again) as new.
import { describe, expect, it } from 'vitest';
import { DynamoQueue, dlqName } from '#shared/adapters/local/dynamo-queue';
import { useLocalStore } from '../../support/local-store';

const VISIBILITY = 30_000;
const MAX_RECEIVES = 2;

describe('DynamoQueue.redrive', () => {
  const store = useLocalStore();
  const setup = () => {
    let now = 1_767_225_600_000;
    return { advance: (ms: number) => void (now += ms), queue: new DynamoQueue(store.db, () => now) };
  };

  it('moves every dead-lettered message back once, with a fresh receive count', async () => {
    const { queue, advance } = setup();
    await queue.send('q-redrive', [{ n: 1 }, { n: 2 }, { n: 3 }]);
    // Two failed receives each; the third receive moves all three to the DLQ.
    for (let i = 0; i <= MAX_RECEIVES; i++) {
      await queue.receive('q-redrive', 10, VISIBILITY, MAX_RECEIVES);
      advance(VISIBILITY);
    }
    expect(await queue.depth(dlqName('q-redrive'))).toBe(3);
    expect(await queue.depth('q-redrive')).toBe(0);

    let woke = false;
    queue.signal.once('q-redrive', () => (woke = true));
    expect(await queue.redrive('q-redrive')).toBe(3);
    expect(woke).toBe(true);
    expect(await queue.depth(dlqName('q-redrive'))).toBe(0);
    expect(await queue.depth('q-redrive')).toBe(3);

    const got = await queue.receive('q-redrive', 10, VISIBILITY, MAX_RECEIVES);
    expect(got.map((m) => JSON.parse(m.body) as unknown)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(got.map((m) => m.receiveCount)).toEqual([1, 1, 1]);
    for (const m of got) await queue.delete('q-redrive', m.id, m.receipt);
    expect(await queue.depth('q-redrive')).toBe(0);
    // Nothing left to move: a second redrive is a no-op.
    expect(await queue.redrive('q-redrive')).toBe(0);
  });

  it('leaves other queues and their dead letters alone', async () => {
    const { queue, advance } = setup();
    await queue.send('q-a', [{ a: 1 }]);
    await queue.send('q-b', [{ b: 1 }]);
    for (let i = 0; i <= MAX_RECEIVES; i++) {
      await queue.receive('q-a', 10, VISIBILITY, MAX_RECEIVES);
      await queue.receive('q-b', 10, VISIBILITY, MAX_RECEIVES);
      advance(VISIBILITY);
    }
    expect(await queue.redrive('q-a')).toBe(1);
    expect(await queue.depth('q-a')).toBe(1);
    expect(await queue.depth(dlqName('q-b'))).toBe(1);
    expect(await queue.depth('q-b')).toBe(0);
  });
});
