// The house SQS handler: each record is parsed with zod and handled alone; failures are reported
// per record (partial batch response) so one bad message never re-runs the rest of the batch.
// Each invocation and record runs with its log keys (the action as correlation id), the
// invocation is traced, metrics are published once per invocation, and a record about an action
// is metered in functions that keep usage (shared/runtime/action-metering.ts).
import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { functions, type FunctionName, type FunctionSpec } from '#infra/topology';
import { worldHandler, type Wire, type WorldHandler } from '#shared/http/http-handler';
import type { World } from './world';
import { logger, setCorrelationId, withLogKeys } from './logger';
import { publishMetrics } from './metrics';
import { annotateAction, tracing } from './tracer';
import { actionIdOf, meteredForAction } from './action-metering';

/** The usage store when the function's topology entry lets it write usage; otherwise nothing is metered. */
const usageOf = (name: FunctionName, world: World) => ((functions[name] as FunctionSpec).tables.usage === 'readwrite' ? world.stores.usage : undefined);

/**
 * The house SQS handler: `wire` takes what the consumer uses from the world, `handle` does one
 * record with it.
 */
export function sqsHandler<T extends z.ZodType, D>(
  name: FunctionName,
  schema: T,
  wire: Wire<D>,
  handle: (message: z.output<T>, deps: D, record: SQSRecord) => Promise<void>,
): WorldHandler<SQSEvent, SQSBatchResponse> {
  return worldHandler((world) => bindSqs(name, world, schema, async (message, record) => handle(message, await wire(world), record)));
}

function bindSqs<T extends z.ZodType>(name: FunctionName, world: World, schema: T, handle: (message: z.output<T>, record: SQSRecord) => Promise<void>) {
  const usage = usageOf(name, world);
  const recordHandler = (context: Context, batchSize: number) => (record: SQSRecord): Promise<void> =>
    withLogKeys({}, async () => {
      const message = schema.parse(JSON.parse(record.body));
      const actionId = actionIdOf(message);
      if (actionId) {
        setCorrelationId(actionId);
        annotateAction(actionId);
      }
      try {
        await meteredForAction(usage, actionId, record, context, batchSize, () => handle(message, record));
      } catch (err) {
        // The error's name only: a provider's message may quote a recipient. A chunk left pending
        // (a recipient busy with an earlier message) is ordinary ordering, not a warning.
        const name = err instanceof Error ? err.name : 'error';
        logger[name === 'ChunkIncompleteError' ? 'info' : 'warn']('record failed, left for redelivery', { messageId: record.messageId, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1), error: name });
        throw err;
      }
    });
  const run = (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    withLogKeys({ function_name: context.functionName || name, function_request_id: context.awsRequestId }, async () => {
      try {
        // A processor per invocation: the local runtime runs several invocations of one handler at once.
        // A batch whose every record failed (a sender's batch of one, a busy recipient) is reported
        // like any partial failure, not thrown: it is ordinary traffic, not a Lambda error, and a
        // thrown batch would make the event source mapping back off.
        return await processPartialResponse(event, recordHandler(context, event.Records.length), new BatchProcessor(EventType.SQS), {
          context,
          throwOnFullBatchFailure: false,
        });
      } finally {
        publishMetrics();
      }
    });
  return middy<SQSEvent, SQSBatchResponse, Error, Context>().use(tracing()).handler(run);
}
