// The infrastructure share of an action, from counted requests: each queue record about an action
// (a fan-out step, a sender chunk) runs in a metered context, and when it is done its counts are
// written as one record per record and receive (`infra#<function>#<message id>-<receive count>`) in
// the action's usage partition. A redelivered record did the work again and AWS bills it again, so
// it has a record of its own. Counted: DynamoDB capacity units as DynamoDB reports them, SQS sends,
// Lambda time (the record's duration × the function's memory) and requests, and the SQS receive
// and delete of the batch, shared by its records. Not counted: work outside a record (cold start,
// SDK retries inside the SDK), CloudWatch logs and X-Ray, and the operator's HTTP requests.
import type { Context, SQSRecord } from 'aws-lambda';
import type { InfraRecord, UsageStore } from '#shared/ports/usage-store';
import { actionKey } from '#shared/domain/usage';
import { logger } from './logger';
import { newMeter, runMetered } from './request-meter';

export const actionIdOf = (message: unknown): string | undefined => {
  const id = (message as { actionId?: unknown } | null)?.actionId;
  return typeof id === 'string' && id !== '' ? id : undefined;
};

/**
 * Lambda bills 1 ms steps; the record's share of its batch's invocation and SQS calls. Only
 * functions the topology gives the usage table meter: they pass their usage store.
 */
export async function meteredForAction<T>(usage: UsageStore | undefined, actionId: string | undefined, record: SQSRecord, context: Context, batchSize: number, work: () => Promise<T>): Promise<T> {
  if (!actionId || !usage) return work();
  const meter = newMeter();
  const started = performance.now();
  try {
    return await runMetered(meter, work);
  } finally {
    const seconds = Math.ceil(performance.now() - started) / 1000;
    const memoryGb = (Number(context.memoryLimitInMB) || 512) / 1024;
    const share = 1 / Math.max(1, batchSize);
    const fn = context.functionName || 'function';
    const infra: InfraRecord = {
      kind: 'infra',
      pk: actionKey(actionId),
      sk: `infra#${fn}#${record.messageId}-${record.attributes?.ApproximateReceiveCount ?? '1'}`,
      function: fn,
      lambdaRequests: share,
      lambdaGbSeconds: seconds * memoryGb,
      dynamoReadUnits: meter.readUnits,
      // This record's own write (one unit: it is well under 1 KB).
      dynamoWriteUnits: meter.writeUnits + 1,
      // The batch's ReceiveMessage and DeleteMessageBatch, shared by its records.
      sqsRequests: meter.sqsRequests + 2 * share,
      calls: meter.calls,
    };
    try {
      await usage.put([infra]);
    } catch (err) {
      // Cost figures must never fail a delivery; a lost record under-counts, it never double-counts.
      logger.warn('usage record not written', { actionId, error: err instanceof Error ? err.name : String(err) });
    }
  }
}
