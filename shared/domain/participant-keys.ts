// Everything derived from the deployment's participant secret: the keyed hash that finds a
// participant by number, the hash a one-time code is kept as, the key manage tokens are signed
// with, and rate-limit keys. Keyed (HMAC) because Dutch mobile numbers are few enough to guess.
import { createHmac, timingSafeEqual } from 'node:crypto';

export class ParticipantKeys {
  constructor(private readonly secret: Uint8Array) {
    if (secret.length < 32) throw new Error('the participant secret must be at least 32 bytes');
  }

  private mac(label: string): Buffer {
    return createHmac('sha256', this.secret).update(label).digest();
  }

  phoneKey(e164: string): string {
    return this.mac(`phone:${e164}`).toString('hex').slice(0, 40);
  }

  /** The id a number signs up under: stable, so a repeated sign-up cannot tell new from known. */
  participantId(e164: string): string {
    return `p_${this.mac(`id:${e164}`).toString('hex').slice(0, 24)}`;
  }

  codeHash(participantId: string, purpose: string, code: string): string {
    return this.mac(`code:${purpose}:${participantId}:${code}`).toString('hex');
  }

  codeMatches(hash: string, participantId: string, purpose: string, code: string): boolean {
    const expected = Buffer.from(this.codeHash(participantId, purpose, code), 'hex');
    const given = Buffer.from(hash, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  manageTokenKey(): Uint8Array {
    return new Uint8Array(this.mac('manage-token'));
  }

  /** A rate-limit key that names no number or address. */
  limitKey(kind: string, value: string): string {
    return `${kind}#${this.mac(`limit:${kind}:${value}`).toString('hex').slice(0, 24)}`;
  }
}
