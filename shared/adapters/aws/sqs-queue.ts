// The Queue port on Amazon SQS. Messages go out with SendMessageBatch (10 entries and 256 KiB a
// call at most). SQS answers a batch per entry, so a partial failure is retried for the failed
// entries alone, with exponential backoff and full jitter; whatever still fails makes send()
// throw, and the caller's own redelivery takes over (the queue is at-least-once anyway).
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueName } from '#shared/domain/vocabulary';
import type { Queue } from '#shared/ports/queue';

/** SendMessageBatch limits: entries per call, and the bodies' total size per call. */
export const SQS_BATCH_ENTRIES = 10;
export const SQS_BATCH_BYTES = 256 * 1024;

export interface SqsQueueOptions {
  /** Calls per batch, the first included, before its failed entries are given up on. */
  readonly maxAttempts?: number;
  /** Backoff before retry n is random() * min(maxDelayMs, baseDelayMs * 2^(n-1)). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Batches in flight at once: a large fan-out is not sent one round trip at a time. */
  readonly concurrency?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Entry = SendMessageBatchRequestEntry & { Id: string; MessageBody: string };

export class SqsQueue implements Queue {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly concurrency: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly client: SQSClient,
    /** The URL of a queue by its topology name (the world's: `config.queues`). */
    private readonly resolveUrl: (queue: QueueName) => string,
    options: SqsQueueOptions = {},
  ) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.baseDelayMs = options.baseDelayMs ?? 50;
    this.maxDelayMs = options.maxDelayMs ?? 2000;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
  }

  async send(queue: QueueName, messages: readonly unknown[]): Promise<void> {
    if (messages.length === 0) return;
    const url = this.resolveUrl(queue);
    const batches = toBatches(queue, messages.map((m, i) => serialise(queue, m, i)));

    // A small worker pool; after a call throws, no further batches are started.
    let next = 0;
    let unsent = 0;
    let error: unknown;
    const worker = async () => {
      while (error === undefined && next < batches.length) {
        const batch = batches[next++]!;
        const result = await this.sendBatch(url, batch);
        unsent += result.unsent;
        error ??= result.error;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, batches.length) }, worker));
    unsent += batches.slice(next).reduce((n, b) => n + b.length, 0);

    if (unsent > 0) {
      const why = error === undefined ? 'failed after retries' : `SendMessageBatch threw ${errorName(error)}`;
      throw new Error(`SQS queue "${queue}": ${unsent} of ${messages.length} messages not sent (${why})`, error === undefined ? undefined : { cause: error });
    }
  }

  /** Sends one batch, retrying its failed entries; returns how many were not sent. */
  private async sendBatch(url: string, entries: readonly Entry[]): Promise<{ unsent: number; error?: unknown }> {
    let pending = entries;
    let givenUp = 0;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) await this.sleep(this.random() * Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 2)));
      let failed;
      try {
        failed = (await this.client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [...pending] }))).Failed ?? [];
      } catch (error) {
        // The SDK has already retried throttling and 5xx on the whole call.
        return { unsent: givenUp + pending.length, error };
      }
      // A sender fault (bad body, too big) fails the same way every time: no retry for it.
      givenUp += failed.filter((f) => f.SenderFault).length;
      const retry = new Set(failed.filter((f) => !f.SenderFault).map((f) => f.Id));
      pending = pending.filter((e) => retry.has(e.Id));
      if (pending.length === 0) return { unsent: givenUp };
      if (attempt >= this.maxAttempts) return { unsent: givenUp + pending.length };
    }
  }
}

// SQS accepts #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD and astral characters. JSON.stringify already
// escapes control characters and lone surrogates; U+FFFE/U+FFFF can only sit inside a JSON string,
// where the \u escape means the same.
const NOT_FOR_SQS = /[\uFFFE\uFFFF]/g;

function serialise(queue: QueueName, message: unknown, index: number): string {
  const body = JSON.stringify(message);
  if (body === undefined) throw new Error(`SQS queue "${queue}": message ${index} cannot be serialised as JSON`);
  return body.replace(NOT_FOR_SQS, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** Greedy batches of at most 10 entries and 256 KiB of bodies; ids are the index within the batch. */
function toBatches(queue: QueueName, bodies: readonly string[]): Entry[][] {
  const batches: Entry[][] = [];
  let batch: Entry[] = [];
  let bytes = 0;
  bodies.forEach((body, i) => {
    const size = Buffer.byteLength(body, 'utf8');
    if (size > SQS_BATCH_BYTES) throw new Error(`SQS queue "${queue}": message ${i} is ${size} bytes, more than SQS's ${SQS_BATCH_BYTES}`);
    if (batch.length === SQS_BATCH_ENTRIES || bytes + size > SQS_BATCH_BYTES) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push({ Id: String(batch.length), MessageBody: body });
    bytes += size;
  });
  if (batch.length > 0) batches.push(batch);
  return batches;
}

const errorName = (err: unknown) => (err instanceof Error ? err.name : 'a non-error');
