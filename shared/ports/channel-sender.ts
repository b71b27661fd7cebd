// Port: one provider call for one participant on one channel.
import type { Channel } from '#shared/domain/vocabulary';
import type { Platform, Language } from './participant-store';

export type OutboundMessage =
  | { readonly channel: 'sms'; readonly deliveryId: string; readonly actionId: string; readonly participantId: string; readonly to: string; readonly text: string }
  | { readonly channel: 'voice'; readonly deliveryId: string; readonly actionId: string; readonly participantId: string; readonly to: string; readonly ssml: string; readonly language: Language }
  | {
      readonly channel: 'push';
      readonly deliveryId: string;
      readonly actionId: string;
      readonly participantId: string;
      readonly endpoint: string;
      readonly platform: Platform;
      readonly title: string;
      readonly body: string;
    };

/** Why a send failed: throttled and transient are retried; permanent is recorded and not retried. */
export class ChannelError extends Error {
  constructor(
    readonly kind: 'throttled' | 'transient' | 'permanent',
    readonly reason: string,
  ) {
    super(`${kind}: ${reason}`);
    this.name = 'ChannelError';
  }
}

export interface ChannelSender {
  readonly channel: Channel;
  /** Returns the provider's message id; throws ChannelError. */
  send(message: OutboundMessage): Promise<string>;
}
