// The SMS channel on AWS End User Messaging SMS & Voice v2 (SendTextMessage). Context carries the
// action and delivery ids so delivery receipts (event destinations) can be matched to the ledger;
// it never carries the number or the text.
import { SendTextMessageCommand, type PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { OutboundMessage } from '#shared/ports/channel-sender';
import { EumSender, type EumSenderOptions } from './eum-sender';

export interface EumSmsSenderOptions extends EumSenderOptions {
  /** Seconds the provider keeps trying to deliver: a stale alert is worse than none. Provider default when unset. */
  readonly timeToLiveSeconds?: number;
}

export class EumSmsSender extends EumSender<'sms'> {
  private readonly timeToLiveSeconds: number | undefined;

  constructor(client: PinpointSMSVoiceV2Client, options: EumSmsSenderOptions = {}) {
    super('sms', 'EumSmsSender', client, options);
    this.timeToLiveSeconds = options.timeToLiveSeconds;
  }

  protected async call(m: Extract<OutboundMessage, { channel: 'sms' }>): Promise<string | undefined> {
    const out = await this.client.send(
      new SendTextMessageCommand({
        DestinationPhoneNumber: m.to,
        MessageBody: m.text,
        MessageType: 'TRANSACTIONAL',
        Context: { actionId: m.actionId, deliveryId: m.deliveryId },
        ...(this.originationIdentity ? { OriginationIdentity: this.originationIdentity } : {}),
        ...this.receipts(),
        ...(this.timeToLiveSeconds ? { TimeToLive: this.timeToLiveSeconds } : {}),
      }),
    );
    return out.MessageId;
  }
}
