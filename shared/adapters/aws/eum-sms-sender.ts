// The SMS channel on AWS End User Messaging SMS & Voice v2 (SendTextMessage). Context carries the
// action and delivery ids so delivery receipts (event destinations) can be matched to the ledger;
// it never carries the number or the text.
import { SendTextMessageCommand, type PinpointSMSVoiceV2Client, type SendTextMessageRequest } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { ChannelSender, OutboundMessage } from '#shared/ports/channel-sender';
import { toChannelError } from './provider-errors';

export interface EumSmsSenderOptions {
  /** Phone number, sender id, pool (id or ARN) to send from; default env SMS_ORIGINATION_IDENTITY. */
  readonly originationIdentity?: string;
  /** Configuration set whose event destinations receive the delivery receipts; default env SMS_CONFIGURATION_SET. */
  readonly configurationSetName?: string;
  /** Seconds the provider keeps trying to deliver: a stale alert is worse than none. Provider default when unset. */
  readonly timeToLiveSeconds?: number;
}

export class EumSmsSender implements ChannelSender {
  readonly channel = 'sms' as const;
  private readonly originationIdentity: string | undefined;
  private readonly configurationSetName: string | undefined;
  private readonly timeToLiveSeconds: number | undefined;

  constructor(
    private readonly client: PinpointSMSVoiceV2Client,
    options: EumSmsSenderOptions = {},
  ) {
    this.originationIdentity = options.originationIdentity ?? (process.env.SMS_ORIGINATION_IDENTITY || undefined);
    this.configurationSetName = options.configurationSetName ?? (process.env.SMS_CONFIGURATION_SET || undefined);
    this.timeToLiveSeconds = options.timeToLiveSeconds;
  }

  async send(m: OutboundMessage): Promise<string> {
    // A wrong channel is a wiring bug, not the recipient's failure: a plain error gets it retried.
    if (m.channel !== 'sms') throw new Error(`EumSmsSender cannot send a ${m.channel} message`);
    const input: SendTextMessageRequest = {
      DestinationPhoneNumber: m.to,
      MessageBody: m.text,
      MessageType: 'TRANSACTIONAL',
      Context: { actionId: m.actionId, deliveryId: m.deliveryId },
      // Optional fields are left out rather than sent as undefined.
      ...(this.originationIdentity ? { OriginationIdentity: this.originationIdentity } : {}),
      ...(this.configurationSetName ? { ConfigurationSetName: this.configurationSetName } : {}),
      ...(this.timeToLiveSeconds ? { TimeToLive: this.timeToLiveSeconds } : {}),
    };
    try {
      const out = await this.client.send(new SendTextMessageCommand(input));
      // Accepted without an id should not happen; reporting it as sent avoids a duplicate SMS.
      return out.MessageId ?? 'unknown';
    } catch (err) {
      throw toChannelError(err);
    }
  }
}
