// LocationGeofenceRegistry against a mocked Amazon Location client: circles as circles, polygons
// wound counter-clockwise, a ring too detailed as a covering circle, and removal.
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchDeleteGeofenceCommand, LocationClient, PutGeofenceCommand } from '@aws-sdk/client-location';
import { geometry, LocationGeofenceRegistry, MAX_RING_POSITIONS } from '#shared/adapters/aws/location-geofences';
import { containsPoint, distanceMeters, type PolygonArea } from '#shared/domain/area';

const client = new LocationClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const geo = mockClient(client);
const ACTION = 'act_00000000-0000-4000-8000-000000000001';
const registry = () => new LocationGeofenceRegistry(client, 'Burgernet-actions');
// Clockwise as drawn (north-west, north-east, south-east, south-west).
const clockwise: PolygonArea = { type: 'Polygon', coordinates: [[[4.28, 52.09], [4.32, 52.09], [4.32, 52.07], [4.28, 52.07], [4.28, 52.09]]] };

beforeEach(() => geo.reset());

describe('LocationGeofenceRegistry', () => {
  it('puts a circle with the action id as geofence id', async () => {
    geo.on(PutGeofenceCommand).resolves({ GeofenceId: ACTION, CreateTime: new Date(), UpdateTime: new Date() });
    await registry().put(ACTION, { center: { lat: 52.0907, lon: 5.1214 }, radiusMeters: 1500 });
    expect(geo).toHaveReceivedCommandWith(PutGeofenceCommand, { CollectionName: 'Burgernet-actions', GeofenceId: ACTION, Geometry: { Circle: { Center: [5.1214, 52.0907], Radius: 1500 } } });
  });

  it('winds a clockwise polygon counter-clockwise and keeps a counter-clockwise one', () => {
    const ccw = [[4.28, 52.09], [4.28, 52.07], [4.32, 52.07], [4.32, 52.09], [4.28, 52.09]];
    expect(geometry(clockwise)).toEqual({ Polygon: [ccw] });
    expect(geometry({ type: 'Polygon', coordinates: [ccw as [number, number][]] })).toEqual({ Polygon: [ccw] });
  });

  it('covers a ring over the vertex limit with a circle around every vertex', () => {
    const n = MAX_RING_POSITIONS + 1;
    const ring = Array.from({ length: n - 1 }, (_, i) => [5.12 + 0.05 * Math.cos((2 * Math.PI * i) / (n - 1)), 52.09 + 0.03 * Math.sin((2 * Math.PI * i) / (n - 1))] as [number, number]);
    const area: PolygonArea = { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
    const g = geometry(area);
    expect(g.Polygon).toBeUndefined();
    const [lon, lat] = g.Circle!.Center!;
    for (const [vlon, vlat] of ring) expect(distanceMeters(lat!, lon!, vlat, vlon)).toBeLessThanOrEqual(g.Circle!.Radius!);
    expect(containsPoint(area)(52.09, 5.12)).toBe(true);
  });

  it('removes the geofence; one already gone is fine, other errors are not', async () => {
    geo.on(BatchDeleteGeofenceCommand).resolves({ Errors: [] });
    await registry().remove(ACTION);
    expect(geo).toHaveReceivedCommandWith(BatchDeleteGeofenceCommand, { CollectionName: 'Burgernet-actions', GeofenceIds: [ACTION] });
    geo.on(BatchDeleteGeofenceCommand).resolves({ Errors: [{ GeofenceId: ACTION, Error: { Code: 'ResourceNotFoundError' } }] });
    await registry().remove(ACTION);
    geo.on(BatchDeleteGeofenceCommand).resolves({ Errors: [{ GeofenceId: ACTION, Error: { Code: 'InternalServerError' } }] });
    await expect(registry().remove(ACTION)).rejects.toMatchObject({ name: 'InternalServerError' });
  });
});
