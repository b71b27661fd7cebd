// A participant manages their own registration: a fresh code to their number buys a manage token
// (15 minutes) to read, change or erase it. Asking for a code says the same whether or not the
// number is registered. Erasure removes number, addresses and codes at once; anything still
// queued for them finds no contact at send time and is not sent.
import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';
import type { Channel } from '#shared/domain/vocabulary';
import type { Participant } from '#shared/ports/participant-store';
import {
  ADDRESS_SLOTS,
  MAX_ADDRESSES,
  RegistrationError,
  addressInputSchema,
  addressLocations,
  checkCode,
  countChange,
  geocodeAddresses,
  sendCode,
  withinLimits,
  type RegistrationDeps,
} from './registration';
import { normalisePhone } from './phone';

export const MANAGE_TOKEN_TTL_S = 15 * 60;
const AUDIENCE = 'burgernet-participant';

/** A participant's path id: `p_` and 24 hex digits (GET/PATCH/DELETE /participants/{id}, verify). */
export const participantPathSchema = z.object({ id: z.string().regex(/^p_[0-9a-f]{24}$/, 'not a participant id') });

export const manageCodeSchema = z.object({ phone: z.string().trim().min(6).max(32) }).strict();
export const manageTokenSchema = z.object({ phone: z.string().trim().min(6).max(32), code: z.string().regex(/^\d{6}$/, 'six digits') }).strict();
export const participantPatchSchema = z
  .object({
    channels: z
      .array(z.enum(['sms', 'voice']))
      .min(1, 'choose sms, voice or both')
      .refine((c) => new Set(c).size === c.length, 'a channel is listed twice')
      .optional(),
    language: z.enum(['nl', 'en']).optional(),
    exerciseOptIn: z.boolean().optional(),
    addresses: z.array(addressInputSchema).min(1, 'keep at least one address').max(MAX_ADDRESSES, `at most ${MAX_ADDRESSES} addresses`).optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
export type ParticipantPatch = z.infer<typeof participantPatchSchema>;

/** Sends a manage code if the number belongs to an active participant; silent otherwise. */
export async function requestManageCode(deps: RegistrationDeps, phoneInput: string, client: string): Promise<void> {
  const phone = normalisePhone(phoneInput, []);
  if ('error' in phone) throw new RegistrationError('invalid', 'phone', phone.error);
  await withinLimits(deps, phone.e164, client);
  const id = await deps.registry.findByPhoneKey(deps.keys.phoneKey(phone.e164));
  const participant = id ? await deps.registry.get(id) : undefined;
  if (participant?.status === 'active') await sendCode(deps, participant.id, 'manage', phone.e164, phone.mobile, participant.language);
}

export async function issueManageToken(deps: RegistrationDeps, phoneInput: string, code: string): Promise<{ participantId: string; token: string; expiresAt: string }> {
  const phone = normalisePhone(phoneInput, []);
  if ('error' in phone) throw new RegistrationError('invalid', 'phone', phone.error);
  const id = (await deps.registry.findByPhoneKey(deps.keys.phoneKey(phone.e164))) ?? deps.keys.participantId(phone.e164);
  await checkCode(deps, id, 'manage', code);
  await deps.codes.delete(id, 'manage');
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const token = await new SignJWT({ scope: 'manage' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(id)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + MANAGE_TOKEN_TTL_S)
    .sign(deps.keys.manageTokenKey());
  return { participantId: id, token, expiresAt: new Date((now + MANAGE_TOKEN_TTL_S) * 1000).toISOString() };
}

/** The participant a manage token is for; it must be the one in the path. */
export async function authorizeManage(deps: Pick<RegistrationDeps, 'keys' | 'clock'>, authorization: string | undefined, participantId: string): Promise<void> {
  const token = authorization?.match(/^Bearer (\S+)$/i)?.[1];
  if (!token) throw new RegistrationError('unauthorized', 'authorization', 'send the manage token as a bearer token');
  let sub: string | undefined;
  try {
    const { payload } = await jwtVerify(token, deps.keys.manageTokenKey(), { audience: AUDIENCE, algorithms: ['HS256'], currentDate: deps.clock.now() });
    sub = payload.scope === 'manage' ? payload.sub : undefined;
  } catch {
    throw new RegistrationError('unauthorized', 'authorization', 'manage token invalid or expired; ask for a new code');
  }
  if (sub !== participantId) throw new RegistrationError('forbidden', 'authorization', 'this token is for another registration');
}

/** What the participant sees of their own registration. */
export function registrationView(p: Participant) {
  return {
    id: p.id,
    status: p.status,
    phone: p.phone ?? null,
    channels: p.channels,
    language: p.language,
    exerciseOptIn: p.exerciseOptIn,
    addresses: (p.addresses ?? []).map(({ lat: _lat, lon: _lon, ...a }) => a),
    updatedAt: p.updatedAt,
  };
}

export async function readRegistration(deps: RegistrationDeps, id: string): Promise<Participant> {
  const p = await deps.registry.get(id);
  if (!p || p.status === 'pending') throw new RegistrationError('not-found', 'path.id', 'no such registration');
  return p;
}

export async function changeRegistration(deps: RegistrationDeps, id: string, patch: ParticipantPatch): Promise<Participant> {
  const current = await readRegistration(deps, id);
  const channels = (patch.channels ?? current.channels) as Channel[];
  if (current.phone && channels.includes('sms')) {
    const phone = normalisePhone(current.phone, channels);
    if ('error' in phone) throw new RegistrationError('invalid', 'channels', phone.error);
  }
  const addresses = patch.addresses ? await geocodeAddresses(deps, patch.addresses, (i) => `addresses.${i}`) : current.addresses;
  const first = addresses?.[0];
  const next: Participant = {
    ...current,
    channels,
    ...(patch.language ? { language: patch.language } : {}),
    ...(patch.exerciseOptIn !== undefined ? { exerciseOptIn: patch.exerciseOptIn } : {}),
    ...(addresses ? { addresses } : {}),
    ...(first ? { lat: first.lat, lon: first.lon, municipalityCode: first.municipalityCode } : {}),
    updatedAt: deps.clock.now().toISOString(),
  };
  // Erased meanwhile (a DELETE in flight): the change must not bring the registration back.
  const gone = () => new RegistrationError('not-found', 'path.id', 'no such registration');
  if (!(await deps.registry.replace(next))) throw gone();
  if (next.addresses && next.status === 'active' && !(await deps.registry.setLocations(id, addressLocations(next), ADDRESS_SLOTS))) throw gone();
  await countChange(deps, next);
  return next;
}

export async function eraseRegistration(deps: RegistrationDeps, id: string): Promise<void> {
  const current = await readRegistration(deps, id);
  // Counted as left first: the figures keep a count, never the person.
  await countChange(deps, { ...current, status: 'stopped' });
  await deps.registry.erase(id, ADDRESS_SLOTS);
  await Promise.all([deps.codes.delete(id, 'verify'), deps.codes.delete(id, 'manage')]);
}
