// The house SQS handler reports failed records as a partial batch response, also when every
// record of the batch failed: that is ordinary traffic (a busy recipient, a throttle), not an
// invocation error that would fire the error alarms and make the event source mapping back off.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { SQSEvent } from 'aws-lambda';
import { sqsHandler } from '#shared/runtime/sqs-handler';
import { logger } from '#shared/runtime/logger';
import { lambdaContext } from '#shared/local/lambda-context';
import { testWorld } from '../support/test-world';

const record = (body: unknown, id: string) =>
  ({ messageId: id, receiptHandle: id, body: JSON.stringify(body), attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn', awsRegion: 'local' }) as unknown as SQSEvent['Records'][number];

class ChunkIncompleteError extends Error {
  override name = 'ChunkIncompleteError';
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sqsHandler', () => {
  // sendWebhook keeps no usage figures, so nothing here writes to a table.
  const handler = sqsHandler('sendWebhook', z.object({ ok: z.boolean() }), () => undefined, async (m) => {
    if (!m.ok) throw new ChunkIncompleteError('left pending');
  }).forWorld(testWorld('sendWebhook'));

  it('returns the only record of a batch as failed, without throwing', async () => {
    vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    await expect(handler({ Records: [record({ ok: false }, 'm1')] }, lambdaContext('sendWebhook', 10))).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
  });

  it('returns every record of a fully failed batch, and only the failed ones of a partial one', async () => {
    vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const context = lambdaContext('sendWebhook', 10);
    await expect(handler({ Records: [record({ ok: false }, 'm1'), record({ ok: false }, 'm2')] }, context)).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }],
    });
    await expect(handler({ Records: [record({ ok: true }, 'm1'), record({ ok: false }, 'm2')] }, context)).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
  });
});
