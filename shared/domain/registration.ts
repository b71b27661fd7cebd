// Participants sign themselves up: a number, an address, channels. The number is proven by a
// 6-digit code sent to it; until then nothing is stored but the code (hashed) and the sign-up it
// would confirm. Sign-up answers the same for a number that is already registered as for a new
// one (same id for the same number either way), so it cannot be used to find out who takes part.
// Codes per number, per number range and per client address are bounded against SMS pumping.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Channel } from '#shared/domain/vocabulary';
import type { Address, Location, Participant, ParticipantRegistry } from '#shared/ports/participant-store';
import type { CodePurpose, CodeStore, PendingRegistration } from '#shared/ports/code-store';
import type { Geocoder } from '#shared/ports/geocoder';
import type { RateLimiter } from '#shared/ports/rate-limiter';
import type { ChannelSender } from '#shared/ports/channel-sender';
import type { Clock } from '#shared/ports/clock';
import { normalisePhone, numberRange } from './phone';
import { windowsSchema } from './time-window';
import type { ParticipantKeys } from './participant-keys';
import { DomainError, type RefusalKind } from './domain-error';
import { recordParticipantChanges, type ParticipantUsageDeps } from './participant-usage';
import { recordCampaignSignup, recordCampaignVerified } from './campaigns';
import type { CampaignStore } from '#shared/ports/campaign-store';

export const CODE_TTL_MS = 15 * 60_000;
export const CODE_ATTEMPTS = 5;
export const MAX_ADDRESSES = 5;

/**
 * Codes sent per hour. Per number: a person retrying a few times. Per range (all but the last
 * three digits): SMS pumping walks through consecutive numbers. Per client address: one device
 * or NAT. In all: a ceiling on what an attack can cost in an hour (about €80 in SMS).
 */
export const SIGNUP_LIMITS = {
  perNumber: 3,
  perRange: 10,
  perClient: 10,
  total: 1_000,
  windowSeconds: 3_600,
} as const;

export class RegistrationError extends DomainError {
  constructor(kind: RefusalKind, field: string, message: string) {
    super(kind, message, field);
  }
}

const postcode = z
  .string()
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[1-9]\d{3}[A-Z]{2}$/, 'a Dutch postcode such as 3511 AB'));

export const addressInputSchema = z
  .object({
    label: z.string().trim().min(1).max(40).optional(),
    postcode,
    houseNumber: z.number().int().min(1).max(99_999),
    addition: z.string().trim().min(1).max(6).regex(/^[A-Za-z0-9-]+$/, 'letters, digits or a dash').optional(),
    windows: windowsSchema.optional(),
  })
  .strict();
export type AddressInput = z.infer<typeof addressInputSchema>;

const callChannels = z
  .array(z.enum(['sms', 'voice']))
  .min(1, 'choose sms, voice or both')
  .refine((c) => new Set(c).size === c.length, 'a channel is listed twice');

export const signUpSchema = z
  .object({
    phone: z.string().trim().min(6).max(32),
    postcode,
    houseNumber: z.number().int().min(1).max(99_999),
    addition: z.string().trim().min(1).max(6).regex(/^[A-Za-z0-9-]+$/, 'letters, digits or a dash').optional(),
    channels: callChannels,
    language: z.enum(['nl', 'en']).default('nl'),
    campaign: z.string().trim().regex(/^[A-Za-z0-9-]{4,32}$/, 'a campaign code of 4–32 letters, digits or dashes').optional(),
    exerciseOptIn: z.boolean().default(false),
  })
  .strict();
export type SignUpInput = z.infer<typeof signUpSchema>;

export const verifySchema = z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') }).strict();

export interface RegistrationDeps {
  readonly registry: ParticipantRegistry;
  readonly codes: CodeStore;
  readonly limits: RateLimiter;
  readonly geocoder: Geocoder;
  /** Codes go by SMS to mobiles and by a call to landlines. */
  readonly senders: { readonly sms: ChannelSender; readonly voice: ChannelSender };
  readonly keys: ParticipantKeys;
  readonly clock: Clock;
  /** The municipal figures: who joined and left, and campaign sign-ups (absent in unit tests). */
  readonly usage?: ParticipantUsageDeps & { readonly campaigns: CampaignStore };
}

/** Counts a participant's new state in the municipal figures (joined, changed, left). */
export async function countChange(deps: Pick<RegistrationDeps, 'usage' | 'clock'>, participant: Participant): Promise<void> {
  if (deps.usage) await recordParticipantChanges(deps.usage, [{ participant, at: deps.clock.now().toISOString() }]);
}

/** Geocodes addresses into slots a1…a5; an address not found is the caller's error, named. */
export async function geocodeAddresses(deps: Pick<RegistrationDeps, 'geocoder'>, inputs: readonly AddressInput[], field: (i: number) => string): Promise<Address[]> {
  return Promise.all(
    inputs.map(async (a, i) => {
      const found = await deps.geocoder.geocode({ postcode: a.postcode, houseNumber: a.houseNumber, ...(a.addition ? { addition: a.addition } : {}) });
      if (!found) throw new RegistrationError('invalid', field(i), 'no such address: check postcode and house number');
      if (!found.municipalityCode) throw new RegistrationError('invalid', field(i), 'this address lies outside the municipalities Burgernet serves');
      return {
        slot: `a${i + 1}`,
        ...(a.label ? { label: a.label } : {}),
        postcode: a.postcode,
        houseNumber: a.houseNumber,
        ...(a.addition ? { addition: a.addition } : {}),
        lat: found.lat,
        lon: found.lon,
        municipalityCode: found.municipalityCode,
        ...(a.windows && a.windows.length > 0 ? { windows: a.windows } : {}),
      };
    }),
  );
}

/** An address's index entry: it carries the owner's channels so selection needs nothing else. */
export const addressLocations = (p: Pick<Participant, 'id' | 'channels' | 'exerciseOptIn' | 'addresses'>): Location[] =>
  (p.addresses ?? []).map((a) => ({
    ownerId: p.id,
    slot: a.slot,
    lat: a.lat,
    lon: a.lon,
    channels: p.channels,
    exerciseOptIn: p.exerciseOptIn,
    municipalityCode: a.municipalityCode,
    ...(a.windows ? { windows: a.windows } : {}),
  }));

export const ADDRESS_SLOTS = Array.from({ length: MAX_ADDRESSES }, (_, i) => `a${i + 1}`);

async function withinLimits(deps: RegistrationDeps, e164: string, client: string): Promise<void> {
  const w = SIGNUP_LIMITS.windowSeconds;
  const checks: [string, number][] = [
    [deps.keys.limitKey('client', client), SIGNUP_LIMITS.perClient],
    [deps.keys.limitKey('number', e164), SIGNUP_LIMITS.perNumber],
    [deps.keys.limitKey('range', numberRange(e164)), SIGNUP_LIMITS.perRange],
    ['codes#all', SIGNUP_LIMITS.total],
  ];
  for (const [key, limit] of checks) {
    if (!(await deps.limits.take(key, limit, w))) throw new RegistrationError('limited', 'phone', 'too many codes requested; try again in an hour');
  }
}

/** Sends a fresh code to the number, replacing any earlier one of the same purpose. */
async function sendCode(deps: RegistrationDeps, participantId: string, purpose: CodePurpose, e164: string, mobile: boolean, language: 'nl' | 'en', registration?: PendingRegistration) {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const at = deps.clock.now();
  await deps.codes.put({ participantId, purpose, hash: deps.keys.codeHash(participantId, purpose, code), expiresAt: new Date(at.getTime() + CODE_TTL_MS).toISOString(), ...(registration ? { registration } : {}) });
  const text =
    language === 'nl'
      ? `Uw Burgernet-code is ${code}. Geldig 15 minuten. Deel deze code met niemand.`
      : `Your Burgernet code is ${code}. Valid for 15 minutes. Do not share it.`;
  const base = { deliveryId: `code:${purpose}:${participantId}:${at.getTime()}`, actionId: 'codes', participantId };
  if (mobile) await deps.senders.sms.send({ ...base, channel: 'sms', to: e164, text });
  else {
    const digits = code.split('').join(', ');
    const spoken = language === 'nl' ? `Uw Burgernet-code is: ${digits}. Ik herhaal: ${digits}.` : `Your Burgernet code is: ${digits}. I repeat: ${digits}.`;
    await deps.senders.voice.send({ ...base, channel: 'voice', to: e164, ssml: `<speak>${spoken}</speak>`, language });
  }
}

export async function signUp(deps: RegistrationDeps, input: SignUpInput, client: string): Promise<{ id: string; status: 'pending' }> {
  const phone = normalisePhone(input.phone, input.channels);
  if ('error' in phone) throw new RegistrationError('invalid', 'phone', phone.error);
  const addresses = await geocodeAddresses(deps, [input], () => 'postcode');
  await withinLimits(deps, phone.e164, client);
  const phoneKey = deps.keys.phoneKey(phone.e164);
  const id = (await deps.registry.findByPhoneKey(phoneKey)) ?? deps.keys.participantId(phone.e164);
  const registration: PendingRegistration = {
    phone: phone.e164,
    phoneKey,
    channels: input.channels,
    language: input.language,
    addresses,
    exerciseOptIn: input.exerciseOptIn,
    ...(input.campaign ? { campaign: input.campaign.toUpperCase() } : {}),
  };
  await sendCode(deps, id, 'verify', phone.e164, phone.mobile, input.language, registration);
  // A campaign counts sign-ups (a code sent), then verified ones; an unknown code counts nowhere.
  if (deps.usage && registration.campaign) {
    await recordCampaignSignup(deps.usage, { code: registration.campaign, participantId: id, municipalityCode: addresses[0]!.municipalityCode, at: deps.clock.now().toISOString() });
  }
  return { id, status: 'pending' };
}

/** Spends an attempt and checks the code; the error names `code` and says what to do. */
export async function checkCode(deps: Pick<RegistrationDeps, 'codes' | 'keys' | 'clock'>, participantId: string, purpose: CodePurpose, code: string) {
  const stored = await deps.codes.get(participantId, purpose);
  if (!stored || stored.expiresAt <= deps.clock.now().toISOString()) throw new RegistrationError('invalid', 'code', 'expired or unknown code; ask for a new one');
  if (!(await deps.codes.attempt(participantId, purpose, CODE_ATTEMPTS))) throw new RegistrationError('limited', 'code', 'too many attempts; ask for a new code');
  if (!deps.keys.codeMatches(stored.hash, participantId, purpose, code)) throw new RegistrationError('invalid', 'code', 'wrong code');
  return stored;
}

export async function verify(deps: RegistrationDeps, participantId: string, code: string): Promise<Participant> {
  const stored = await checkCode(deps, participantId, 'verify', code);
  const reg = stored.registration;
  if (!reg) throw new RegistrationError('invalid', 'code', 'expired or unknown code; ask for a new one');
  const first = reg.addresses[0]!;
  const participant: Participant = {
    id: participantId,
    phone: reg.phone,
    phoneKey: reg.phoneKey,
    channels: reg.channels as Channel[],
    lat: first.lat,
    lon: first.lon,
    municipalityCode: first.municipalityCode,
    language: reg.language,
    status: 'active',
    exerciseOptIn: reg.exerciseOptIn,
    updatedAt: deps.clock.now().toISOString(),
    addresses: reg.addresses,
    ...(reg.campaign ? { campaign: reg.campaign } : {}),
  };
  await deps.registry.putMany([participant]);
  await deps.registry.setLocations(participantId, addressLocations(participant), ADDRESS_SLOTS);
  await deps.codes.delete(participantId, 'verify');
  await countChange(deps, participant);
  if (deps.usage && participant.campaign) await recordCampaignVerified(deps.usage, { code: participant.campaign, participantId, at: participant.updatedAt });
  return participant;
}

export { sendCode, withinLimits };
