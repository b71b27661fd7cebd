// Port: the exactly-once, in-order ledger. Per participant and channel an action is one thread:
// the alert, then updates, then the end. A message is claimed on the thread before the provider
// is called (one message in flight per thread, never one the thread is already past), its
// outcome is recorded once, and the release moves the thread on. Chunk progress records are
// written whole (not incremented) so a retried batch rewrites the same figures.
import type { Channel } from '#shared/domain/vocabulary';

export interface DeliveryKey {
  readonly actionId: string;
  readonly seq: number;
  readonly channel: Channel;
  readonly participantId: string;
}

export type DeliveryOutcome =
  | { readonly status: 'sent'; readonly at: string; readonly providerMessageId: string }
  | { readonly status: 'failed'; readonly at: string; readonly reason: string }
  /** Deliberately not sent: superseded by a later message, no alert to follow up, action ended. */
  | { readonly status: 'skipped'; readonly at: string; readonly reason: string };

/** Where a participant stands in one action on one channel. */
export interface Thread {
  /** Highest seq the participant has been given (or passed over); absent before the alert. */
  readonly last?: number;
  /** The alert could not be delivered, so no follow-up may go. */
  readonly alertFailed?: boolean;
}

export type ClaimResult =
  /** `retry`: an earlier attempt at this same message claimed it and never released (it died). */
  | { readonly claimed: true; readonly thread: Thread; readonly retry: boolean }
  /** This message already has an outcome. */
  | { readonly claimed: false; readonly reason: 'done'; readonly outcome: DeliveryOutcome }
  /** The thread is already past this message. */
  | { readonly claimed: false; readonly reason: 'behind'; readonly last: number }
  /** Another message to this participant on this channel is in flight; try again later. */
  | { readonly claimed: false; readonly reason: 'busy' };

export interface ChunkProgress {
  readonly actionId: string;
  readonly seq: number;
  readonly channel: Channel;
  readonly chunkId: string;
  readonly targeted: number;
  readonly queued: boolean;
  readonly sent: number;
  readonly failed: number;
  readonly skipped: number;
  readonly firstSentAt?: string;
  readonly lastSentAt?: string;
}

export interface ChannelCounts {
  targeted: number;
  queued: number;
  sent: number;
  failed: number;
  skipped: number;
  firstSentAt?: string;
  lastSentAt?: string;
}

export interface DeliveryStore {
  /** Claims the thread for one message; a claim older than `staleBefore` is taken over. */
  claim(key: DeliveryKey, at: string, staleBefore: string): Promise<ClaimResult>;
  /** Records a message's outcome; the first recorded outcome stands and is returned. */
  record(key: DeliveryKey, outcome: DeliveryOutcome): Promise<DeliveryOutcome>;
  outcome(key: DeliveryKey): Promise<DeliveryOutcome | undefined>;
  /** Frees the thread claimed for `key`, moving it to `key.seq` when `advance`, or marking the alert failed. */
  release(key: DeliveryKey, change: { readonly advance?: boolean; readonly alertFailed?: boolean }): Promise<void>;
  /** Writes a chunk's progress; only ever raises `queued`, `sent`, `failed` and `skipped`. */
  putProgress(progress: ChunkProgress): Promise<void>;
  /** Sums chunk progress per channel for one message (seq, default 0: the alert) of an action. */
  counts(actionId: string, seq?: number): Promise<Partial<Record<Channel, ChannelCounts>>>;
}
