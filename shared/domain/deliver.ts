// Delivery of one chunk of one bulletin on one channel. Per recipient the ledger's thread is
// claimed before the provider is called and released after, so a retried or redelivered chunk
// skips everyone already done, and each person gets the action's messages in order: alert, then
// updates, then the end, never a follow-up to an alert they did not get and nothing after the
// end. Throttles back off and retry here; other transient failures (and a thread busy with an
// earlier message) leave the recipient open and fail the chunk, so the queue redelivers it.
import type { Channel } from '#shared/domain/vocabulary';
import type { Contact, ParticipantStore } from '#shared/ports/participant-store';
import type { DeliveryKey, DeliveryOutcome, DeliveryStore } from '#shared/ports/delivery-store';
import { ChannelError, type ChannelSender, type OutboundMessage } from '#shared/ports/channel-sender';
import type { Clock } from '#shared/ports/clock';
import type { Action, ActionStatus, Bulletin } from './action';
import type { ChunkMessage } from './messages';
import { pushNotification, smsText, voiceSsml } from './render';
import { type Pacer, type Sleep, sleep } from './pacer';
import { smsLength } from './sms-encoding';

export interface DeliverDeps {
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
  /** A claim older than this belongs to a sender that died; another may take it over. */
  readonly claimTtlMs?: number;
  /** Tells the register about numbers that fail for good or opted out at the provider. */
  readonly feedback?: DeliveryFeedback;
  /** The action's status now; re-read during a chunk so its alerts stop soon after the action ends. */
  readonly actionState?: (actionId: string) => Promise<ActionStatus | undefined>;
}

export interface DeliveryFeedback {
  failedForGood(participantId: string, reason: string): Promise<unknown>;
  /** Called only for participants with failures on record, so the common path writes nothing. */
  deliveredAfterFailures(participantId: string): Promise<unknown>;
}

const PARALLEL_SENDS = 8;
const PROGRESS_EVERY = 25;
/** The action's status is re-read before an alert's provider call at most this often (ms), or after this many calls. */
const STATE_EVERY_MS = 1_000;
const STATE_EVERY_CALLS = 20;
/** Longer than a sender Lambda may run (120 s), shorter than the queue's visibility timeout. */
export const CLAIM_TTL_MS = 150_000;

export interface ChunkResult {
  readonly sent: number;
  readonly failed: number;
  readonly skipped: number;
  /** Recipients left open by a transient failure or a busy thread; the chunk must be redelivered. */
  readonly pending: number;
}

export class ChunkIncompleteError extends Error {
  constructor(readonly pending: number) {
    super(`${pending} deliveries left open; chunk left for redelivery`);
    this.name = 'ChunkIncompleteError';
  }
}

/** Builds the provider message, or says why this participant cannot be reached on the channel. */
export function outbound(action: Action, bulletin: Bulletin, channel: Channel, contact: Contact | undefined, deliveryId: string): OutboundMessage | string {
  if (!contact || contact.status !== 'active') return 'participant-gone';
  if (!contact.channels.includes(channel)) return 'channel-withdrawn';
  const base = { deliveryId, actionId: action.id, participantId: contact.id };
  switch (channel) {
    case 'sms':
      return contact.phone ? { ...base, channel, to: contact.phone, text: smsText(action, bulletin) } : 'no-phone';
    case 'voice':
      return contact.phone ? { ...base, channel, to: contact.phone, ssml: voiceSsml(action, bulletin, contact.language), language: contact.language } : 'no-phone';
    case 'push':
      return contact.push ? { ...base, channel, endpoint: contact.push.endpoint, platform: contact.push.platform, ...pushNotification(action, bulletin) } : 'no-device';
  }
}

export const deliveryId = (k: DeliveryKey) => `${k.actionId}:${k.seq}:${k.channel}:${k.participantId}`;

type Step = DeliveryOutcome | 'transient';

export async function deliverChunk(deps: DeliverDeps, chunk: ChunkMessage, action: Action): Promise<ChunkResult> {
  const bulletin = action.bulletins[chunk.seq];
  if (!bulletin) throw new Error(`action ${action.id} has no bulletin ${chunk.seq}`);
  const wait = deps.sleep ?? sleep;
  const tries = deps.throttleRetries ?? 4;
  const now = () => deps.clock.now().toISOString();
  const contacts = await deps.participants.contacts(chunk.recipients);
  const inArea = new Set(chunk.inArea ?? []);
  // A later bulletin on this channel makes an update moot (and the end makes the alert moot).
  const superseded = action.bulletins.some((b) => b.seq > chunk.seq && b.channels.includes(chunk.channel));
  let closed = action.status === 'ended' || action.status === 'cancelled';
  const open = stillOpen(deps, action.id, () => closed, () => (closed = true));
  const outcomes: DeliveryOutcome[] = [];
  /** Alerts sent ahead of this follow-up to people who never had one; counted under the alert. */
  const lateAlerts: DeliveryOutcome[] = [];
  let pending = 0;

  const send = async (key: DeliveryKey, of: Bulletin, participantId: string): Promise<Step> => {
    const message = outbound(action, of, chunk.channel, contacts.get(participantId), deliveryId(key));
    if (typeof message === 'string') return { status: 'failed', at: now(), reason: message };
    // An alert is checked against the action's state right before the provider call: once the
    // action ended, its alerts still waiting in this chunk are skipped, not sent.
    return sendWithBackoff(deps, message, tries, wait, of.seq === 0 ? open : undefined);
  };
  const skip = (reason: string): DeliveryOutcome => ({ status: 'skipped', at: now(), reason });

  const deliverOne = async (participantId: string): Promise<void> => {
    const key: DeliveryKey = { actionId: chunk.actionId, seq: chunk.seq, channel: chunk.channel, participantId };
    if (chunk.seq === 0 && closed) {
      outcomes.push(await deps.deliveries.record(key, skip('action-ended')));
      return;
    }
    if (bulletin.kind === 'update' && superseded) {
      outcomes.push(await deps.deliveries.record(key, skip('superseded')));
      return;
    }
    const staleBefore = new Date(deps.clock.now().getTime() - (deps.claimTtlMs ?? CLAIM_TTL_MS)).toISOString();
    const claim = await deps.deliveries.claim(key, now(), staleBefore);
    if (!claim.claimed) {
      if (claim.reason === 'busy') pending++;
      else outcomes.push(claim.reason === 'done' ? claim.outcome : await deps.deliveries.record(key, skip('superseded')));
      return;
    }
    // A claim left by a sender that died may already have its outcome: never send twice.
    const earlier = claim.retry ? await deps.deliveries.outcome(key) : undefined;
    if (earlier) {
      await deps.deliveries.release(key, { advance: true, alertFailed: chunk.seq === 0 && earlier.status !== 'sent' });
      outcomes.push(earlier);
      return;
    }
    const { thread } = claim;
    let result: Step;
    let alertFailed = false;
    if (chunk.seq === 0) {
      result = await send(key, bulletin, participantId);
      alertFailed = result !== 'transient' && result.status !== 'sent';
    } else if (thread.last !== undefined && !thread.alertFailed) {
      result = await send(key, bulletin, participantId);
    } else if (!thread.alertFailed && bulletin.kind === 'update' && action.status === 'active' && inArea.has(participantId)) {
      // Inside the area now but never alerted (joined later, or the area moved): alert first.
      const alertKey: DeliveryKey = { ...key, seq: 0 };
      const alert = (await deps.deliveries.outcome(alertKey)) ?? (await send(alertKey, action.bulletins[0]!, participantId));
      if (alert === 'transient') result = 'transient';
      else {
        lateAlerts.push(await deps.deliveries.record(alertKey, alert));
        result = alert.status === 'sent' ? await send(key, bulletin, participantId) : skip('no-alert');
        alertFailed = alert.status !== 'sent';
      }
    } else {
      // Never alerted: nobody gets a follow-up to an alert they did not get. The thread stays
      // where it is, so a late alert chunk can still reach them while the action runs.
      const outcome = await deps.deliveries.record(key, skip('no-alert'));
      await deps.deliveries.release(key, {});
      outcomes.push(outcome);
      return;
    }
    if (result === 'transient') {
      await deps.deliveries.release(key, {});
      pending++;
      return;
    }
    const outcome = await deps.deliveries.record(key, result);
    await deps.deliveries.release(key, { advance: true, alertFailed });
    outcomes.push(outcome);
    // Only the first recording reports back, so a redelivered chunk does not count a failure twice.
    if (deps.feedback && outcome === result) {
      if (result.status === 'failed') await deps.feedback.failedForGood(participantId, result.reason);
      else if (result.status === 'sent' && (contacts.get(participantId)?.failures ?? 0) > 0) await deps.feedback.deliveredAfterFailures(participantId);
    }
    // Progress shows while the chunk is still going, not only when it ends.
    if (outcomes.length % PROGRESS_EVERY === 0) await progress();
  };

  const tally = (list: readonly DeliveryOutcome[]) => {
    const sentAt = list.filter((o) => o.status === 'sent').map((o) => o.at).sort();
    const skipped = list.filter((o) => o.status === 'skipped').length;
    return {
      sent: sentAt.length,
      failed: list.length - sentAt.length - skipped,
      skipped,
      ...(sentAt.length > 0 ? { firstSentAt: sentAt[0], lastSentAt: sentAt[sentAt.length - 1] } : {}),
    };
  };
  const progress = async () => {
    await deps.deliveries.putProgress({ actionId: chunk.actionId, seq: chunk.seq, channel: chunk.channel, chunkId: chunk.chunkId, targeted: chunk.recipients.length, queued: true, ...tally(outcomes) });
    if (lateAlerts.length > 0) {
      const chunkId = `late-${chunk.seq}-${chunk.chunkId}`;
      await deps.deliveries.putProgress({ actionId: chunk.actionId, seq: 0, channel: chunk.channel, chunkId, targeted: lateAlerts.length, queued: true, ...tally(lateAlerts) });
    }
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
  const t = tally(outcomes);
  return { sent: t.sent, failed: t.failed, skipped: t.skipped, pending };
}

/**
 * Whether the action still runs, re-read through `actionState` at most every STATE_EVERY_MS or
 * STATE_EVERY_CALLS calls (one read in flight shared by the chunk's workers); once closed, closed.
 */
function stillOpen(deps: DeliverDeps, actionId: string, isClosed: () => boolean, close: () => void): () => Promise<boolean> {
  let readAt = deps.clock.now().getTime();
  let calls = 0;
  let reading: Promise<void> | undefined;
  return async () => {
    if (isClosed()) return false;
    if (!deps.actionState) return true;
    const t = deps.clock.now().getTime();
    if (!reading && (++calls >= STATE_EVERY_CALLS || t - readAt >= STATE_EVERY_MS)) {
      calls = 0;
      readAt = t;
      const read = deps.actionState;
      reading = read(actionId)
        .then((status) => {
          if (status === 'ended' || status === 'cancelled') close();
        })
        .finally(() => (reading = undefined));
    }
    if (reading) await reading;
    return !isClosed();
  };
}

async function sendWithBackoff(deps: DeliverDeps, message: OutboundMessage, tries: number, wait: Sleep, open?: () => Promise<boolean>): Promise<Step> {
  // The SMS quota counts message parts, so a 3-segment SMS takes three.
  const cost = message.channel === 'sms' ? smsLength(message.text).segments : 1;
  for (let attempt = 1; ; attempt++) {
    await deps.pacer.take(cost);
    // After the pacer's wait, which is where a chunk spends its time at quota.
    if (open && !(await open())) return { status: 'skipped', at: deps.clock.now().toISOString(), reason: 'action-ended' };
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
