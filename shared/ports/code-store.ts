// Port: one-time codes sent by SMS (or call) to prove control of a number. Only a keyed hash of
// the code is kept; a code expires and allows a few attempts.
import type { Address, Language } from './participant-store';
import type { Channel } from '#shared/domain/vocabulary';

export type CodePurpose = 'verify' | 'manage';

/** What a sign-up becomes once its code is confirmed. */
export interface PendingRegistration {
  readonly phone: string;
  readonly phoneKey: string;
  readonly channels: readonly Channel[];
  readonly language: Language;
  readonly addresses: readonly Address[];
  readonly exerciseOptIn: boolean;
  readonly campaign?: string;
}

export interface StoredCode {
  readonly participantId: string;
  readonly purpose: CodePurpose;
  readonly hash: string;
  readonly expiresAt: string;
  readonly registration?: PendingRegistration;
}

export interface CodeStore {
  /** Replaces any earlier code of the same participant and purpose (a new code voids the old one). */
  put(code: StoredCode): Promise<void>;
  get(participantId: string, purpose: CodePurpose): Promise<StoredCode | undefined>;
  /** Uses one attempt; false when the code has none left (or is gone). */
  attempt(participantId: string, purpose: CodePurpose, maxAttempts: number): Promise<boolean>;
  delete(participantId: string, purpose: CodePurpose): Promise<void>;
}
