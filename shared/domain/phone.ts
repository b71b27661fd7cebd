// Phone numbers as participants type them ("06 1234 5678", "+31 6-12345678", "030 123 4567"),
// normalised to E.164 with libphonenumber's full metadata so the number type is known: SMS needs
// a Dutch mobile number; voice also takes landlines (many older participants have only one).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Channel } from '#shared/domain/vocabulary';

export type PhoneCheck = { readonly e164: string; readonly mobile: boolean } | { readonly error: string };

const CALLABLE = new Set(['FIXED_LINE', 'MOBILE', 'FIXED_LINE_OR_MOBILE', 'VOIP', 'UAN']);

export function normalisePhone(input: string, channels: readonly Channel[]): PhoneCheck {
  const parsed = parsePhoneNumberFromString(input, 'NL');
  if (!parsed?.isValid()) return { error: 'not a valid phone number' };
  if (parsed.country !== 'NL') return { error: 'Burgernet reaches Dutch numbers only (+31)' };
  const type = parsed.getType();
  const mobile = type === 'MOBILE';
  if (channels.includes('sms') && !mobile) return { error: 'sms needs a mobile number (06…)' };
  if (!type || !CALLABLE.has(type)) return { error: 'not a number that can be called' };
  return { e164: parsed.number, mobile };
}

/** The number range a number belongs to (all but its last three digits), for abuse limits. */
export const numberRange = (e164: string) => e164.slice(0, -3);
