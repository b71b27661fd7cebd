// Port: actions and their bulletins. An action changes only by a whole conditional replace on
// its revision, so two operators acting at once cannot interleave half-applied changes.
import type { Action } from '#shared/domain/action';

export interface Page<T> {
  readonly items: readonly T[];
  readonly next?: string;
}

export interface ActionStore {
  /** Stores a new action; false when the id already exists (nothing is overwritten). */
  create(action: Action): Promise<boolean>;
  get(id: string): Promise<Action | undefined>;
  /** Writes `next` (whose rev is one higher) only if the stored rev is still `next.rev - 1`. */
  replace(next: Action): Promise<boolean>;
  /** Newest first. `cursor` is opaque and comes from a previous page's `next`. */
  list(limit: number, cursor?: string): Promise<Page<Action>>;
}
