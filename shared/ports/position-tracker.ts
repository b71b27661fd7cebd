// Port: where app devices are now (an Amazon Location tracker in AWS, linked to the geofence
// collection so that entering an active action's area raises an ENTER event).
export interface PositionFix {
  readonly lat: number;
  readonly lon: number;
  /** When the phone took the fix (ISO 8601). */
  readonly at: string;
  readonly accuracyMeters?: number;
}

export interface PositionTracker {
  update(deviceId: string, fix: PositionFix): Promise<void>;
  /** Drops whatever the tracker keeps of the device (a deleted or replaced install). */
  forget(deviceId: string): Promise<void>;
}
