// EumSmsSender against a mocked End User Messaging client: the exact request and error mapping.
import 'aws-sdk-client-mock-vitest/extend';
import { inspect } from 'node:util';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ConflictException,
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ThrottlingException,
  ValidationException,
  type ValidationExceptionReason,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { OutboundMessage } from '#shared/ports/channel-sender';
import { EumSmsSender } from '#shared/adapters/aws/eum-sms-sender';
import { caught } from '../../support/caught';

const client = new PinpointSMSVoiceV2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const eum = mockClient(client);
const PHONE = '+31612345678';
const sms: OutboundMessage = { channel: 'sms', deliveryId: 'a1:0:sms:p1', actionId: 'a1', participantId: 'p1', to: PHONE, text: 'Let op: man, 1.80 m, rode jas.' };


beforeEach(() => {
  eum.reset();
});

describe('EumSmsSender', () => {
  it('sends the exact SendTextMessage input and returns the message id', async () => {
    eum.on(SendTextMessageCommand).resolves({ MessageId: 'msg-1' });
    const sender = new EumSmsSender(client, { originationIdentity: 'pool-burgernet', configurationSetName: 'burgernet-receipts' });

    expect(sender.channel).toBe('sms');
    await expect(sender.send(sms)).resolves.toBe('msg-1');
    expect(eum).toHaveReceivedCommandTimes(SendTextMessageCommand, 1);
    expect(eum).toHaveReceivedCommandWith(SendTextMessageCommand, {
      DestinationPhoneNumber: PHONE,
      OriginationIdentity: 'pool-burgernet',
      MessageBody: sms.channel === 'sms' ? sms.text : '',
      MessageType: 'TRANSACTIONAL',
      Context: { actionId: 'a1', deliveryId: 'a1:0:sms:p1' },
      ConfigurationSetName: 'burgernet-receipts',
    });
    expect(eum.commandCalls(SendTextMessageCommand)[0]!.args[0].input).toEqual({
      DestinationPhoneNumber: PHONE,
      OriginationIdentity: 'pool-burgernet',
      MessageBody: 'Let op: man, 1.80 m, rode jas.',
      MessageType: 'TRANSACTIONAL',
      Context: { actionId: 'a1', deliveryId: 'a1:0:sms:p1' },
      ConfigurationSetName: 'burgernet-receipts',
    });
  });

  it('takes origination identity and configuration set from its options only', async () => {
    vi.stubEnv('SMS_ORIGINATION_IDENTITY', 'FROM-ENV');
    vi.stubEnv('SMS_CONFIGURATION_SET', 'from-env');
    try {
      eum.on(SendTextMessageCommand).resolves({ MessageId: 'msg-2' });
      await new EumSmsSender(client, { originationIdentity: 'BURGERNET', configurationSetName: 'receipts' }).send(sms);
      expect(eum).toHaveReceivedCommandWith(SendTextMessageCommand, { OriginationIdentity: 'BURGERNET', ConfigurationSetName: 'receipts' });
      await new EumSmsSender(client).send(sms);
      expect(eum.commandCalls(SendTextMessageCommand)[1]!.args[0].input).not.toHaveProperty('OriginationIdentity');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('leaves optional fields out when they are not configured', async () => {
    eum.on(SendTextMessageCommand).resolves({ MessageId: 'msg-3' });
    await new EumSmsSender(client).send(sms);
    expect(Object.keys(eum.commandCalls(SendTextMessageCommand)[0]!.args[0].input).sort()).toEqual(['Context', 'DestinationPhoneNumber', 'MessageBody', 'MessageType']);
  });

  it('sets a time to live when asked', async () => {
    eum.on(SendTextMessageCommand).resolves({ MessageId: 'msg-4' });
    await new EumSmsSender(client, { timeToLiveSeconds: 3600 }).send(sms);
    expect(eum).toHaveReceivedCommandWith(SendTextMessageCommand, { TimeToLive: 3600 });
  });

  it('maps a throttle, a timeout and an opted-out number to their kinds', async () => {
    const sender = new EumSmsSender(client);
    eum
      .on(SendTextMessageCommand)
      .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(Object.assign(new Error('Connection timed out'), { name: 'TimeoutError' }))
      .rejectsOnce(
        new ConflictException({ message: `${PHONE} has opted out`, Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT', ResourceId: PHONE, $metadata: { httpStatusCode: 409 } }),
      );
    expect(await caught(sender.send(sms))).toMatchObject({ kind: 'throttled', reason: 'ThrottlingException' });
    expect(await caught(sender.send(sms))).toMatchObject({ kind: 'transient', reason: 'TimeoutError' });
    const optedOut = await caught(sender.send(sms));
    expect(optedOut).toMatchObject({ kind: 'permanent', reason: 'ConflictException:DESTINATION_PHONE_NUMBER_OPTED_OUT' });
    expect(`${optedOut.message}\n${optedOut.stack}\n${inspect(optedOut)}`).not.toContain('612345678');
  });

  // Only a reason about the number counts against the participant (three such actions deactivate
  // the registration); the account's set-up fails everyone alike, so it is retried and alarmed.
  it('fails the participant for good only when the validation error is about the destination', async () => {
    const invalid = (Reason: ValidationExceptionReason, Fields?: { Name: string; Message: string }[]) =>
      new ValidationException({ message: `Invalid destination ${PHONE}`, Reason, ...(Fields ? { Fields } : {}), $metadata: { httpStatusCode: 400 } });
    const sender = new EumSmsSender(client, { originationIdentity: 'BURGERNET' });
    eum
      .on(SendTextMessageCommand)
      .rejectsOnce(invalid('DESTINATION_COUNTRY_BLOCKED'))
      .rejectsOnce(invalid('FIELD_VALIDATION_FAILED', [{ Name: 'DestinationPhoneNumber', Message: PHONE }]))
      .rejectsOnce(invalid('SENDER_ID_NOT_REGISTERED'))
      .rejectsOnce(invalid('INVALID_IDENTITY_FOR_DESTINATION_COUNTRY'))
      .rejectsOnce(new ConflictException({ message: `Unverified ${PHONE}`, Reason: 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED', $metadata: { httpStatusCode: 409 } }));
    expect(await caught(sender.send(sms))).toMatchObject({ kind: 'permanent', reason: 'ValidationException:DESTINATION_COUNTRY_BLOCKED' });
    expect(await caught(sender.send(sms))).toMatchObject({ kind: 'permanent', reason: 'ValidationException:FIELD_VALIDATION_FAILED' });
    expect(await caught(sender.send(sms))).toMatchObject({ kind: 'transient', reason: 'ValidationException:SENDER_ID_NOT_REGISTERED' });
    expect(await caught(sender.send(sms))).toMatchObject({ kind: 'transient', reason: 'ValidationException:INVALID_IDENTITY_FOR_DESTINATION_COUNTRY' });
    expect(await caught(sender.send(sms))).toMatchObject({ kind: 'transient', reason: 'ConflictException:DESTINATION_PHONE_NUMBER_NOT_VERIFIED' });
  });

  it('never puts the number in the thrown error', async () => {
    eum.on(SendTextMessageCommand).rejects(new ValidationException({ message: `Invalid destination ${PHONE}`, Reason: 'FIELD_VALIDATION_FAILED', Fields: [{ Name: 'DestinationPhoneNumber', Message: `Invalid ${PHONE}` }], $metadata: { httpStatusCode: 400 } }));
    const err = await caught(new EumSmsSender(client).send(sms));
    expect(err.kind).toBe('permanent');
    expect([err.message, err.reason, err.stack, inspect(err), JSON.stringify(err)].join('\n')).not.toContain('612345678');
  });

  it('refuses a message for another channel without calling the provider', async () => {
    const voice: OutboundMessage = { channel: 'voice', deliveryId: 'd', actionId: 'a1', participantId: 'p1', to: PHONE, ssml: '<speak/>', language: 'nl' };
    await expect(new EumSmsSender(client).send(voice)).rejects.toThrow('EumSmsSender cannot send a voice message');
    expect(eum).toHaveReceivedCommandTimes(SendTextMessageCommand, 0);
  });
});
