// Provider quotas and what they mean as a pace: the rate each channel may be called at.
import type { Channel } from './vocabulary';

export interface Quotas {
  /** SMS message parts per second (account and origination identity). */
  readonly sms: { readonly partsPerSecond: number };
  /** Concurrent voice calls, made a rate by the assumed length of one call. */
  readonly voice: { readonly concurrentCalls: number; readonly assumedCallSeconds: number };
  /** SNS push publishes per second. */
  readonly push: { readonly publishesPerSecond: number };
}

/** Provider calls per second a channel may make across all its sender instances. */
export function quotaRatePerSecond(channel: Channel, quotas: Quotas): number {
  switch (channel) {
    case 'sms':
      return quotas.sms.partsPerSecond;
    case 'voice':
      return quotas.voice.concurrentCalls / quotas.voice.assumedCallSeconds;
    case 'push':
      return quotas.push.publishesPerSecond;
  }
}
