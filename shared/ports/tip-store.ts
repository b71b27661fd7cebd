// Port: tips app users send about an active action; operators read them newest first.
import type { Page } from './action-store';

export interface Tip {
  readonly actionId: string;
  /** `tip_` and a UUID. */
  readonly id: string;
  readonly at: string;
  readonly text: string;
  /** Where the tipster saw something (personal data of the tipster: operators only, never logged). */
  readonly position?: { readonly lat: number; readonly lon: number };
  readonly photo?: { readonly key: string; readonly contentType: string; readonly bytes: number };
  /** The same short pseudonym for every tip of one device in one action, and nothing to trace it by. */
  readonly tipster: string;
  /** When the tip is deleted (ISO 8601). */
  readonly expiresAt: string;
}

export interface TipStore {
  add(tip: Tip): Promise<void>;
  /** Newest first; `cursor` comes from a previous page's `next`. */
  list(actionId: string, limit: number, cursor?: string): Promise<Page<Tip>>;
}
