// Port: where participants live and how the geo index is read. Domain code sees only this.
import type { Channel } from '#infra/topology';
import type { GeoRange } from '#shared/domain/geo-index';

export type Language = 'nl' | 'en';
export type Platform = 'ios' | 'android';

export interface Participant {
  readonly id: string;
  readonly externalId?: string;
  readonly phone?: string;
  readonly push?: { readonly platform: Platform; readonly endpoint: string };
  readonly channels: readonly Channel[];
  readonly lat: number;
  readonly lon: number;
  readonly municipalityCode?: string;
  readonly language: Language;
  readonly status: 'active' | 'pending';
  readonly exerciseOptIn: boolean;
  readonly updatedAt: string;
}

/** What the geo index hands the selector: enough for the exact test, nothing personal beyond position. */
export interface Candidate {
  readonly id: string;
  readonly lat: number;
  readonly lon: number;
  readonly channels: readonly Channel[];
  readonly exerciseOptIn: boolean;
}

/** What a sender needs to reach one participant, read at send time so erasure wins. */
export interface Contact {
  readonly id: string;
  readonly phone?: string;
  readonly push?: Participant['push'];
  readonly channels: readonly Channel[];
  readonly language: Language;
  readonly status: Participant['status'];
}

export interface ReadStats {
  queryCalls: number;
  itemsRead: number;
}

export interface ParticipantStore {
  /** Inserts or replaces participants by id (import is idempotent by construction). */
  putMany(participants: readonly Participant[]): Promise<void>;
  /** Reads every indexed participant whose cell lies in one of the ranges; counts calls and items. */
  candidatesIn(ranges: readonly GeoRange[], stats: ReadStats): AsyncIterable<readonly Candidate[]>;
  contacts(ids: readonly string[]): Promise<ReadonlyMap<string, Contact>>;
}
