// SnsPushSender against a mocked SNS client: the per-platform payloads, size guard and errors.
import 'aws-sdk-client-mock-vitest/extend';
import { inspect } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { EndpointDisabledException, PublishCommand, SNSClient, ThrottledException } from '@aws-sdk/client-sns';
import type { OutboundMessage } from '#shared/ports/channel-sender';
import { PUSH_BODY_MAX, PUSH_PAYLOAD_BYTES, PUSH_TITLE_MAX, SnsPushSender, clip } from '#shared/adapters/aws/sns-push-sender';
import { caught } from '../../support/caught';

const client = new SNSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const sns = mockClient(client);
const ENDPOINT = 'arn:aws:sns:eu-west-1:123456789012:endpoint/APNS/burgernet-ios/5e1c0a2b-1111-2222-3333-444455556666';
const push = (title: string, body: string): OutboundMessage => ({
  channel: 'push',
  deliveryId: 'act-7:0:push:p9',
  actionId: 'act-7',
  participantId: 'p9',
  endpoint: ENDPOINT,
  platform: 'ios',
  title,
  body,
});

interface Sent {
  default: string;
  APNS: string;
  APNS_SANDBOX: string;
  GCM: string;
}
const sentMessage = (call = 0): Sent => JSON.parse(sns.commandCalls(PublishCommand)[call]!.args[0].input.Message!) as Sent;


beforeEach(() => sns.reset());

describe('SnsPushSender', () => {
  it('publishes the exact APNs and FCM v1 payloads to the endpoint', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    const sender = new SnsPushSender(client);

    expect(sender.channel).toBe('push');
    await expect(sender.send(push('Vermist: jongen (8)', 'Blauwe jas, rode pet. Gezien? Bel 0800-0011.'))).resolves.toBe('sns-1');

    const apns = JSON.stringify({
      aps: { alert: { title: 'Vermist: jongen (8)', body: 'Blauwe jas, rode pet. Gezien? Bel 0800-0011.' }, sound: 'default', 'interruption-level': 'time-sensitive' },
      actionId: 'act-7',
      deepLink: 'burgernet://actions/act-7',
    });
    const gcm = JSON.stringify({
      fcmV1Message: {
        message: {
          notification: { title: 'Vermist: jongen (8)', body: 'Blauwe jas, rode pet. Gezien? Bel 0800-0011.' },
          data: { actionId: 'act-7', deepLink: 'burgernet://actions/act-7' },
          android: { priority: 'high' },
        },
      },
    });
    const expected = {
      TargetArn: ENDPOINT,
      MessageStructure: 'json',
      Message: JSON.stringify({ default: 'Blauwe jas, rode pet. Gezien? Bel 0800-0011.', APNS: apns, APNS_SANDBOX: apns, GCM: gcm }),
    };
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, expected);
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input).toEqual(expected);
  });

  it('escapes the action id in the deep link', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-2' });
    await new SnsPushSender(client).send({ ...push('t', 'b'), actionId: 'a/b c' });
    const apns = JSON.parse(sentMessage().APNS) as { deepLink: string };
    expect(apns.deepLink).toBe('burgernet://actions/a%2Fb%20c');
  });

  it('leaves texts within the limits untouched and clips longer ones', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-3' });
    const sender = new SnsPushSender(client);
    await sender.send(push('T'.repeat(PUSH_TITLE_MAX), 'B'.repeat(PUSH_BODY_MAX)));
    await sender.send(push('T'.repeat(PUSH_TITLE_MAX + 5), 'B'.repeat(PUSH_BODY_MAX + 5)));

    const exact = JSON.parse(sentMessage(0).APNS) as { aps: { alert: { title: string; body: string } } };
    expect(exact.aps.alert).toEqual({ title: 'T'.repeat(PUSH_TITLE_MAX), body: 'B'.repeat(PUSH_BODY_MAX) });
    const clipped = JSON.parse(sentMessage(1).APNS) as { aps: { alert: { title: string; body: string } } };
    expect(clipped.aps.alert).toEqual({ title: `${'T'.repeat(PUSH_TITLE_MAX - 1)}…`, body: `${'B'.repeat(PUSH_BODY_MAX - 1)}…` });
  });

  it('keeps each platform payload within 4 KB, even for multi-byte text', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-4' });
    // Quotes (escaped by JSON) and 4-byte emoji: far over 4096 bytes before fitting.
    await new SnsPushSender(client).send(push('"'.repeat(PUSH_TITLE_MAX), '🚨'.repeat(PUSH_BODY_MAX)));
    const m = sentMessage();
    for (const payload of [m.APNS, m.APNS_SANDBOX, m.GCM]) {
      expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(PUSH_PAYLOAD_BYTES);
      expect(Buffer.byteLength(payload)).toBeGreaterThan(PUSH_PAYLOAD_BYTES - 64);
    }
    const body = (JSON.parse(m.GCM) as { fcmV1Message: { message: { notification: { body: string } } } }).fcmV1Message.message.notification.body;
    expect(body.endsWith('…')).toBe(true);
    expect(body).not.toMatch(/[\uD800-\uDBFF]…$/); // no emoji cut in half
  });

  it('cuts a body over 4 KB to the longest that fits, with an ellipsis, in the exact Publish input', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-5' });
    // 1000 graphemes of 4 bytes (4000 bytes) plus the wrapper: over 4096 on both platforms.
    const title = 'Vermist: Noël (8)';
    const body = '🚨'.repeat(PUSH_BODY_MAX);
    await new SnsPushSender(client).send(push(title, body));

    const apns = (b: string) =>
      JSON.stringify({ aps: { alert: { title, body: b }, sound: 'default', 'interruption-level': 'time-sensitive' }, actionId: 'act-7', deepLink: 'burgernet://actions/act-7' });
    const gcm = (b: string) =>
      JSON.stringify({ fcmV1Message: { message: { notification: { title, body: b }, data: { actionId: 'act-7', deepLink: 'burgernet://actions/act-7' }, android: { priority: 'high' } } } });
    // Counted down one emoji at a time: the first body (n − 1 emoji and "…") whose payload fits.
    const longest = (build: (b: string) => string) => {
      for (let n = PUSH_BODY_MAX; n > 0; n--) {
        const b = `${'🚨'.repeat(n - 1)}…`;
        if (Buffer.byteLength(build(b)) <= PUSH_PAYLOAD_BYTES) return b;
      }
      throw new Error('nothing fits');
    };
    const apnsBody = longest(apns);
    const gcmBody = longest(gcm);
    expect(apnsBody.length).toBeGreaterThan(gcmBody.length); // FCM's wrapper is the larger one
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input).toEqual({
      TargetArn: ENDPOINT,
      MessageStructure: 'json',
      Message: JSON.stringify({ default: apnsBody, APNS: apns(apnsBody), APNS_SANDBOX: apns(apnsBody), GCM: gcm(gcmBody) }),
    });
  });

  it('never splits a flag or a family emoji when it cuts to fit', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-6' });
    await new SnsPushSender(client).send(push('t', '🇳🇱👨‍👩‍👧'.repeat(400)));
    const m = sentMessage();
    const body = (JSON.parse(m.APNS) as { aps: { alert: { body: string } } }).aps.alert.body;
    expect(body.endsWith('…')).toBe(true);
    expect(body.slice(0, -1)).toMatch(/^(🇳🇱👨‍👩‍👧)*(🇳🇱)?$/u);
    expect(Buffer.byteLength(m.APNS)).toBeLessThanOrEqual(PUSH_PAYLOAD_BYTES);
  });

  it('carries the action id and its deep link on both platforms', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-7' });
    await new SnsPushSender(client).send({ ...push('t', 'b'), actionId: 'act_0b1c2d3e-aaaa-bbbb-cccc-123456789abc' });
    const m = sentMessage();
    const link = 'burgernet://actions/act_0b1c2d3e-aaaa-bbbb-cccc-123456789abc';
    expect(JSON.parse(m.APNS)).toMatchObject({ actionId: 'act_0b1c2d3e-aaaa-bbbb-cccc-123456789abc', deepLink: link });
    expect(JSON.parse(m.GCM)).toMatchObject({ fcmV1Message: { message: { data: { actionId: 'act_0b1c2d3e-aaaa-bbbb-cccc-123456789abc', deepLink: link } } } });
  });

  it('clips by user-perceived characters', () => {
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abcd', 3)).toBe('ab…');
    expect(clip('👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦', 2)).toBe('👨‍👩‍👧‍👦…');
    expect(clip('abc', 0)).toBe('');
  });

  it('maps a disabled endpoint to permanent without naming the endpoint', async () => {
    sns.on(PublishCommand).rejects(new EndpointDisabledException({ message: `Endpoint ${ENDPOINT} is disabled`, $metadata: { httpStatusCode: 400 } }));
    const err = await caught(new SnsPushSender(client).send(push('t', 'b')));
    expect(err).toMatchObject({ kind: 'permanent', reason: 'EndpointDisabledException' });
    expect([err.message, err.reason, err.stack, inspect(err), JSON.stringify(err)].join('\n')).not.toContain('5e1c0a2b');
  });

  it('maps SNS throttling and network failures to retryable kinds', async () => {
    sns
      .on(PublishCommand)
      .rejectsOnce(new ThrottledException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const sender = new SnsPushSender(client);
    expect(await caught(sender.send(push('t', 'b')))).toMatchObject({ kind: 'throttled', reason: 'ThrottledException' });
    expect(await caught(sender.send(push('t', 'b')))).toMatchObject({ kind: 'transient', reason: 'ECONNRESET' });
  });
});
