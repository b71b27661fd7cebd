// What the SMS and voice senders on AWS End User Messaging SMS & Voice v2 share: where they send
// from (given by the world from the function's configuration), the channel check, and the mapping
// of what the provider threw to a ChannelError. Each channel only builds its own request.
import type { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { ChannelSender, OutboundMessage } from '#shared/ports/channel-sender';
import { toChannelError } from './provider-errors';

export interface EumSenderOptions {
  /** Phone number, sender id or pool (id or ARN) to send from. */
  readonly originationIdentity?: string;
  /** Configuration set whose event destinations receive the delivery receipts. */
  readonly configurationSetName?: string;
}

type Eum = 'sms' | 'voice';
type MessageOf<C extends Eum> = Extract<OutboundMessage, { channel: C }>;

export abstract class EumSender<C extends Eum> implements ChannelSender {
  protected readonly originationIdentity: string | undefined;
  protected readonly configurationSetName: string | undefined;

  /** `name` is for errors: class names do not survive the minified bundle. */
  protected constructor(
    readonly channel: C,
    private readonly name: string,
    protected readonly client: PinpointSMSVoiceV2Client,
    options: EumSenderOptions,
  ) {
    this.originationIdentity = options.originationIdentity || undefined;
    this.configurationSetName = options.configurationSetName || undefined;
  }

  async send(m: OutboundMessage): Promise<string> {
    // A wrong channel is a wiring bug, not the recipient's failure: a plain error gets it retried.
    if (m.channel !== this.channel) throw new Error(`${this.name} cannot send a ${m.channel} message`);
    try {
      // Accepted without an id should not happen; reporting it as sent avoids a duplicate message.
      return (await this.call(m as MessageOf<C>)) ?? 'unknown';
    } catch (err) {
      throw toChannelError(err);
    }
  }

  /** The one provider call; returns the provider's message id. */
  protected abstract call(m: MessageOf<C>): Promise<string | undefined>;

  /** The configuration set when there is one: optional fields are left out rather than sent as undefined. */
  protected receipts(): { ConfigurationSetName?: string } {
    return this.configurationSetName ? { ConfigurationSetName: this.configurationSetName } : {};
  }
}
