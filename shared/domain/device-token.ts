// Device ids and the bearer token an app install proves itself with. The token names its device
// (so a token for another device is told apart from a wrong one) and carries 256 random bits;
// only its SHA-256 is stored.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const DEVICE_ID = /^dev_[0-9a-f]{32}$/;
const TOKEN = /^(dev_[0-9a-f]{32})\.([A-Za-z0-9_-]{43})$/;

export const newDeviceId = (): string => `dev_${randomBytes(16).toString('hex')}`;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function issueToken(deviceId: string): { token: string; hash: string } {
  const token = `${deviceId}.${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

/** The device a well-formed token claims to be; undefined for anything else. */
export const tokenDevice = (token: string): string | undefined => TOKEN.exec(token)?.[1];

export function tokenMatches(token: string, storedHash: string): boolean {
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
