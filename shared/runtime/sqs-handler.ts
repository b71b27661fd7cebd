// The house SQS handler: each record is parsed with zod and handled alone; failures are reported
// per record (partial batch response) so one bad message never re-runs the rest of the batch.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';

export function sqsHandler<T extends z.ZodType>(schema: T, handle: (message: z.output<T>, record: SQSRecord) => Promise<void>) {
  const processor = new BatchProcessor(EventType.SQS);
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    const message = schema.parse(JSON.parse(record.body));
    await handle(message, record);
  };
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, recordHandler, processor, { context });
}
