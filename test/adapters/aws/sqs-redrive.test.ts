// The AWS redrive: the exact SQS calls, and the task as SQS reports it.
import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ListMessageMoveTasksCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { latestRedrive, startRedrive } from '#shared/adapters/aws/sqs-redrive';

const sqs = mockClient(SQSClient);
const DLQ = 'arn:aws:sqs:eu-west-1:123456789012:Burgernet-QueuesSmsDlq-abc';

beforeEach(() => sqs.reset());

describe('sqs redrive', () => {
  it('moves the DLQ back to its source queue: no destination, so SQS uses the original one', async () => {
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'handle-1' });
    expect(await startRedrive(new SQSClient({}), DLQ)).toBe('handle-1');
    expect(sqs.commandCalls(StartMessageMoveTaskCommand).map((c) => c.args[0].input)).toEqual([{ SourceArn: DLQ }]);
  });

  it('fails loudly when SQS returns no task', async () => {
    sqs.on(StartMessageMoveTaskCommand).resolves({});
    await expect(startRedrive(new SQSClient({}), DLQ)).rejects.toThrow('no message move task');
  });

  it('reports the latest task with its counts and failure reason', async () => {
    sqs.on(ListMessageMoveTasksCommand, { SourceArn: DLQ, MaxResults: 1 }).resolves({
      Results: [{ TaskHandle: 'handle-1', Status: 'FAILED', ApproximateNumberOfMessagesMoved: 3, ApproximateNumberOfMessagesToMove: 5, FailureReason: 'AccessDenied' }],
    });
    expect(await latestRedrive(new SQSClient({}), DLQ)).toEqual({ handle: 'handle-1', status: 'FAILED', moved: 3, toMove: 5, failureReason: 'AccessDenied' });
  });

  it('says so when the DLQ never had a task', async () => {
    sqs.on(ListMessageMoveTasksCommand).resolves({ Results: [] });
    expect(await latestRedrive(new SQSClient({}), DLQ)).toBeUndefined();
  });
});
