// GeofenceRegistry on an Amazon Location geofence collection: the geofence id is the action id.
// Amazon Location wants polygons wound counter-clockwise (RFC 7946) and at most 1,000 vertices.
import { BatchDeleteGeofenceCommand, PutGeofenceCommand, type GeofenceGeometry, type LocationClient } from '@aws-sdk/client-location';
import type { GeofenceRegistry } from '#shared/ports/geofence-registry';
import { areaCenter, distanceMeters, isCircle, type Area } from '#shared/domain/area';
import { sanitized } from './sanitized-error';
import { locationBatch } from './location-batch';

/** Positions in one ring Amazon Location accepts, the closing one included. */
export const MAX_RING_POSITIONS = 1_000;

/** Twice the signed area in degrees²: positive when the ring runs counter-clockwise. */
function signedArea(ring: readonly (readonly [number, number])[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return sum;
}

export function geometry(area: Area): GeofenceGeometry {
  if (isCircle(area)) return { Circle: { Center: [area.center.lon, area.center.lat], Radius: area.radiusMeters } };
  const ring = area.coordinates[0]!;
  if (ring.length > MAX_RING_POSITIONS) {
    // Too detailed for a geofence: a circle around it alerts no fewer, and ENTER handling
    // tests the action's own polygon before alerting anyone.
    const c = areaCenter(area);
    const radius = Math.max(...ring.map(([lon, lat]) => distanceMeters(c.lat, c.lon, lat, lon))) + 1;
    return { Circle: { Center: [c.lon, c.lat], Radius: radius } };
  }
  const ccw = signedArea(ring) > 0 ? ring : [...ring].reverse();
  return { Polygon: [ccw.map(([lon, lat]) => [lon, lat])] };
}

export class LocationGeofenceRegistry implements GeofenceRegistry {
  constructor(
    private readonly client: LocationClient,
    private readonly collectionName: string,
  ) {}

  async put(actionId: string, area: Area): Promise<void> {
    try {
      await this.client.send(new PutGeofenceCommand({ CollectionName: this.collectionName, GeofenceId: actionId, Geometry: geometry(area) }));
    } catch (err) {
      throw sanitized('PutGeofence', err);
    }
  }

  /** A geofence already gone is removed, not failed. */
  async remove(actionId: string): Promise<void> {
    await locationBatch('BatchDeleteGeofence', () => this.client.send(new BatchDeleteGeofenceCommand({ CollectionName: this.collectionName, GeofenceIds: [actionId] })), { missingIsDone: true });
  }
}
