// Event source mappings for the local world: workers receive batches from the durable local
// queue, invoke the SQS handler with an SQS-shaped event, and delete only what the handler did
// not report as failed, exactly as Lambda's SQS integration with ReportBatchItemFailures does.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { queueConsumers, queues, type FunctionName } from '#infra/topology';
import type { DynamoQueue } from '#shared/adapters/local/dynamo-queue';
import { logger } from '#shared/runtime/logger';
import { errorSummary } from '#shared/runtime/error-summary';
import type { LocalFunction } from './lambda-context';

type SqsFn = LocalFunction<SQSEvent, SQSBatchResponse | void>;

export interface PollerOptions {
  /** Multiplies every queue's visibility timeout; tests shrink it to see redelivery quickly. */
  readonly visibilityScale?: number;
  /** Longest idle wait between receives when nothing signals new messages. */
  readonly idleMs?: number;
  /** First wait after a failing store call; doubles per failure (with jitter) up to `retryMaxMs`. */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
}

export interface Pollers {
  stop(): Promise<void>;
  /** Resolves when no consumer is busy and every queue is empty (DLQs aside). */
  idle(): Promise<void>;
}

/** Starts the queue consumers of the topology; `consumer` gives a function bound to its world (loaded once per function). */
export function startPollers(queue: DynamoQueue, consumer: (name: FunctionName) => Promise<SqsFn>, options: PollerOptions = {}): Pollers {
  let stopped = false;
  let busy = 0;
  const workers: Promise<void>[] = [];
  const scale = options.visibilityScale ?? 1;
  const idleMs = options.idleMs ?? 1000;
  const retryBaseMs = options.retryBaseMs ?? 100;
  const retryMaxMs = options.retryMaxMs ?? 20_000;

  const waitForSignal = (name: string) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        queue.signal.off(name, done);
        queue.signal.off('stop', done);
        resolve();
      };
      const timer = setTimeout(done, idleMs);
      queue.signal.on(name, done);
      queue.signal.on('stop', done);
    });

  /** Waits `ms` or until stop, whichever comes first. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        queue.signal.off('stop', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      queue.signal.on('stop', done);
    });

  for (const { name, spec } of queueConsumers()) {
    const { queue: queueName, batchSize, maxConcurrency } = spec.trigger;
    const q = queues[queueName];
    const handlerPromise = consumer(name);
    for (let w = 0; w < maxConcurrency; w++) {
      workers.push(
        (async () => {
          const handler = await handlerPromise;
          // Like Lambda's event source mapping, a failing store call is retried with capped,
          // jittered exponential backoff: the worker never leaves, and says so once per streak.
          let failures = 0;
          while (!stopped) {
            try {
              const messages = await queue.receive(queueName, batchSize, q.visibilityTimeoutSeconds * 1000 * scale, q.maxReceiveCount);
              if (failures > 0) logger.info('local poller recovered', { function: name, failures });
              failures = 0;
              if (messages.length === 0) {
                await waitForSignal(queueName);
                continue;
              }
              busy++;
              try {
                await invoke(name, handler, queueName, messages, queue);
              } finally {
                busy--;
              }
            } catch (err) {
              if (failures === 0) logger.error('local poller failing, retrying with backoff', { function: name, error: errorSummary(err) });
              failures++;
              await pause(Math.random() * Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(failures, 30)));
            }
          }
        })().catch((err: unknown) => logger.error('local poller stopped', { function: name, error: errorSummary(err) })),
      );
    }
  }

  return {
    async stop() {
      stopped = true;
      queue.signal.emit('stop');
      await Promise.all(workers);
    },
    async idle() {
      for (;;) {
        const depths = await Promise.all(Object.keys(queues).map((q) => queue.depth(q)));
        if (busy === 0 && depths.every((d) => d === 0)) {
          // Re-check after a beat: a handler may have sent between the depth reads and `busy`.
          await new Promise((r) => setTimeout(r, 50));
          const again = await Promise.all(Object.keys(queues).map((q) => queue.depth(q)));
          if (busy === 0 && again.every((d) => d === 0)) return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

async function invoke(
  name: FunctionName,
  handler: SqsFn,
  queueName: string,
  messages: Awaited<ReturnType<DynamoQueue['receive']>>,
  queue: DynamoQueue,
): Promise<void> {
  const event: SQSEvent = {
    Records: messages.map((m) => ({
      messageId: m.id,
      receiptHandle: m.receipt,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:local:000000000000:${queueName}`,
      awsRegion: 'local',
    })),
  };
  let failed = new Set<string>(messages.map((m) => m.id));
  try {
    const response = await handler(event);
    failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  } catch (err) {
    // A crashed invocation leaves the whole batch to reappear after the visibility timeout.
    logger.error('local invocation failed', { function: name, error: errorSummary(err) });
  }
  await Promise.all(messages.filter((m) => !failed.has(m.id)).map((m) => queue.delete(queueName, m.id, m.receipt)));
}
