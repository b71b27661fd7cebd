// EumVoiceSender against a mocked End User Messaging client: SSML, voice per language, errors.
import 'aws-sdk-client-mock-vitest/extend';
import { inspect } from 'node:util';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { InternalServerException, PinpointSMSVoiceV2Client, SendVoiceMessageCommand, ThrottlingException, ValidationException, VoiceId } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { OutboundMessage } from '#shared/ports/channel-sender';
import { EumVoiceSender, VOICES } from '#shared/adapters/aws/eum-voice-sender';
import { caught } from '../../support/caught';

const client = new PinpointSMSVoiceV2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const eum = mockClient(client);
const PHONE = '+31201234567';
const SSML = '<speak><lang xml:lang="nl-NL"><p>Let op.</p></lang></speak>';
const voice = (language: 'nl' | 'en'): OutboundMessage => ({ channel: 'voice', deliveryId: `a1:1:voice:p-${language}`, actionId: 'a1', participantId: `p-${language}`, to: PHONE, ssml: SSML, language });


beforeEach(() => {
  eum.reset();
});

describe('EumVoiceSender', () => {
  it('places a call with the exact SendVoiceMessage input in a Dutch voice', async () => {
    eum.on(SendVoiceMessageCommand).resolves({ MessageId: 'call-1' });
    const sender = new EumVoiceSender(client, { originationIdentity: '+3185000000', configurationSetName: 'calls' });

    expect(sender.channel).toBe('voice');
    await expect(sender.send(voice('nl'))).resolves.toBe('call-1');
    expect(eum).toHaveReceivedCommandTimes(SendVoiceMessageCommand, 1);
    expect(eum).toHaveReceivedCommandWith(SendVoiceMessageCommand, { VoiceId: 'LOTTE', MessageBodyTextType: 'SSML' });
    expect(eum.commandCalls(SendVoiceMessageCommand)[0]!.args[0].input).toEqual({
      DestinationPhoneNumber: PHONE,
      OriginationIdentity: '+3185000000',
      MessageBody: SSML,
      MessageBodyTextType: 'SSML',
      VoiceId: 'LOTTE',
      Context: { actionId: 'a1', deliveryId: 'a1:1:voice:p-nl' },
      ConfigurationSetName: 'calls',
    });
  });

  it('speaks English in an English voice and leaves out a configuration set it was not given', async () => {
    eum.on(SendVoiceMessageCommand).resolves({ MessageId: 'call-2' });
    await new EumVoiceSender(client, { originationIdentity: 'pool-voice' }).send(voice('en'));
    expect(eum.commandCalls(SendVoiceMessageCommand)[0]!.args[0].input).toEqual({
      DestinationPhoneNumber: PHONE,
      OriginationIdentity: 'pool-voice',
      MessageBody: SSML,
      MessageBodyTextType: 'SSML',
      VoiceId: 'AMY',
      Context: { actionId: 'a1', deliveryId: 'a1:1:voice:p-en' },
    });
  });

  it('only uses voices the API knows', () => {
    for (const v of Object.values(VOICES)) expect(Object.values(VoiceId)).toContain(v);
  });

  it('will not start without a number to call from, whatever the environment says', () => {
    vi.stubEnv('VOICE_ORIGINATION_IDENTITY', 'pool-from-env');
    try {
      expect(() => new EumVoiceSender(client)).toThrow('no number to place voice calls from');
      expect(() => new EumVoiceSender(client, { originationIdentity: '' })).toThrow('no number to place voice calls from');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('maps throttles, server errors and validation errors (a number without voice is our set-up, not the participant)', async () => {
    const sender = new EumVoiceSender(client, { originationIdentity: 'pool-voice' });
    eum
      .on(SendVoiceMessageCommand)
      .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(new InternalServerException({ message: 'oops', $metadata: { httpStatusCode: 500 } }))
      .rejectsOnce(new ValidationException({ message: `Cannot call ${PHONE}`, Reason: 'VOICE_CAPABILITY_NOT_AVAILABLE', $metadata: { httpStatusCode: 400 } }));

    expect(await caught(sender.send(voice('nl')))).toMatchObject({ kind: 'throttled', reason: 'ThrottlingException' });
    expect(await caught(sender.send(voice('nl')))).toMatchObject({ kind: 'transient', reason: 'InternalServerException' });
    const invalid = await caught(sender.send(voice('nl')));
    expect(invalid).toMatchObject({ kind: 'transient', reason: 'ValidationException:VOICE_CAPABILITY_NOT_AVAILABLE' });
    expect([invalid.message, invalid.stack, inspect(invalid)].join('\n')).not.toContain('201234567');
    expect(eum).toHaveReceivedCommandTimes(SendVoiceMessageCommand, 3);
  });
});
