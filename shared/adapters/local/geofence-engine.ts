// The local world's Amazon Location: a geofence per active action kept in memory, and a tracker
// that remembers each device's last fix (in memory only, never older than the position TTL). A
// fix inside a fence that the previous fix was not inside (or with no fresh previous fix) sends
// the ENTER event Amazon Location would put on EventBridge to the `geofence` queue. After a
// restart the fences are read back from the active actions.
import type { ActionStore } from '#shared/ports/action-store';
import type { GeofenceRegistry } from '#shared/ports/geofence-registry';
import type { PositionFix, PositionTracker } from '#shared/ports/position-tracker';
import type { Queue } from '#shared/ports/queue';
import { containsPoint, type Area } from '#shared/domain/area';
import { geofenceEnterEvent } from '#shared/domain/geofences';

/** Recent actions read back after a restart; locally there are never more active ones than this. */
const HYDRATE_LIMIT = 200;

export class LocalGeofenceEngine implements GeofenceRegistry, PositionTracker {
  private readonly fences = new Map<string, (lat: number, lon: number) => boolean>();
  private readonly last = new Map<string, PositionFix>();
  private hydrated?: Promise<void>;

  constructor(
    private readonly queue: Queue,
    private readonly actions: ActionStore,
    private readonly positionTtlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async put(actionId: string, area: Area): Promise<void> {
    await this.hydrate();
    this.fences.set(actionId, containsPoint(area));
  }

  async remove(actionId: string): Promise<void> {
    await this.hydrate();
    this.fences.delete(actionId);
  }

  async update(deviceId: string, fix: PositionFix): Promise<void> {
    await this.hydrate();
    const before = this.last.get(deviceId);
    const fresh = before && Date.parse(before.at) + this.positionTtlMs > this.now().getTime() ? before : undefined;
    this.last.set(deviceId, fix);
    const entered = [...this.fences].filter(([, inside]) => inside(fix.lat, fix.lon) && !(fresh && inside(fresh.lat, fresh.lon))).map(([id]) => id);
    if (entered.length > 0) await this.queue.send('geofence', entered.map((id) => geofenceEnterEvent(id, deviceId, fix, this.now())));
  }

  async forget(deviceId: string): Promise<void> {
    this.last.delete(deviceId);
  }

  /** The fences as they stand: for tests and the local runtime's own checks. */
  activeFences(): string[] {
    return [...this.fences.keys()];
  }

  private hydrate(): Promise<void> {
    this.hydrated ??= (async () => {
      let cursor: string | undefined;
      let seen = 0;
      do {
        const page = await this.actions.list(Math.min(100, HYDRATE_LIMIT - seen), cursor);
        for (const a of page.items) if (a.status === 'active' && a.channels.includes('push')) this.fences.set(a.id, containsPoint(a.area));
        seen += page.items.length;
        cursor = page.next;
      } while (cursor && seen < HYDRATE_LIMIT);
    })().catch((err: unknown) => {
      this.hydrated = undefined;
      throw err;
    });
    return this.hydrated;
  }
}
