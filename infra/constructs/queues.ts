// The SQS queues of the topology, each with its dead-letter queue: at-least-once, nothing lost.
import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type QueueName, type QueueSpec, queues } from '#infra/topology';
import { entries, pascal } from './names';

export interface ChannelQueue {
  readonly queue: Queue;
  readonly dlq: Queue;
  readonly spec: QueueSpec;
}

export class Queues extends Construct {
  private readonly byName: Record<QueueName, ChannelQueue>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const byName: Partial<Record<QueueName, ChannelQueue>> = {};
    for (const [name, spec] of entries<QueueName, QueueSpec>(queues)) {
      // SQS-managed SSE: encrypted at rest without a KMS key to pay for or to grant on every send.
      const dlq = new Queue(this, `${pascal(name)}Dlq`, {
        // Longer than the source queue's 4 days: a standard DLQ keeps the original enqueue time.
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      const queue = new Queue(this, pascal(name), {
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
      });
      byName[name] = { queue, dlq, spec };
    }
    this.byName = byName as Record<QueueName, ChannelQueue>;
  }

  get(name: QueueName): ChannelQueue {
    return this.byName[name];
  }

  all(): [QueueName, ChannelQueue][] {
    return entries<QueueName, ChannelQueue>(this.byName);
  }
}
