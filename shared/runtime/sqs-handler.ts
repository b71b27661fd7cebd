// The house SQS handler: each record is parsed with zod and handled alone; failures are reported
// per record (partial batch response) so one bad message never re-runs the rest of the batch.
// Each invocation and record runs with its log keys (the action as correlation id), the
// invocation is traced, metrics are published once per invocation, and a record about an action
// is metered in functions that keep usage (shared/runtime/action-metering.ts).
import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { logger, setCorrelationId, withLogKeys } from './logger';
import { publishMetrics } from './metrics';
import { annotateAction, tracing } from './tracer';
import { actionIdOf, meteredForAction } from './action-metering';

export function sqsHandler<T extends z.ZodType>(schema: T, handle: (message: z.output<T>, record: SQSRecord) => Promise<void>) {
  const recordHandler = (context: Context, batchSize: number) => (record: SQSRecord): Promise<void> =>
    withLogKeys({}, async () => {
      const message = schema.parse(JSON.parse(record.body));
      const actionId = actionIdOf(message);
      if (actionId) {
        setCorrelationId(actionId);
        annotateAction(actionId);
      }
      try {
        await meteredForAction(actionId, record, context, batchSize, () => handle(message, record));
      } catch (err) {
        // The error's name only: a provider's message may quote a recipient. A chunk left pending
        // (a recipient busy with an earlier message) is ordinary ordering, not a warning.
        const name = err instanceof Error ? err.name : 'error';
        logger[name === 'ChunkIncompleteError' ? 'info' : 'warn']('record failed, left for redelivery', { messageId: record.messageId, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1), error: name });
        throw err;
      }
    });
  const run = (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    withLogKeys({ function_name: context.functionName, function_request_id: context.awsRequestId }, async () => {
      try {
        // A processor per invocation: the local runtime runs several invocations of one handler at once.
        return await processPartialResponse(event, recordHandler(context, event.Records.length), new BatchProcessor(EventType.SQS), { context });
      } finally {
        publishMetrics();
      }
    });
  return middy<SQSEvent, SQSBatchResponse, Error, Context>().use(tracing()).handler(run);
}
