// Port: the exactly-once ledger. A delivery is claimed before the provider is called and
// closed after; chunk progress records are written whole (not incremented) so a retried
// batch rewrites the same figures instead of adding them twice.
import type { Channel } from '#infra/topology';

export interface DeliveryKey {
  readonly actionId: string;
  readonly seq: number;
  readonly channel: Channel;
  readonly participantId: string;
}

export type DeliveryOutcome =
  | { readonly status: 'sent'; readonly at: string; readonly providerMessageId: string }
  | { readonly status: 'failed'; readonly at: string; readonly reason: string };

export type ClaimResult = { readonly claimed: true; readonly attempt: number } | { readonly claimed: false; readonly outcome: DeliveryOutcome };

export interface ChunkProgress {
  readonly actionId: string;
  readonly seq: number;
  readonly channel: Channel;
  readonly chunkId: string;
  readonly targeted: number;
  readonly queued: boolean;
  readonly sent: number;
  readonly failed: number;
  readonly firstSentAt?: string;
  readonly lastSentAt?: string;
}

export interface ChannelCounts {
  targeted: number;
  queued: number;
  sent: number;
  failed: number;
  firstSentAt?: string;
  lastSentAt?: string;
}

export interface DeliveryStore {
  /** Claims a delivery for sending; a delivery already sent or failed is not claimed again. */
  claim(key: DeliveryKey, at: string): Promise<ClaimResult>;
  close(key: DeliveryKey, outcome: DeliveryOutcome): Promise<void>;
  /** Writes a chunk's progress; only ever raises `queued`, `sent` and `failed`. */
  putProgress(progress: ChunkProgress): Promise<void>;
  /** Sums chunk progress per channel for one message (seq, default 0: the alert) of an action. */
  counts(actionId: string, seq?: number): Promise<Partial<Record<Channel, ChannelCounts>>>;
}
