// Port: actions as the operator created them. Immutable apart from the dispatch flag here;
// lifecycle changes arrive as new message sequence numbers.
import type { Action } from '#shared/domain/action';

export interface Page<T> {
  readonly items: readonly T[];
  readonly next?: string;
}

export interface ActionStore {
  /** Stores a new action; false when the id already exists (nothing is overwritten). */
  create(action: Action): Promise<boolean>;
  get(id: string): Promise<Action | undefined>;
  markDispatched(id: string, at: string): Promise<void>;
  /** Newest first. `cursor` is opaque and comes from a previous page's `next`. */
  list(limit: number, cursor?: string): Promise<Page<Action>>;
}
