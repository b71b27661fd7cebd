// Port: where participants live and how the geo index is read. Domain code sees only this.
import type { Channel } from '#shared/domain/vocabulary';
import type { GeoRange } from '#shared/domain/geo-index';
import type { TimeWindow } from '#shared/domain/time-window';

export type Language = 'nl' | 'en';
export type Platform = 'ios' | 'android';

export type ParticipantStatus = 'active' | 'pending' | 'stopped' | 'deactivated';

/** An address a participant gave, geocoded; it alerts while one of its windows is open (none: always). */
export interface Address {
  /** Stable within the participant: `a1`…`a5`. */
  readonly slot: string;
  readonly label?: string;
  readonly postcode: string;
  readonly houseNumber: number;
  readonly addition?: string;
  readonly lat: number;
  readonly lon: number;
  readonly municipalityCode: string;
  readonly windows?: readonly TimeWindow[];
}

export interface Participant {
  readonly id: string;
  readonly externalId?: string;
  readonly phone?: string;
  /** Keyed hash of the phone number, to find a participant by number (STOP, sign-up) without storing it twice. */
  readonly phoneKey?: string;
  readonly push?: { readonly platform: Platform; readonly endpoint: string };
  readonly channels: readonly Channel[];
  readonly lat: number;
  readonly lon: number;
  readonly municipalityCode?: string;
  readonly language: Language;
  readonly status: ParticipantStatus;
  readonly exerciseOptIn: boolean;
  readonly updatedAt: string;
  /** Self-service participants: their addresses are indexed as locations, not the record's own position. */
  readonly addresses?: readonly Address[];
  readonly campaign?: string;
}

/**
 * A place that can put its owner in an action's area besides the owner's own record: an extra
 * address, a saved place of an app user, a device's last position. Stored as its own index entry.
 */
export interface Location {
  readonly ownerId: string;
  /** Unique per owner: `a1`, `place2`, `pos`. */
  readonly slot: string;
  readonly lat: number;
  readonly lon: number;
  /** The owner's channels, copied so the index alone answers who to reach how. */
  readonly channels: readonly Channel[];
  readonly exerciseOptIn: boolean;
  readonly municipalityCode?: string;
  readonly windows?: readonly TimeWindow[];
  /** After this the location no longer counts (a device position goes stale); absent: never. */
  readonly expiresAt?: string;
}

/** What the geo index hands the selector: enough for the exact test, nothing personal beyond position. */
export interface Candidate {
  /** The participant (or device) to reach; several locations may name the same one. */
  readonly id: string;
  readonly lat: number;
  readonly lon: number;
  readonly channels: readonly Channel[];
  readonly exerciseOptIn: boolean;
  /** CBS municipality code (GM…), for counts per municipality; absent when the register lacks it. */
  readonly municipalityCode?: string;
  readonly windows?: readonly TimeWindow[];
  readonly expiresAt?: string;
}

/** What a sender needs to reach one participant, read at send time so erasure wins. */
export interface Contact {
  readonly id: string;
  readonly phone?: string;
  readonly push?: Participant['push'];
  readonly channels: readonly Channel[];
  readonly language: Language;
  readonly status: Participant['status'];
  /** Permanent failures in a row so far. */
  readonly failures?: number;
  /** CBS code of the participant's municipality, so usage is counted where the recipient lives. */
  readonly municipalityCode?: string;
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

/** The records behind self-service, the app and delivery feedback; the same table as the store. */
export interface ParticipantRegistry {
  get(id: string): Promise<Participant | undefined>;
  putMany(participants: readonly Participant[]): Promise<void>;
  /** The participant with this phone key, if any. */
  findByPhoneKey(phoneKey: string): Promise<string | undefined>;
  /** Replaces an existing participant's record; false (nothing written) when it is gone, e.g. erased meanwhile. */
  replace(participant: Participant): Promise<boolean>;
  /**
   * Replaces an owner's locations: writes `locations`, deletes the slots in `remove` not among them.
   * False when the owner is gone or no longer active: then nothing it wrote is left behind.
   */
  setLocations(ownerId: string, locations: readonly Location[], remove: readonly string[]): Promise<boolean>;
  /** Erases a participant at once: the record and the given location slots; no write in flight brings them back. */
  erase(id: string, slots: readonly string[]): Promise<void>;
  /** Counts a permanent delivery failure; at `limit` in a row the participant is deactivated. */
  recordPermanentFailure(id: string, limit: number): Promise<'counted' | 'deactivated'>;
  /** A delivery got through: the run of failures is broken. */
  clearFailures(id: string): Promise<void>;
}
