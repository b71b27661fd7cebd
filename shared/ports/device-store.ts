// Port: app installs. A device is reached by push only; its last position and saved places are
// locations in the participant store (ParticipantStore.setLocations), not part of this record.
import type { Language, Platform } from './participant-store';
import type { TimeWindow } from '#shared/domain/time-window';

/** A place the app user named (home, work, school); alerts like an address while a window is open. */
export interface SavedPlace {
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly windows?: readonly TimeWindow[];
}

export interface Device {
  /** `dev_` and 32 hex digits. */
  readonly id: string;
  readonly platform: Platform;
  /** Where pushes go: an SNS platform endpoint ARN in AWS, `local-device-…` locally. Never the push token. */
  readonly endpoint: string;
  /** SHA-256 (hex) of the device token; the token itself is handed out once and never stored. */
  readonly tokenHash: string;
  readonly language: Language;
  readonly exerciseOptIn: boolean;
  /** In slot order: `place1` is the first. */
  readonly places: readonly SavedPlace[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DeviceStore {
  /** Inserts or replaces the device record (reachable through ParticipantStore.contacts as well). */
  put(device: Device): Promise<void>;
  /** Replaces an existing device record; false (nothing written) when the device is gone, e.g. deleted meanwhile. */
  update(device: Device): Promise<boolean>;
  get(id: string): Promise<Device | undefined>;
}
