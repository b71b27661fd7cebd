// Port: at-least-once queues. Consumers must make their effect idempotent.
import type { QueueName } from '#shared/domain/vocabulary';

export interface Queue {
  /** Sends every message or throws; a partial failure is retried before giving up. */
  send(queue: QueueName, messages: readonly unknown[]): Promise<void>;
}
