// The voice channel on AWS End User Messaging SMS & Voice v2 (SendVoiceMessage): the rendered SSML
// is spoken by an Amazon Polly voice of the participant's language. Context carries only ids, for
// matching call receipts to the ledger.
import { SendVoiceMessageCommand, type PinpointSMSVoiceV2Client, type SendVoiceMessageRequest, type VoiceId } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { ChannelSender, OutboundMessage } from '#shared/ports/channel-sender';
import type { Language } from '#shared/ports/participant-store';
import { toChannelError } from './provider-errors';

/** Polly voices the API accepts: LOTTE speaks Dutch (nl-NL); AMY British English, as the SSML's en-GB. */
export const VOICES: Readonly<Record<Language, VoiceId>> = { nl: 'LOTTE', en: 'AMY' };

export interface EumVoiceSenderOptions {
  /** Voice-capable phone number or pool to call from; default env VOICE_ORIGINATION_IDENTITY. */
  readonly originationIdentity?: string;
  /** Configuration set for call receipts; default env VOICE_CONFIGURATION_SET. */
  readonly configurationSetName?: string;
  readonly voices?: Readonly<Record<Language, VoiceId>>;
}

export class EumVoiceSender implements ChannelSender {
  readonly channel = 'voice' as const;
  private readonly originationIdentity: string;
  private readonly configurationSetName: string | undefined;
  private readonly voices: Readonly<Record<Language, VoiceId>>;

  constructor(
    private readonly client: PinpointSMSVoiceV2Client,
    options: EumVoiceSenderOptions = {},
  ) {
    const identity = options.originationIdentity ?? process.env.VOICE_ORIGINATION_IDENTITY;
    // SendVoiceMessage requires it: fail at wiring, not on every call.
    if (!identity) throw new Error('VOICE_ORIGINATION_IDENTITY is not set: no number to place voice calls from');
    this.originationIdentity = identity;
    this.configurationSetName = options.configurationSetName ?? (process.env.VOICE_CONFIGURATION_SET || undefined);
    this.voices = options.voices ?? VOICES;
  }

  async send(m: OutboundMessage): Promise<string> {
    if (m.channel !== 'voice') throw new Error(`EumVoiceSender cannot send a ${m.channel} message`);
    const input: SendVoiceMessageRequest = {
      DestinationPhoneNumber: m.to,
      OriginationIdentity: this.originationIdentity,
      MessageBody: m.ssml,
      MessageBodyTextType: 'SSML',
      VoiceId: this.voices[m.language] ?? this.voices.nl,
      Context: { actionId: m.actionId, deliveryId: m.deliveryId },
      ...(this.configurationSetName ? { ConfigurationSetName: this.configurationSetName } : {}),
    };
    try {
      const out = await this.client.send(new SendVoiceMessageCommand(input));
      return out.MessageId ?? 'unknown';
    } catch (err) {
      throw toChannelError(err);
    }
  }
}
