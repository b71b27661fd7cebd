// In-memory ports for the app's domain tests (devices, geofences, tips): they record what they
// were asked, so a test can check the effect without a store.
import type { Action } from '#shared/domain/action';
import type { Area } from '#shared/domain/area';
import type { ActionStore, Page } from '#shared/ports/action-store';
import type { ChunkProgress, DeliveryKey, DeliveryOutcome, DeliveryStore } from '#shared/ports/delivery-store';
import type { Device, DeviceStore } from '#shared/ports/device-store';
import type { GeofenceRegistry } from '#shared/ports/geofence-registry';
import type { Location, Participant, ParticipantRegistry } from '#shared/ports/participant-store';
import type { PhotoStore, PresignedUpload } from '#shared/ports/photo-store';
import type { PositionFix, PositionTracker } from '#shared/ports/position-tracker';
import type { PushRegistry, Registration } from '#shared/ports/push-registry';
import type { Queue } from '#shared/ports/queue';
import type { RateLimiter } from '#shared/ports/rate-limiter';
import type { Tip, TipStore } from '#shared/ports/tip-store';
import type { Clock } from '#shared/ports/clock';

export const UTRECHT = { lat: 52.0907, lon: 5.1214 };

export function action(overrides: Partial<Action> = {}): Action {
  const area: Area = overrides.area ?? { center: UTRECHT, radiusMeters: 1000 };
  return {
    id: 'act_00000000-0000-4000-8000-000000000001',
    type: 'heterdaad',
    title: 'Overval',
    description: { text: 'Man, donkere jas' },
    area,
    channels: ['push'],
    messages: { push: { title: 'Burgernet', body: 'Gezocht: man, donkere jas' } },
    exercise: false,
    status: 'active',
    createdAt: '2026-03-02T07:00:00.000Z',
    createdBy: 'op',
    bulletins: [{ seq: 0, kind: 'alert', at: '2026-03-02T07:00:00.000Z', by: 'op', channels: ['push'], messages: { push: { title: 'Burgernet', body: 'x' } }, text: 'x', area }],
    rev: 1,
    ...overrides,
  };
}

export const fixedClock = (iso: string): Clock & { set(iso: string): void } => {
  let now = new Date(iso);
  return { now: () => now, set: (s) => (now = new Date(s)) };
};

export class FakeActions implements ActionStore {
  readonly byId = new Map<string, Action>();
  constructor(...actions: Action[]) {
    for (const a of actions) this.byId.set(a.id, a);
  }
  async create(a: Action) {
    this.byId.set(a.id, a);
    return true;
  }
  async get(id: string) {
    return this.byId.get(id);
  }
  async replace(a: Action) {
    this.byId.set(a.id, a);
    return true;
  }
  async list(limit: number): Promise<Page<Action>> {
    return { items: [...this.byId.values()].slice(0, limit) };
  }
}

export class FakeDeliveries implements DeliveryStore {
  readonly outcomes = new Map<string, DeliveryOutcome>();
  readonly progress: ChunkProgress[] = [];
  static key = (k: DeliveryKey) => `${k.actionId}:${k.seq}:${k.channel}:${k.participantId}`;
  async claim(): Promise<never> {
    throw new Error('not used');
  }
  async record(k: DeliveryKey, o: DeliveryOutcome) {
    this.outcomes.set(FakeDeliveries.key(k), o);
    return o;
  }
  async outcome(k: DeliveryKey) {
    return this.outcomes.get(FakeDeliveries.key(k));
  }
  async release() {}
  async putProgress(p: ChunkProgress) {
    this.progress.push(p);
  }
  async counts() {
    return {};
  }
}

export class FakeQueue implements Queue {
  readonly sent: { queue: string; message: unknown }[] = [];
  async send(queue: string, messages: readonly unknown[]) {
    for (const message of messages) this.sent.push({ queue, message });
  }
}

export class FakeDevices implements DeviceStore {
  readonly byId = new Map<string, Device>();
  async put(d: Device) {
    this.byId.set(d.id, d);
  }
  async get(id: string) {
    return this.byId.get(id);
  }
  async update(d: Device) {
    if (!this.byId.has(d.id)) return false;
    this.byId.set(d.id, d);
    return true;
  }
}

/** The registry half of the participant store: locations per owner, and erasures. */
export class FakeRegistry implements ParticipantRegistry {
  readonly locations = new Map<string, Location>();
  readonly erased: { id: string; slots: readonly string[] }[] = [];
  constructor(private readonly devices?: FakeDevices) {}
  async get(): Promise<Participant | undefined> {
    return undefined;
  }
  async putMany() {}
  async replace() {
    return true;
  }
  async findByPhoneKey() {
    return undefined;
  }
  async setLocations(ownerId: string, locations: readonly Location[], remove: readonly string[]) {
    const keep = new Set(locations.map((l) => l.slot));
    for (const slot of remove) if (!keep.has(slot)) this.locations.delete(`${ownerId}#${slot}`);
    for (const l of locations) this.locations.set(`${ownerId}#${l.slot}`, l);
    return true;
  }
  async erase(id: string, slots: readonly string[]) {
    this.erased.push({ id, slots });
    for (const slot of slots) this.locations.delete(`${id}#${slot}`);
    this.devices?.byId.delete(id);
  }
  async recordPermanentFailure(): Promise<'counted'> {
    return 'counted';
  }
  async clearFailures() {}
}

export class FakePush implements PushRegistry {
  readonly registered: { platform: string; token: string; deviceId: string }[] = [];
  readonly unregistered: { endpoint: string; deviceId: string }[] = [];
  previousDevice?: string;
  failWith?: Error;
  async register(platform: string, token: string, deviceId: string): Promise<Registration> {
    if (this.failWith) throw this.failWith;
    this.registered.push({ platform, token, deviceId });
    return { endpoint: `endpoint-of-${deviceId}`, ...(this.previousDevice ? { previousDevice: this.previousDevice } : {}) };
  }
  async unregister(endpoint: string, deviceId: string) {
    this.unregistered.push({ endpoint, deviceId });
  }
}

export class FakeTracker implements PositionTracker {
  readonly updates: { deviceId: string; fix: PositionFix }[] = [];
  readonly forgotten: string[] = [];
  async update(deviceId: string, fix: PositionFix) {
    this.updates.push({ deviceId, fix });
  }
  async forget(deviceId: string) {
    this.forgotten.push(deviceId);
  }
}

export class FakeGeofences implements GeofenceRegistry {
  readonly calls: string[] = [];
  /** Runs after each put, to change the world between the put and the re-read. */
  afterPut?: () => void;
  async put(actionId: string, area: Area) {
    this.calls.push(`put ${actionId} ${JSON.stringify(area)}`);
    this.afterPut?.();
  }
  async remove(actionId: string) {
    this.calls.push(`remove ${actionId}`);
  }
}

export class FakeLimiter implements RateLimiter {
  readonly counts = new Map<string, number>();
  async take(key: string, limit: number) {
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n <= limit;
  }
}

export class FakeTips implements TipStore {
  readonly tips: Tip[] = [];
  async add(t: Tip) {
    this.tips.push(t);
  }
  async list(actionId: string, limit: number): Promise<Page<Tip>> {
    return { items: this.tips.filter((t) => t.actionId === actionId).sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit) };
  }
}

export class FakePhotos implements PhotoStore {
  async uploadUrl(key: string, contentType: string, bytes: number, expiresInSeconds: number): Promise<PresignedUpload> {
    return { url: `https://upload/${key}`, method: 'PUT', headers: { 'content-type': contentType, 'content-length': String(bytes) }, expiresAt: `+${expiresInSeconds}s` };
  }
  async downloadUrl(key: string) {
    return `https://download/${key}`;
  }
}
