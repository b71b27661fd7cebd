// PositionTracker on an Amazon Location tracker, linked to the geofence collection: each update
// is evaluated against every active action's geofence and an ENTER reaches EventBridge.
import { BatchDeleteDevicePositionHistoryCommand, BatchUpdateDevicePositionCommand, type LocationClient } from '@aws-sdk/client-location';
import type { PositionFix, PositionTracker } from '#shared/ports/position-tracker';
import { locationBatch } from './location-batch';

export class LocationPositionTracker implements PositionTracker {
  constructor(
    private readonly client: LocationClient,
    private readonly trackerName: string,
  ) {}

  async update(deviceId: string, fix: PositionFix): Promise<void> {
    await locationBatch('BatchUpdateDevicePosition', () =>
      this.client.send(
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
      ),
    );
  }

  /** A device the tracker never saw has no history to delete: that is done, not failed. */
  async forget(deviceId: string): Promise<void> {
    await locationBatch('BatchDeleteDevicePositionHistory', () => this.client.send(new BatchDeleteDevicePositionHistoryCommand({ TrackerName: this.trackerName, DeviceIds: [deviceId] })), { missingIsDone: true });
  }
}
