// The voice channel on AWS End User Messaging SMS & Voice v2 (SendVoiceMessage): the rendered SSML
// is spoken by an Amazon Polly voice of the participant's language. Context carries only ids, for
// matching call receipts to the ledger.
import { SendVoiceMessageCommand, type PinpointSMSVoiceV2Client, type VoiceId } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { OutboundMessage } from '#shared/ports/channel-sender';
import type { Language } from '#shared/ports/participant-store';
import { EumSender, type EumSenderOptions } from './eum-sender';

/** Polly voices the API accepts: LOTTE speaks Dutch (nl-NL); AMY British English, as the SSML's en-GB. */
export const VOICES: Readonly<Record<Language, VoiceId>> = { nl: 'LOTTE', en: 'AMY' };

export interface EumVoiceSenderOptions extends EumSenderOptions {
  readonly voices?: Readonly<Record<Language, VoiceId>>;
}

export class EumVoiceSender extends EumSender<'voice'> {
  private readonly from: string;
  private readonly voices: Readonly<Record<Language, VoiceId>>;

  constructor(client: PinpointSMSVoiceV2Client, options: EumVoiceSenderOptions = {}) {
    super('voice', 'EumVoiceSender', client, options);
    // SendVoiceMessage requires it: fail at wiring, not on every call.
    if (!this.originationIdentity) throw new Error('EumVoiceSender has no origination identity: no number to place voice calls from');
    this.from = this.originationIdentity;
    this.voices = options.voices ?? VOICES;
  }

  protected async call(m: Extract<OutboundMessage, { channel: 'voice' }>): Promise<string | undefined> {
    const out = await this.client.send(
      new SendVoiceMessageCommand({
        DestinationPhoneNumber: m.to,
        OriginationIdentity: this.from,
        MessageBody: m.ssml,
        MessageBodyTextType: 'SSML',
        VoiceId: this.voices[m.language] ?? this.voices.nl,
        Context: { actionId: m.actionId, deliveryId: m.deliveryId },
        ...this.receipts(),
      }),
    );
    return out.MessageId;
  }
}
