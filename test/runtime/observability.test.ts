// Logs carry the action as correlation id through every hop, even with invocations interleaved
// in one process; metrics count sends per channel in Lambda and print nothing elsewhere.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { SQSEvent } from 'aws-lambda';
import { logger } from '#shared/runtime/logger';
import { prettyLogLine } from '#shared/runtime/log-format';
import { sqsHandler } from '#shared/runtime/sqs-handler';
import { httpHandler, json, type HttpEvent } from '#shared/http/http-handler';
import { publishMetrics } from '#shared/runtime/metrics';
import { measuredSender } from '#shared/runtime/measured-sender';
import { ChannelError, type OutboundMessage } from '#shared/ports/channel-sender';
import { lambdaContext } from '#shared/local/lambda-context';
import { testWorld } from '../support/test-world';

const A = 'act_11111111-1111-4111-8111-111111111111';
const B = 'act_22222222-2222-4222-8222-222222222222';

/** JSON lines written to stdout and stderr while `fn` runs. */
async function captured(fn: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const grab = (chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter((l) => l.startsWith('{')));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(grab);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(grab);
  try {
    await fn();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const record = (body: unknown, id: string) => ({ messageId: id, receiptHandle: id, body: JSON.stringify(body), attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn', awsRegion: 'local' }) as unknown as SQSEvent['Records'][number];

afterEach(() => {
  vi.unstubAllEnvs();
  logger.setLogLevel('WARN');
});

describe('correlation id', () => {
  it('tags each SQS record with its own action, however invocations interleave', async () => {
    // sendWebhook keeps no usage figures, so nothing here writes to a table.
    const handler = sqsHandler('sendWebhook', z.object({ actionId: z.string(), wait: z.number() }), () => undefined, async (m) => {
      await sleep(m.wait);
      logger.warn('step', { wait: m.wait });
    }).forWorld(testWorld('sendWebhook'));
    const lines = await captured(() =>
      Promise.all([
        handler({ Records: [record({ actionId: A, wait: 30 }, 'm1'), record({ actionId: B, wait: 5 }, 'm2')] }, lambdaContext('sendSms', 10)),
        handler({ Records: [record({ actionId: B, wait: 15 }, 'm3')] }, lambdaContext('fanout', 10)),
      ]),
    );
    const seen = lines.filter((l) => l.message === 'step').map((l) => [l.wait, l.correlation_id, l.function_name]);
    expect(seen.sort()).toEqual([
      [15, B, 'fanout'],
      [30, A, 'sendSms'],
      [5, B, 'sendSms'],
    ].sort());
  });

  it('tags an HTTP invocation from the path id, or from the id it created', async () => {
    logger.setLogLevel('INFO');
    const event = (path: Record<string, string> | undefined) =>
      ({
        routeKey: 'GET /actions/{id}',
        headers: {},
        pathParameters: path,
        requestContext: { http: { method: 'GET', path: '/', sourceIp: '127.0.0.1' }, authorizer: { jwt: { claims: { sub: 'op', 'cognito:groups': '[operator]' } } } },
      }) as unknown as HttpEvent;
    const get = httpHandler('getAction', () => undefined, async () => {
      logger.warn('inside');
      return json(200, {});
    }).forWorld(testWorld('getAction'));
    const create = httpHandler('createAction', () => undefined, async () => json(201, { id: B }, { location: `/actions/${B}` })).forWorld(testWorld('createAction'));
    const lines = await captured(async () => {
      await get(event({ id: A }), lambdaContext('getAction', 10));
      await create(event(undefined), lambdaContext('createAction', 10));
    });
    expect(lines.find((l) => l.message === 'inside')?.correlation_id).toBe(A);
    const access = lines.filter((l) => l.message === 'request');
    expect(access.map((l) => [l.function_name, l.status, l.correlation_id])).toEqual([
      ['getAction', 200, A],
      ['createAction', 201, B],
    ]);
    // The access line names the route, never the caller or the body.
    expect(Object.keys(access[0]!)).not.toContain('sub');
    expect(JSON.stringify(access)).not.toContain('op"');
  });
});

describe('metrics', () => {
  const message = (seq: number): OutboundMessage => ({ channel: 'sms', deliveryId: `${A}:${seq}:sms:p1`, actionId: A, participantId: 'p1', to: '+31600000000', text: 'hi' });
  let calls = 0;
  const sender = measuredSender(
    {
      channel: 'sms',
      send: async () => {
        if (++calls === 3) throw new ChannelError('permanent', 'unreachable');
        return 'msg';
      },
    },
    async () => Date.now() - 1500,
  );

  it('publishes sends, failures and latency per channel in Lambda, without personal data', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'sendSms');
    calls = 0;
    const lines = await captured(async () => {
      await sender.send(message(0));
      await sender.send(message(0));
      await sender.send(message(0)).catch(() => undefined);
      publishMetrics();
    });
    const emf = lines.find((l) => '_aws' in l)!;
    expect(emf).toMatchObject({ channel: 'sms', MessagesSent: 2, MessagesFailed: 1, service: 'burgernet' });
    expect(emf.FirstSendLatency).toBeGreaterThanOrEqual(1500);
    expect(emf.LastSendLatency).toBeGreaterThanOrEqual(emf.FirstSendLatency as number);
    expect(JSON.stringify(lines)).not.toContain('+316');
  });

  it('prints nothing outside Lambda', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', '');
    calls = 0;
    const lines = await captured(async () => {
      await sender.send(message(0));
      publishMetrics();
    });
    expect(lines).toEqual([]);
  });
});

describe('pretty log lines', () => {
  it('keep the fields and the action, drop what every line repeats', () => {
    const line = prettyLogLine({ level: 'INFO', message: 'chunk delivered', timestamp: '2026-11-29T10:00:01.234Z', service: 'burgernet', sampling_rate: 0, function_name: 'sendSms', correlation_id: A, sent: 100, channels: ['sms', 'voice'] }, false);
    expect(line).toBe(`10:00:01.234 INFO  sendSms        chunk delivered  sent=100 channels=sms,voice ${A}`);
  });
});
