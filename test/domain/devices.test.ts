// App installs: registration (token shown once, only its hash kept), position (only the last,
// expiring), saved places (slots, windows), deletion (nothing left), and every refusal by field.
import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/domain/domain-error';
import {
  DEVICE_SLOTS,
  deleteDevice,
  devicePathSchema,
  placesSchema,
  positionSchema,
  registerDevice,
  registerDeviceSchema,
  setPlaces,
  updatePosition,
  type DeviceDeps,
} from '#shared/domain/devices';
import { resolveFunctionConfig, resolveSettings, type SettingOverrides } from '#infra/function-config';
import { positionTtlMs } from '#shared/runtime/wiring';
import type { World } from '#shared/runtime/world';
import { hashToken, issueToken, tokenDevice, tokenMatches } from '#shared/domain/device-token';
import { PushRegistryError } from '#shared/ports/push-registry';
import { FakeDevices, FakePush, FakeRegistry, FakeTracker, fixedClock, UTRECHT } from '../support/app-fakes';

const IOS_TOKEN = 'a'.repeat(64);
const TTL = 120 * 60_000;

function world(now = '2026-03-02T07:00:00.000Z') {
  const devices = new FakeDevices();
  const participants = new FakeRegistry(devices);
  const push = new FakePush();
  const tracker = new FakeTracker();
  const clock = fixedClock(now);
  const deps: DeviceDeps = { devices, participants, push, tracker, clock };
  return { deps, devices, participants, push, tracker, clock };
}

const fieldsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => i.path.map(String).join('.'));

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe('device token', () => {
  it('names its device, matches only its own hash, and is not stored by value', () => {
    const { token, hash } = issueToken('dev_0123456789abcdef0123456789abcdef');
    expect(tokenDevice(token)).toBe('dev_0123456789abcdef0123456789abcdef');
    expect(hash).toBe(hashToken(token));
    expect(hash).not.toContain(token.split('.')[1]);
    expect(tokenMatches(token, hash)).toBe(true);
    expect(tokenMatches(`${token.slice(0, -1)}x`, hash)).toBe(false);
    expect(tokenDevice('dev_0123.short')).toBeUndefined();
    expect(tokenDevice('nonsense')).toBeUndefined();
  });
});

describe('registerDevice', () => {
  it('creates the endpoint, keeps the token hash only, and answers the token once', async () => {
    const { deps, devices, push } = world();
    const input = registerDeviceSchema.parse({ platform: 'ios', pushToken: IOS_TOKEN });
    const { device, token } = await registerDevice(deps, input);
    expect(device.id).toMatch(/^dev_[0-9a-f]{32}$/);
    expect(push.registered).toEqual([{ platform: 'ios', token: IOS_TOKEN, deviceId: device.id }]);
    const stored = devices.byId.get(device.id)!;
    expect(stored).toMatchObject({ platform: 'ios', endpoint: `endpoint-of-${device.id}`, language: 'nl', exerciseOptIn: false, places: [] });
    expect(stored.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(IOS_TOKEN);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('retires the device that held the same install before (a reinstall), without deleting the endpoint', async () => {
    const { deps, participants, push, tracker } = world();
    push.previousDevice = 'dev_ffffffffffffffffffffffffffffffff';
    const { replaced } = await registerDevice(deps, registerDeviceSchema.parse({ platform: 'android', pushToken: 'f'.repeat(150), language: 'en', exerciseOptIn: true }));
    expect(replaced).toBe('dev_ffffffffffffffffffffffffffffffff');
    expect(participants.erased).toEqual([{ id: 'dev_ffffffffffffffffffffffffffffffff', slots: DEVICE_SLOTS }]);
    expect(new Set(tracker.forgotten)).toEqual(new Set(['dev_ffffffffffffffffffffffffffffffff']));
    expect(push.unregistered).toEqual([]);
  });

  it('names the field when the push service refuses the token or the platform', async () => {
    const { deps, push } = world();
    push.failWith = new PushRegistryError('invalid-token');
    expect(await refusal(registerDevice(deps, registerDeviceSchema.parse({ platform: 'ios', pushToken: IOS_TOKEN })))).toMatchObject({ kind: 'invalid', field: 'pushToken' });
    push.failWith = new PushRegistryError('platform-unavailable');
    expect(await refusal(registerDevice(deps, registerDeviceSchema.parse({ platform: 'ios', pushToken: IOS_TOKEN })))).toMatchObject({ kind: 'invalid', field: 'platform' });
  });

  it('checks the token format per platform without echoing the token', () => {
    const r = registerDeviceSchema.safeParse({ platform: 'ios', pushToken: 'not-hex-secret-token-value' });
    expect(fieldsOf(r)).toEqual(['pushToken']);
    expect(JSON.stringify(r.error?.issues)).not.toContain('not-hex-secret-token-value');
    expect(fieldsOf(registerDeviceSchema.safeParse({ platform: 'windows', pushToken: IOS_TOKEN }))).toEqual(['platform']);
    expect(fieldsOf(registerDeviceSchema.safeParse({ platform: 'ios', pushToken: IOS_TOKEN, extra: 1 }))).toEqual(['']);
    expect(devicePathSchema.safeParse({ id: 'act_1' }).success).toBe(false);
  });
});

describe('updatePosition', () => {
  const device = async (w: ReturnType<typeof world>) => (await registerDevice(w.deps, registerDeviceSchema.parse({ platform: 'ios', pushToken: IOS_TOKEN }))).device;

  it('keeps only the last fix, as the pos location, counting for the TTL from when it was taken', async () => {
    const w = world();
    const d = await device(w);
    await updatePosition(w.deps, d, positionSchema.parse({ lat: 52.1, lon: 5.1 }), TTL);
    const { expiresAt } = await updatePosition(w.deps, d, positionSchema.parse({ ...UTRECHT, at: '2026-03-02T06:30:00.000Z', accuracyMeters: 12 }), TTL);
    expect(expiresAt).toBe('2026-03-02T08:30:00.000Z');
    expect([...w.participants.locations.values()]).toEqual([
      { ownerId: d.id, slot: 'pos', ...UTRECHT, channels: ['push'], exerciseOptIn: false, expiresAt: '2026-03-02T08:30:00.000Z' },
    ]);
    expect(w.tracker.updates.at(-1)).toEqual({ deviceId: d.id, fix: { ...UTRECHT, at: '2026-03-02T06:30:00.000Z', accuracyMeters: 12 } });
  });

  it('refuses a fix from the future or one already older than the TTL, and stores nothing', async () => {
    const w = world();
    const d = await device(w);
    expect(await refusal(updatePosition(w.deps, d, positionSchema.parse({ ...UTRECHT, at: '2026-03-02T07:05:00.000Z' }), TTL))).toMatchObject({ kind: 'invalid', field: 'position.at' });
    expect(await refusal(updatePosition(w.deps, d, positionSchema.parse({ ...UTRECHT, at: '2026-03-02T05:00:00.000Z' }), TTL))).toMatchObject({ kind: 'invalid', field: 'position.at' });
    expect(w.participants.locations.size).toBe(0);
    expect(w.tracker.updates).toEqual([]);
  });

  it('refuses a position outside the Netherlands and its border zone, naming the position', () => {
    const r = positionSchema.safeParse({ lat: 48.85, lon: 2.35 });
    expect(fieldsOf(r)).toEqual(['']);
    expect(r.error?.issues[0]?.message).toMatch(/outside the Netherlands/);
    expect(JSON.stringify(r.error?.issues)).not.toContain('48.85');
    expect(fieldsOf(positionSchema.safeParse({ lat: 'x', lon: 5 }))).toEqual(['lat']);
  });

  it('reads the TTL from settings.positionTtlMinutes, 120 minutes by default', () => {
    const configured = (settings: SettingOverrides) => positionTtlMs({ config: resolveFunctionConfig('putPosition', { world: 'local', tables: {}, queues: {} }, resolveSettings(settings)) } as World);
    expect(configured({})).toBe(TTL);
    expect(configured({ positionTtlMinutes: 30 })).toBe(30 * 60_000);
    // Not a number: refused when the configuration is resolved (a cold start fails), never used.
    expect(() => configured({ positionTtlMinutes: Number('soon') })).toThrow(/positionTtlMinutes/);
  });
});

describe('setPlaces', () => {
  it('puts places in slots place1… with their windows and removes the slots no longer used', async () => {
    const w = world();
    const { device } = await registerDevice(w.deps, registerDeviceSchema.parse({ platform: 'ios', pushToken: IOS_TOKEN, exerciseOptIn: true }));
    const work = { name: 'Werk', lat: 52.08, lon: 5.12, windows: [{ days: ['mon', 'tue'], from: '08:00', to: '18:00' }] };
    await setPlaces(w.deps, device, placesSchema.parse({ places: [{ name: 'Thuis', ...UTRECHT }, work, { name: 'School', lat: 52.1, lon: 5.13 }] }));
    const next = await setPlaces(w.deps, w.devices.byId.get(device.id)!, placesSchema.parse({ places: [work] }));
    expect(next.places).toEqual([work]);
    expect([...w.participants.locations.values()]).toEqual([
      { ownerId: device.id, slot: 'place1', lat: 52.08, lon: 5.12, channels: ['push'], exerciseOptIn: true, windows: work.windows },
    ]);
    expect(w.devices.byId.get(device.id)!.places).toEqual([work]);
  });

  it('refuses a sixth place, a twice-used name, a bad window and a place abroad, each by field', () => {
    const place = (name: string) => ({ name, ...UTRECHT });
    expect(fieldsOf(placesSchema.safeParse({ places: ['a', 'b', 'c', 'd', 'e', 'f'].map(place) }))).toEqual(['places']);
    expect(fieldsOf(placesSchema.safeParse({ places: [place('Thuis'), place('thuis')] }))).toEqual(['places.1.name']);
    expect(fieldsOf(placesSchema.safeParse({ places: [{ ...place('Werk'), windows: [{ days: ['mon'], from: '25:00', to: '18:00' }] }] }))).toEqual(['places.0.windows.0.from']);
    expect(fieldsOf(placesSchema.safeParse({ places: [{ name: 'Parijs', lat: 48.85, lon: 2.35 }] }))).toEqual(['places.0']);
  });
});

describe('deleteDevice', () => {
  it('unregisters the endpoint, forgets the tracker history and erases record, position and places', async () => {
    const w = world();
    const { device } = await registerDevice(w.deps, registerDeviceSchema.parse({ platform: 'ios', pushToken: IOS_TOKEN }));
    await updatePosition(w.deps, device, positionSchema.parse(UTRECHT), TTL);
    await setPlaces(w.deps, device, placesSchema.parse({ places: [{ name: 'Thuis', lat: 52.1, lon: 5.1 }] }));
    await deleteDevice(w.deps, w.devices.byId.get(device.id)!);
    expect(w.push.unregistered).toEqual([{ endpoint: `endpoint-of-${device.id}`, deviceId: device.id }]);
    expect(new Set(w.tracker.forgotten)).toEqual(new Set([device.id]));
    expect(w.participants.erased).toEqual([{ id: device.id, slots: ['pos', 'place1', 'place2', 'place3', 'place4', 'place5'] }]);
    expect(w.participants.locations.size).toBe(0);
    expect(w.devices.byId.size).toBe(0);
  });
});
