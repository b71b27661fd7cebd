// App installs manage themselves: register for push, report where the phone is, name up to five
// places, leave. A device's last position and its places are locations in the geo index, so the
// fan-out reaches them like addresses; the position expires, and nothing is kept of earlier ones.
import { z } from 'zod';
import type { Device, DeviceStore, SavedPlace } from '#shared/ports/device-store';
import type { Location, ParticipantRegistry } from '#shared/ports/participant-store';
import type { PositionTracker } from '#shared/ports/position-tracker';
import type { PushRegistry, Registration } from '#shared/ports/push-registry';
import type { Clock } from '#shared/ports/clock';
import type { RateLimiter } from '#shared/ports/rate-limiter';
import type { ParticipantKeys } from './participant-keys';
import { SERVICE_BOUNDS } from './area';
import { windowsSchema } from './time-window';
import { DEVICE_ID, issueToken, newDeviceId } from './device-token';
import { DomainError } from './domain-error';
import { PushRegistryError } from '#shared/ports/push-registry';

export const MAX_PLACES = 5;
export const POSITION_SLOT = 'pos';
export const PLACE_SLOTS = Array.from({ length: MAX_PLACES }, (_, i) => `place${i + 1}`);
/** Every location a device can own: erasing these and the record leaves nothing of it. */
export const DEVICE_SLOTS = [POSITION_SLOT, ...PLACE_SLOTS];
/** How long a position counts unless the deployment says otherwise (settings.positionTtlMinutes). */
export const DEFAULT_POSITION_TTL_MINUTES = 120;
/** A phone clock may run a little ahead; more than this is a wrong fix time. */
const CLOCK_SKEW_MS = 60_000;

export const inServiceArea = (lat: number, lon: number): boolean =>
  lat >= SERVICE_BOUNDS.minLat && lat <= SERVICE_BOUNDS.maxLat && lon >= SERVICE_BOUNDS.minLon && lon <= SERVICE_BOUNDS.maxLon;

const OUTSIDE = 'lies outside the Netherlands and its border zone';
const lat = z.number().min(-90).max(90);
const lon = z.number().min(-180).max(180);

export const devicePathSchema = z.object({ id: z.string().regex(DEVICE_ID, 'not a device id') });

// APNs tokens are hex (32 bytes today, longer allowed); FCM registration tokens are URL-safe text.
const TOKEN_FORMAT = {
  ios: { pattern: /^[0-9a-fA-F]{64,200}$/, message: 'an APNs device token: 64 to 200 hex digits' },
  android: { pattern: /^[A-Za-z0-9_:.-]{32,4096}$/, message: 'an FCM registration token: 32 to 4096 letters, digits, _ : . or -' },
} as const;

export const registerDeviceSchema = z
  .object({
    platform: z.enum(['ios', 'android']),
    pushToken: z.string().min(1).max(4096),
    language: z.enum(['nl', 'en']).default('nl'),
    exerciseOptIn: z.boolean().default(false),
  })
  .strict()
  .superRefine((d, ctx) => {
    const format = TOKEN_FORMAT[d.platform];
    // The message says what is expected, never what was sent.
    if (!format.pattern.test(d.pushToken)) ctx.addIssue({ code: 'custom', path: ['pushToken'], message: `not ${format.message}` });
  });
export type RegisterDeviceInput = z.infer<typeof registerDeviceSchema>;

export const positionSchema = z
  .object({
    lat,
    lon,
    accuracyMeters: z.number().min(0).max(100_000).optional(),
    /** When the phone took the fix; now when absent. */
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((p) => inServiceArea(p.lat, p.lon), { message: OUTSIDE });
export type PositionInput = z.infer<typeof positionSchema>;

const placeSchema = z
  .object({ name: z.string().trim().min(1).max(40), lat, lon, windows: windowsSchema.optional() })
  .strict()
  .refine((p) => inServiceArea(p.lat, p.lon), { message: OUTSIDE });

export const placesSchema = z
  .object({ places: z.array(placeSchema).max(MAX_PLACES, `at most ${MAX_PLACES} saved places`) })
  .strict()
  .superRefine((b, ctx) => {
    const names = b.places.map((p) => p.name.toLowerCase());
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) ctx.addIssue({ code: 'custom', path: ['places', i, 'name'], message: 'two places have this name' });
    });
  });
export type PlacesInput = z.infer<typeof placesSchema>;

export interface DeviceDeps {
  readonly devices: DeviceStore;
  readonly participants: ParticipantRegistry;
  readonly push: PushRegistry;
  readonly tracker: PositionTracker;
  readonly clock: Clock;
}

/** Installs one client address may register per window (settings.devices); CGNAT puts many phones behind one. */
export interface DeviceLimits {
  readonly registrationsPerClient: number;
  readonly windowSeconds: number;
}
export const DEFAULT_DEVICE_LIMITS: DeviceLimits = { registrationsPerClient: 10, windowSeconds: 3_600 };

/** Who registers: the client address, counted under a keyed hash (never the address itself). */
export interface ClientLimit {
  readonly client: string;
  readonly limiter: RateLimiter;
  readonly keys: Pick<ParticipantKeys, 'limitKey'>;
  readonly rules: DeviceLimits;
}

/** Registers an install; the token is returned here once and never again. */
export async function registerDevice(deps: DeviceDeps, input: RegisterDeviceInput, from?: ClientLimit): Promise<{ device: Device; token: string; replaced?: string }> {
  // Before the push service is asked: fresh installs are what multiplies per-device limits (tips).
  if (from && !(await from.limiter.take(from.keys.limitKey('device-client', from.client), from.rules.registrationsPerClient, from.rules.windowSeconds))) {
    throw new DomainError('limited', `at most ${from.rules.registrationsPerClient} new installs per ${Math.round(from.rules.windowSeconds / 60)} minutes from one address`, 'body');
  }
  const id = newDeviceId();
  const { token, hash } = issueToken(id);
  const { endpoint, previousDevice } = await register(deps.push, input, id);
  const at = deps.clock.now().toISOString();
  const device: Device = { id, platform: input.platform, endpoint, tokenHash: hash, language: input.language, exerciseOptIn: input.exerciseOptIn, places: [], createdAt: at, updatedAt: at };
  await deps.devices.put(device);
  // The same install registered again (reinstalled app): its old record would reach the same phone twice.
  const replaced = previousDevice && previousDevice !== id && DEVICE_ID.test(previousDevice) ? previousDevice : undefined;
  if (replaced) await forget(deps, replaced);
  return { device, token, ...(replaced ? { replaced } : {}) };
}

async function register(push: PushRegistry, input: RegisterDeviceInput, id: string): Promise<Registration> {
  try {
    return await push.register(input.platform, input.pushToken, id);
  } catch (err) {
    if (!(err instanceof PushRegistryError)) throw err;
    throw err.kind === 'invalid-token'
      ? new DomainError('invalid', 'the push service does not accept this token', 'pushToken')
      : new DomainError('invalid', 'push for this platform is not offered yet', 'platform');
  }
}

/** Deletes the install: its push endpoint, what the tracker knows, its record, position and places. */
export async function deleteDevice(deps: DeviceDeps, device: Device): Promise<void> {
  // The record goes last: while it exists, a failed delete can be retried with the same token.
  await deps.push.unregister(device.endpoint, device.id);
  await forget(deps, device.id);
}

async function forget(deps: DeviceDeps, id: string): Promise<void> {
  await deps.tracker.forget(id);
  await deps.participants.erase(id, DEVICE_SLOTS);
  // Again once the record is gone: a fix in flight may have reached the tracker after the first.
  await deps.tracker.forget(id);
}

/** A write found the device deleted meanwhile: nothing of it was kept. */
const deviceGone = () => new DomainError('not-found', 'no such device: it was deleted', 'path.id');

/** Keeps only the latest fix, counting until `at` + the TTL; refuses fixes from the future or already stale. */
export async function updatePosition(deps: DeviceDeps, device: Device, input: PositionInput, ttlMs: number): Promise<{ expiresAt: string }> {
  const now = deps.clock.now().getTime();
  const at = input.at ? Date.parse(input.at) : now;
  if (at > now + CLOCK_SKEW_MS) throw new DomainError('invalid', 'lies in the future', 'position.at');
  const expiresAt = new Date(at + ttlMs).toISOString();
  if (at + ttlMs <= now) throw new DomainError('invalid', `older than ${Math.round(ttlMs / 60_000)} minutes: a stale position is not kept`, 'position.at');
  const location: Location = {
    ownerId: device.id,
    slot: POSITION_SLOT,
    lat: input.lat,
    lon: input.lon,
    channels: ['push'],
    exerciseOptIn: device.exerciseOptIn,
    expiresAt,
  };
  if (!(await deps.participants.setLocations(device.id, [location], []))) throw deviceGone();
  await deps.tracker.update(device.id, { lat: input.lat, lon: input.lon, at: new Date(at).toISOString(), ...(input.accuracyMeters !== undefined ? { accuracyMeters: input.accuracyMeters } : {}) });
  // Deleted while this fix was on its way: the tracker must not keep it either.
  if (!(await deps.devices.get(device.id))) {
    await deps.tracker.forget(device.id);
    throw deviceGone();
  }
  return { expiresAt };
}

export const placeLocations = (device: Pick<Device, 'id' | 'exerciseOptIn'>, places: readonly SavedPlace[]): Location[] =>
  places.map((p, i) => ({
    ownerId: device.id,
    slot: PLACE_SLOTS[i]!,
    lat: p.lat,
    lon: p.lon,
    channels: ['push'],
    exerciseOptIn: device.exerciseOptIn,
    ...(p.windows && p.windows.length > 0 ? { windows: p.windows } : {}),
  }));

/** Replaces the saved places as a whole: slots beyond the new list are removed. */
export async function setPlaces(deps: DeviceDeps, device: Device, input: PlacesInput): Promise<Device> {
  const places: SavedPlace[] = input.places.map((p) => ({ name: p.name, lat: p.lat, lon: p.lon, ...(p.windows && p.windows.length > 0 ? { windows: p.windows } : {}) }));
  if (!(await deps.participants.setLocations(device.id, placeLocations(device, places), PLACE_SLOTS))) throw deviceGone();
  const next: Device = { ...device, places, updatedAt: deps.clock.now().toISOString() };
  if (!(await deps.devices.update(next))) throw deviceGone();
  return next;
}
