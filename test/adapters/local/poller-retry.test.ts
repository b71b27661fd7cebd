// A local queue worker outlives a failing store: receive throws a few times (as dynalite did with
// EPIPE under load), then works, and the worker still delivers what is sent afterwards.
import { describe, expect, it } from 'vitest';
import type { SQSEvent } from 'aws-lambda';
import { queueConsumers } from '#infra/topology';
import { DynamoQueue, type ReceivedMessage } from '#shared/adapters/local/dynamo-queue';
import { startPollers } from '#shared/local/poller';
import { useLocalStore } from '../../support/local-store';
import { captureLogs } from '../../support/log-capture';

/** A queue whose receive on `target` fails the first `failures` calls. */
class FlakyQueue extends DynamoQueue {
  calls = 0;
  constructor(
    db: ConstructorParameters<typeof DynamoQueue>[0],
    private readonly target: string,
    private failures: number,
  ) {
    super(db);
  }
  override async receive(queue: string, max: number, visibilityMs: number, maxReceiveCount: number): Promise<ReceivedMessage[]> {
    if (queue === this.target) {
      this.calls++;
      if (this.failures > 0) {
        this.failures--;
        throw new Error('write EPIPE');
      }
    }
    return super.receive(queue, max, visibilityMs, maxReceiveCount);
  }
}

const until = async (check: () => boolean, timeoutMs = 20_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('local poller', () => {
  const store = useLocalStore();

  it('survives failing receives with backoff, logs once per streak, and then delivers', async () => {
    const { name: consumer, spec } = queueConsumers()[0]!;
    const target = spec.trigger.queue;
    // More failures than the consumer has workers: before the fix each worker left on its first.
    const failures = spec.trigger.maxConcurrency * 3 + 2;
    const queue = new FlakyQueue(store.db, target, failures);
    const bodies: string[] = [];
    const logs = await captureLogs();
    const pollers = startPollers(
      queue,
      async (name) => async (event: SQSEvent) => {
        if (name === consumer) bodies.push(...event.Records.map((r) => r.body));
      },
      { idleMs: 50, retryBaseMs: 5, retryMaxMs: 40 },
    );
    try {
      await until(() => queue.calls > failures);
      await queue.send(target, [{ probe: 1 }]);
      await until(() => bodies.length > 0);
      expect(bodies).toEqual([JSON.stringify({ probe: 1 })]);
    } finally {
      await pollers.stop();
      await logs.stop();
    }
    const failing = logs.lines.filter((l) => l.includes('local poller failing'));
    // One line per worker's streak, not one per failed call.
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.length).toBeLessThanOrEqual(spec.trigger.maxConcurrency);
    expect(logs.lines.some((l) => l.includes('local poller stopped'))).toBe(false);
  });
});
