// Port: one geofence per active action with push (an Amazon Location geofence collection in AWS),
// so a device that enters the area after the start is alerted too.
import type { Area } from '#shared/domain/area';

export interface GeofenceRegistry {
  /** Creates or replaces the action's geofence. */
  put(actionId: string, area: Area): Promise<void>;
  /** Removes it; a geofence that is not there is fine. */
  remove(actionId: string): Promise<void>;
}
