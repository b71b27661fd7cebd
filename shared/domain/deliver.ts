// Delivery of one chunk on one channel. Each recipient is claimed in the ledger before the
// provider is called and closed after, so a retried or redelivered chunk skips everyone already
// done. Throttles back off and retry here; other transient failures leave the claim open and
// fail the chunk, so the queue redelivers it (and dead-letters it after its receive limit).
import type { Channel } from '#infra/topology';
import type { ActionStore } from '#shared/ports/action-store';
import type { Contact, ParticipantStore } from '#shared/ports/participant-store';
import type { DeliveryKey, DeliveryOutcome, DeliveryStore } from '#shared/ports/delivery-store';
import { ChannelError, type ChannelSender, type OutboundMessage } from '#shared/ports/channel-sender';
import type { Clock } from '#shared/ports/clock';
import type { Action } from './action';
import type { ChunkMessage } from './messages';
import { pushNotification, smsText, voiceSsml } from './render';
import { type Pacer, type Sleep, sleep } from './pacer';

export interface DeliverDeps {
  readonly actions: ActionStore;
  readonly participants: ParticipantStore;
  readonly deliveries: DeliveryStore;
  readonly sender: ChannelSender;
  readonly pacer: Pacer;
  readonly clock: Clock;
  readonly sleep?: Sleep;
  /** Tries per recipient when the provider throttles, before the chunk is left for redelivery. */
  readonly throttleRetries?: number;
  /** Provider calls in flight per chunk. */
  readonly parallel?: number;
}

const PARALLEL_SENDS = 8;
const PROGRESS_EVERY = 25;

export interface ChunkResult {
  readonly sent: number;
  readonly failed: number;
  /** Recipients left open by a transient failure; the chunk must be redelivered. */
  readonly pending: number;
}

export class ChunkIncompleteError extends Error {
  constructor(readonly pending: number) {
    super(`${pending} deliveries failed transiently; chunk left for redelivery`);
    this.name = 'ChunkIncompleteError';
  }
}

/** Builds the provider message, or says why this participant cannot be reached on the channel. */
export function outbound(action: Action, channel: Channel, contact: Contact | undefined, deliveryId: string): OutboundMessage | string {
  if (!contact || contact.status !== 'active') return 'participant-gone';
  if (!contact.channels.includes(channel)) return 'channel-withdrawn';
  const base = { deliveryId, actionId: action.id, participantId: contact.id };
  switch (channel) {
    case 'sms':
      return contact.phone ? { ...base, channel, to: contact.phone, text: smsText(action) } : 'no-phone';
    case 'voice':
      return contact.phone ? { ...base, channel, to: contact.phone, ssml: voiceSsml(action, contact.language), language: contact.language } : 'no-phone';
    case 'push':
      return contact.push ? { ...base, channel, endpoint: contact.push.endpoint, platform: contact.push.platform, ...pushNotification(action) } : 'no-device';
  }
}

export const deliveryId = (k: DeliveryKey) => `${k.actionId}:${k.seq}:${k.channel}:${k.participantId}`;

export async function deliverChunk(deps: DeliverDeps, chunk: ChunkMessage, action: Action): Promise<ChunkResult> {
  const wait = deps.sleep ?? sleep;
  const tries = deps.throttleRetries ?? 4;
  const contacts = await deps.participants.contacts(chunk.recipients);
  const outcomes: DeliveryOutcome[] = [];
  let pending = 0;

  const progress = () => {
    const sentAt = outcomes.filter((o) => o.status === 'sent').map((o) => o.at).sort();
    return deps.deliveries.putProgress({
      actionId: chunk.actionId,
      seq: chunk.seq,
      channel: chunk.channel,
      chunkId: chunk.chunkId,
      targeted: chunk.recipients.length,
      queued: true,
      sent: sentAt.length,
      failed: outcomes.length - sentAt.length,
      ...(sentAt.length > 0 ? { firstSentAt: sentAt[0], lastSentAt: sentAt[sentAt.length - 1] } : {}),
    });
  };

  const deliverOne = async (participantId: string): Promise<void> => {
    const key: DeliveryKey = { actionId: chunk.actionId, seq: chunk.seq, channel: chunk.channel, participantId };
    const claim = await deps.deliveries.claim(key, deps.clock.now().toISOString());
    if (!claim.claimed) {
      outcomes.push(claim.outcome);
      return;
    }
    const message = outbound(action, chunk.channel, contacts.get(participantId), deliveryId(key));
    const result: DeliveryOutcome | 'transient' =
      typeof message === 'string' ? { status: 'failed', at: deps.clock.now().toISOString(), reason: message } : await sendWithBackoff(deps, message, tries, wait);
    if (result === 'transient') {
      pending++;
      return;
    }
    await deps.deliveries.close(key, result);
    outcomes.push(result);
    // Progress shows while the chunk is still going, not only when it ends.
    if (outcomes.length % PROGRESS_EVERY === 0) await progress();
  };

  // A few provider calls in flight hide their latency; the pacer still bounds the rate, and
  // workers take recipients in order, so the nearest still go first.
  // An unexpected error stops every worker before the chunk fails, as a dying Lambda would.
  let next = 0;
  let broken: { error: unknown } | undefined;
  const worker = async () => {
    while (!broken && next < chunk.recipients.length) {
      try {
        await deliverOne(chunk.recipients[next++]!);
      } catch (error) {
        broken ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.parallel ?? PARALLEL_SENDS, chunk.recipients.length) }, worker));
  if (broken) throw broken.error;
  await progress();
  const sent = outcomes.filter((o) => o.status === 'sent').length;
  return { sent, failed: outcomes.length - sent, pending };
}

async function sendWithBackoff(deps: DeliverDeps, message: OutboundMessage, tries: number, wait: Sleep): Promise<DeliveryOutcome | 'transient'> {
  for (let attempt = 1; ; attempt++) {
    await deps.pacer.take();
    try {
      const providerMessageId = await deps.sender.send(message);
      return { status: 'sent', at: deps.clock.now().toISOString(), providerMessageId };
    } catch (err) {
      const kind = err instanceof ChannelError ? err.kind : 'transient';
      if (kind === 'permanent') return { status: 'failed', at: deps.clock.now().toISOString(), reason: (err as ChannelError).reason };
      if (kind === 'transient' || attempt >= tries) return 'transient';
      // Throttled: exponential backoff with full jitter, capped at 2 s.
      await wait(Math.random() * Math.min(2000, 100 * 2 ** attempt));
    }
  }
}
