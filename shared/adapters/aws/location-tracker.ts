// PositionTracker on an Amazon Location tracker, linked to the geofence collection: each update
// is evaluated against every active action's geofence and an ENTER reaches EventBridge.
import { BatchDeleteDevicePositionHistoryCommand, BatchUpdateDevicePositionCommand, type LocationClient } from '@aws-sdk/client-location';
import type { PositionFix, PositionTracker } from '#shared/ports/position-tracker';
import { sanitized, SanitizedAwsError } from './sanitized-error';

export class LocationPositionTracker implements PositionTracker {
  constructor(
    private readonly client: LocationClient,
    private readonly trackerName: string,
  ) {}

  async update(deviceId: string, fix: PositionFix): Promise<void> {
    let errors;
    try {
      const out = await this.client.send(
        new BatchUpdateDevicePositionCommand({
          TrackerName: this.trackerName,
          Updates: [
            {
              DeviceId: deviceId,
              SampleTime: new Date(fix.at),
              Position: [fix.lon, fix.lat],
              ...(fix.accuracyMeters !== undefined ? { Accuracy: { Horizontal: fix.accuracyMeters } } : {}),
            },
          ],
        }),
      );
      errors = out.Errors ?? [];
    } catch (err) {
      throw sanitized('BatchUpdateDevicePosition', err);
    }
    // Per-item errors come back in a 200; a message could quote the position, so only the code is kept.
    const failed = errors[0];
    if (failed) throw new SanitizedAwsError(failed.Error?.Code ?? 'BatchItemError', 'BatchUpdateDevicePosition');
  }

  async forget(deviceId: string): Promise<void> {
    let errors;
    try {
      const out = await this.client.send(new BatchDeleteDevicePositionHistoryCommand({ TrackerName: this.trackerName, DeviceIds: [deviceId] }));
      errors = out.Errors ?? [];
    } catch (err) {
      throw sanitized('BatchDeleteDevicePositionHistory', err);
    }
    const failed = errors.find((e) => e.Error?.Code !== 'ResourceNotFoundError');
    if (failed) throw new SanitizedAwsError(failed.Error?.Code ?? 'BatchItemError', 'BatchDeleteDevicePositionHistory');
  }
}
