// CloudWatch metrics (Powertools, embedded metric format) per channel: messages sent, failed,
// provider throttles and errors, and the fan-out latency from a bulletin's dispatch to its sends
// (the minimum of FirstSendLatency is an action's first send, the maximum of LastSendLatency its
// last). Counted in memory during an invocation and published once at its end. Outside Lambda
// nothing is printed: the figures go to the debug log instead of EMF lines on the terminal. (Only
// deployed senders are measured at all: the local world never wraps its outbox in a measured sender.)
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Channel } from '#shared/domain/vocabulary';
import { platform } from '#shared/config/environment';
import { logger } from './logger';

export type SendResult = 'sent' | 'failed' | 'throttled' | 'error';

interface Tally {
  sent: number;
  failed: number;
  throttled: number;
  error: number;
  firstMs?: number;
  lastMs?: number;
}

const NAMES: Record<SendResult, string> = { sent: 'MessagesSent', failed: 'MessagesFailed', throttled: 'ProviderThrottles', error: 'ProviderErrors' };

/** The local runtime never runs inside Lambda, so being in Lambda is being the deployed world. */
const emitting = (): boolean => platform.inLambda;

const tallies = new Map<Channel, Tally>();
const perChannel = new Map<Channel, Metrics>();

/** One provider call's result; `latencyMs` (since the bulletin was dispatched) for a sent one. */
export function recordSend(channel: Channel, result: SendResult, latencyMs?: number): void {
  let t = tallies.get(channel);
  if (!t) tallies.set(channel, (t = { sent: 0, failed: 0, throttled: 0, error: 0 }));
  t[result]++;
  if (latencyMs !== undefined) {
    t.firstMs = Math.min(t.firstMs ?? latencyMs, latencyMs);
    t.lastMs = Math.max(t.lastMs ?? latencyMs, latencyMs);
  }
}

/** Publishes what this invocation counted; called by the house handlers when an invocation ends. */
export function publishMetrics(): void {
  if (tallies.size === 0) return;
  for (const [channel, t] of tallies) {
    if (!emitting()) {
      logger.debug('metrics', { channel, ...t });
      continue;
    }
    let m = perChannel.get(channel);
    if (!m) perChannel.set(channel, (m = new Metrics({ namespace: platform.metricsNamespace, serviceName: platform.serviceName, defaultDimensions: { channel } })));
    for (const result of Object.keys(NAMES) as SendResult[]) if (t[result] > 0) m.addMetric(NAMES[result], MetricUnit.Count, t[result]);
    if (t.firstMs !== undefined) m.addMetric('FirstSendLatency', MetricUnit.Milliseconds, t.firstMs);
    if (t.lastMs !== undefined) m.addMetric('LastSendLatency', MetricUnit.Milliseconds, t.lastMs);
    m.publishStoredMetrics();
  }
  tallies.clear();
}
