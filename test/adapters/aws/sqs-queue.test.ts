// SqsQueue against a mocked SQS client: exact batches, partial-failure retry and giving up.
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput, type SendMessageBatchResult } from '@aws-sdk/client-sqs';
import type { QueueName } from '#shared/domain/vocabulary';
import { SQS_BATCH_BYTES, SqsQueue } from '#shared/adapters/aws/sqs-queue';

const URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/burgernet-sms';
const client = new SQSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const sqs = mockClient(client);
const urls = (q: QueueName) => `${URL}-${q}`;

/** Accepts every entry unless `fail` says otherwise for this call. */
const answer =
  (fail: (input: SendMessageBatchCommandInput, call: number) => { Id: string; SenderFault: boolean }[] = () => []) =>
  (() => {
    let call = 0;
    return (input: SendMessageBatchCommandInput): SendMessageBatchResult => {
      const failed = fail(input, call++).map((f) => ({ ...f, Code: f.SenderFault ? 'InvalidMessageContents' : 'InternalError' }));
      const ids = new Set(failed.map((f) => f.Id));
      return { Successful: (input.Entries ?? []).filter((e) => !ids.has(e.Id!)).map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}`, MD5OfMessageBody: 'x' })), Failed: failed };
    };
  })();

const sleeps: number[] = [];
const fast = { sleep: async (ms: number) => void sleeps.push(ms), random: () => 1 };
const entries = (calls: number) => sqs.commandCalls(SendMessageBatchCommand)[calls]!.args[0].input.Entries;

beforeEach(() => {
  sqs.reset();
  sleeps.length = 0;
});

describe('SqsQueue', () => {
  it('sends JSON bodies with the exact batch input', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(answer());
    await new SqsQueue(client, urls, fast).send('sms', [{ chunkId: 'c1' }, { chunkId: 'c2', n: [1, 2] }]);

    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, {
      QueueUrl: `${URL}-sms`,
      Entries: [
        { Id: '0', MessageBody: '{"chunkId":"c1"}' },
        { Id: '1', MessageBody: '{"chunkId":"c2","n":[1,2]}' },
      ],
    });
    expect(sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input).toEqual({
      QueueUrl: `${URL}-sms`,
      Entries: [
        { Id: '0', MessageBody: '{"chunkId":"c1"}' },
        { Id: '1', MessageBody: '{"chunkId":"c2","n":[1,2]}' },
      ],
    });
  });

  it('splits 25 messages into batches of 10, 10 and 5 with ids per batch', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(answer());
    const messages = Array.from({ length: 25 }, (_, i) => ({ i }));
    await new SqsQueue(client, urls, fast).send('fanout', messages);

    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 3);
    const sent = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(sent.map((s) => s.Entries!.length)).toEqual([10, 10, 5]);
    expect(sent.every((s) => s.QueueUrl === `${URL}-fanout`)).toBe(true);
    expect(sent[1]!.Entries!.map((e) => e.Id)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(sent.flatMap((s) => s.Entries!.map((e) => JSON.parse(e.MessageBody!) as unknown))).toEqual(messages);
    expect(sleeps).toEqual([]);
  });

  it('keeps every batch under 256 KiB', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(answer());
    const big = 'x'.repeat(100 * 1024);
    await new SqsQueue(client, urls, fast).send('sms', [{ big }, { big }, { big }, { small: 1 }]);

    const sent = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries!);
    expect(sent.map((e) => e.length)).toEqual([2, 2]);
    for (const batch of sent) expect(batch.reduce((n, e) => n + Buffer.byteLength(e.MessageBody!), 0)).toBeLessThanOrEqual(SQS_BATCH_BYTES);
  });

  it('refuses a single message larger than SQS takes, before sending anything', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(answer());
    await expect(new SqsQueue(client, urls, fast).send('sms', [{ ok: 1 }, { big: 'x'.repeat(SQS_BATCH_BYTES) }])).rejects.toThrow(/"sms".*message 1 is \d+ bytes/);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 0);
  });

  it('retries only the failed entries, with growing jittered backoff', async () => {
    // Call 0 fails ids 3 and 7; call 1 (the retry) fails 7 again; call 2 succeeds.
    sqs.on(SendMessageBatchCommand).callsFake(
      answer((_input, call) => (call === 0 ? [{ Id: '3', SenderFault: false }, { Id: '7', SenderFault: false }] : call === 1 ? [{ Id: '7', SenderFault: false }] : [])),
    );
    const messages = Array.from({ length: 10 }, (_, i) => ({ i }));
    await new SqsQueue(client, urls, { ...fast, baseDelayMs: 10, maxDelayMs: 1000 }).send('voice', messages);

    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 3);
    expect(sqs).toHaveReceivedNthCommandWith(SendMessageBatchCommand, 2, {
      QueueUrl: `${URL}-voice`,
      Entries: [
        { Id: '3', MessageBody: '{"i":3}' },
        { Id: '7', MessageBody: '{"i":7}' },
      ],
    });
    expect(entries(2)).toEqual([{ Id: '7', MessageBody: '{"i":7}' }]);
    expect(sleeps).toEqual([10, 20]);
  });

  it('gives up after maxAttempts with an error naming the queue and the count', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(answer((input) => (input.Entries ?? []).filter((e) => e.Id === '1' || e.Id === '4').map((e) => ({ Id: e.Id!, SenderFault: false }))));
    const queue = new SqsQueue(client, urls, { ...fast, maxAttempts: 3 });

    await expect(queue.send('push', Array.from({ length: 12 }, (_, i) => ({ i })))).rejects.toThrow('SQS queue "push": 3 of 12 messages not sent (failed after retries)');
    // Batches of 10 and 2: each is called once and retried twice for its failing ids (1 and 4; 1).
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 6);
    expect(sleeps).toHaveLength(4);
  });

  it('does not retry entries SQS blames on the sender', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(answer((_input, call) => (call === 0 ? [{ Id: '0', SenderFault: true }, { Id: '1', SenderFault: false }] : [])));
    await expect(new SqsQueue(client, urls, fast).send('sms', [{ a: 1 }, { b: 2 }, { c: 3 }])).rejects.toThrow('SQS queue "sms": 1 of 3 messages not sent');

    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 2);
    expect(entries(1)).toEqual([{ Id: '1', MessageBody: '{"b":2}' }]);
  });

  it('stops and reports when the call itself throws', async () => {
    sqs.on(SendMessageBatchCommand).callsFakeOnce(answer()).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    const queue = new SqsQueue(client, urls, { ...fast, concurrency: 1 });
    const sent = queue.send('fanout', Array.from({ length: 35 }, (_, i) => ({ i })));

    await expect(sent).rejects.toThrow('SQS queue "fanout": 25 of 35 messages not sent (SendMessageBatch threw AccessDenied)');
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 2);
  });

  it('sends nothing for no messages', async () => {
    await new SqsQueue(client, () => {
      throw new Error('not resolved');
    }).send('sms', []);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 0);
  });

  it('sends to the URL its resolver gives, and fails as the resolver does', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(answer());
    const configured: Partial<Record<QueueName, string>> = { sms: URL };
    const resolve = (q: QueueName) => {
      const url = configured[q];
      if (!url) throw new Error(`no URL for SQS queue "${q}"`);
      return url;
    };
    await new SqsQueue(client, resolve).send('sms', [{ ok: true }]);
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, { QueueUrl: URL });

    await expect(new SqsQueue(client, resolve).send('voice', [{ ok: true }])).rejects.toThrow('no URL for SQS queue "voice"');
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
  });
});
