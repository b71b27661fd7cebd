// LocationPositionTracker against a mocked Amazon Location client: the exact position update,
// the history delete, and per-item errors surfaced by code only (never the position).
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchDeleteDevicePositionHistoryCommand, BatchUpdateDevicePositionCommand, LocationClient } from '@aws-sdk/client-location';
import { LocationPositionTracker } from '#shared/adapters/aws/location-tracker';

const client = new LocationClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const geo = mockClient(client);
const DEVICE = 'dev_00000000000000000000000000000002';
const tracker = () => new LocationPositionTracker(client, 'Burgernet-devices');
const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error);

beforeEach(() => geo.reset());

describe('LocationPositionTracker', () => {
  it('sends the fix as [lon, lat] with its time and accuracy', async () => {
    geo.on(BatchUpdateDevicePositionCommand).resolves({ Errors: [] });
    await tracker().update(DEVICE, { lat: 52.0907, lon: 5.1214, at: '2026-03-02T07:59:00.000Z', accuracyMeters: 12 });
    expect(geo).toHaveReceivedCommandWith(BatchUpdateDevicePositionCommand, {
      TrackerName: 'Burgernet-devices',
      Updates: [{ DeviceId: DEVICE, SampleTime: new Date('2026-03-02T07:59:00.000Z'), Position: [5.1214, 52.0907], Accuracy: { Horizontal: 12 } }],
    });
  });

  it('fails on a per-item error with its code, not its message', async () => {
    geo.on(BatchUpdateDevicePositionCommand).resolves({ Errors: [{ DeviceId: DEVICE, SampleTime: new Date(), Error: { Code: 'ValidationError', Message: 'Position [5.1214, 52.0907] invalid' } }] });
    const err = await rejection(tracker().update(DEVICE, { lat: 52.0907, lon: 5.1214, at: '2026-03-02T07:59:00.000Z' }));
    expect(err?.name).toBe('ValidationError');
    expect(err?.message).not.toContain('52.0907');
  });

  it('deletes the device history, a device it never saw included', async () => {
    geo.on(BatchDeleteDevicePositionHistoryCommand).resolves({ Errors: [{ DeviceId: DEVICE, Error: { Code: 'ResourceNotFoundError' } }] });
    await tracker().forget(DEVICE);
    expect(geo).toHaveReceivedCommandWith(BatchDeleteDevicePositionHistoryCommand, { TrackerName: 'Burgernet-devices', DeviceIds: [DEVICE] });
    geo.on(BatchDeleteDevicePositionHistoryCommand).resolves({ Errors: [{ DeviceId: DEVICE, Error: { Code: 'ThrottlingError' } }] });
    expect((await rejection(tracker().forget(DEVICE)))?.name).toBe('ThrottlingError');
  });
});
