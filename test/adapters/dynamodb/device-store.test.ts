// DynamoDeviceStore against dynalite, beside the participant store on the same table: a device is
// reachable by contacts(), its record is never in the geo index, its locations are, and erase
// leaves nothing of it.
import { describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDeviceStore } from '#shared/adapters/dynamodb/device-store';
import { DynamoParticipantStore } from '#shared/adapters/dynamodb/participant-store';
import { coverRanges } from '#shared/domain/geo-index';
import type { Device } from '#shared/ports/device-store';
import { useLocalStore } from '../../support/local-store';

const UTRECHT = { lat: 52.0907, lon: 5.1214 };
const device: Device = {
  id: 'dev_0123456789abcdef0123456789abcdef',
  platform: 'android',
  endpoint: 'arn:aws:sns:eu-west-1:123456789012:endpoint/GCM/burgernet/1111',
  tokenHash: 'ab'.repeat(32),
  language: 'en',
  exerciseOptIn: true,
  places: [{ name: 'Werk', lat: 52.08, lon: 5.12, windows: [{ days: ['mon'], from: '08:00', to: '18:00' }] }],
  createdAt: '2026-03-02T07:00:00.000Z',
  updatedAt: '2026-03-02T07:10:00.000Z',
};

describe('DynamoDeviceStore', () => {
  const store = useLocalStore();
  const devices = () => new DynamoDeviceStore(store.db, 'participants');
  const participants = () => new DynamoParticipantStore(store.db, 'participants');

  it('reads back what it wrote, and nothing for an id that is not a device', async () => {
    await devices().put(device);
    expect(await devices().get(device.id)).toEqual(device);
    await participants().putMany([{ id: 'p_1', phone: '+31612345678', channels: ['sms'], ...UTRECHT, language: 'nl', status: 'active', exerciseOptIn: false, updatedAt: device.createdAt }]);
    expect(await devices().get('p_1')).toBeUndefined();
    expect(await devices().get('dev_ffffffffffffffffffffffffffffffff')).toBeUndefined();
  });

  it('is a push contact for the senders', async () => {
    const contact = (await participants().contacts([device.id])).get(device.id);
    expect(contact).toEqual({ id: device.id, push: { platform: 'android', endpoint: device.endpoint }, channels: ['push'], language: 'en', status: 'active' });
  });

  it('is found in the geo index by its locations only, and erase removes record and locations', async () => {
    await participants().setLocations(device.id, [{ ownerId: device.id, slot: 'pos', ...UTRECHT, channels: ['push'], exerciseOptIn: true, expiresAt: '2026-03-02T09:00:00.000Z' }], []);
    const found = [];
    for await (const page of participants().candidatesIn(coverRanges({ center: UTRECHT, radiusMeters: 200 }), { queryCalls: 0, itemsRead: 0 })) found.push(...page);
    expect(found.filter((c) => c.id === device.id)).toEqual([{ id: device.id, ...UTRECHT, channels: ['push'], exerciseOptIn: true, expiresAt: '2026-03-02T09:00:00.000Z' }]);

    await participants().erase(device.id, ['pos', 'place1', 'place2', 'place3', 'place4', 'place5']);
    const left = await store.db.send(new ScanCommand({ TableName: 'participants' }));
    expect(JSON.stringify(left.Items)).not.toContain(device.id);
    expect(await devices().get(device.id)).toBeUndefined();
  });

  it('after erase, no write brings the device or its locations back', async () => {
    const pos = { ownerId: device.id, slot: 'pos', ...UTRECHT, channels: ['push'] as const, exerciseOptIn: true, expiresAt: '2026-03-02T09:00:00.000Z' };
    await devices().put(device);
    expect(await devices().update({ ...device, language: 'nl' })).toBe(true);
    expect(await participants().setLocations(device.id, [pos], [])).toBe(true);
    await participants().erase(device.id, ['pos', 'place1']);

    // What a request that read the device before the erasure would still write:
    expect(await devices().update({ ...device, language: 'en' })).toBe(false);
    expect(await participants().setLocations(device.id, [pos], [])).toBe(false);
    const left = await store.db.send(new ScanCommand({ TableName: 'participants' }));
    expect(JSON.stringify(left.Items)).not.toContain(device.id);
  });
});
