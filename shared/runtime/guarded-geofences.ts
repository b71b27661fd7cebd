// The geofence is for late-comers; the alert must never wait for it. A failed put or remove is
// logged (action id and error name only) and the fan-out goes on; the next bulletin's plan puts
// the fence again, and ENTER handling checks the action itself, so a leftover fence alerts nobody.
import type { GeofenceRegistry } from '#shared/ports/geofence-registry';
import type { Area } from '#shared/domain/area';
import { logger } from './logger';

export class GuardedGeofences implements GeofenceRegistry {
  constructor(private readonly inner: GeofenceRegistry) {}

  async put(actionId: string, area: Area): Promise<void> {
    await this.inner.put(actionId, area).catch((err: unknown) => failed('put', actionId, err));
  }

  async remove(actionId: string): Promise<void> {
    await this.inner.remove(actionId).catch((err: unknown) => failed('remove', actionId, err));
  }
}

function failed(op: string, actionId: string, err: unknown): void {
  logger.error('geofence sync failed', { op, actionId, error: err instanceof Error ? err.name : 'UnknownError' });
}
