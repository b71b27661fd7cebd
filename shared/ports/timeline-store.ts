// Port: the audit trail of an action. Append-only: an entry's id is derived from what it
// records, so a retried step writes the same entry again and the first write stands.
export type TimelineKind =
  | 'created'
  | 'approval-requested'
  | 'approved'
  | 'updated'
  | 'ended'
  | 'cancelled'
  | 'fanout-planned'
  | 'fanout-selected';

export interface TimelineEntry {
  readonly actionId: string;
  /** Unique within the action and stable across retries of the same step. */
  readonly id: string;
  readonly at: string;
  /** The operator's id for operator acts, `system` for fan-out steps. */
  readonly actor: string;
  readonly kind: TimelineKind;
  /** The bulletin the entry belongs to. */
  readonly seq: number;
  readonly details: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

export interface TimelineStore {
  append(entry: TimelineEntry): Promise<void>;
  /** Oldest first. */
  list(actionId: string): Promise<TimelineEntry[]>;
}

/** An entry's id: the bulletin (zero-padded, so ids sort by bulletin), the kind, and what tells steps of one kind apart. */
export const timelineEntryId = (seq: number, kind: TimelineKind, part?: string): string => `${String(seq).padStart(4, '0')}#${kind}${part ? `#${part}` : ''}`;
