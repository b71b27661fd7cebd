// Port: the push service's registry of app installs (SNS platform endpoints in AWS). The push
// token is personal data: it goes to the registry and nowhere else.
import type { Platform } from './participant-store';

/** Why the registry refused: the HTTP layer names the field (pushToken or platform). */
export class PushRegistryError extends Error {
  constructor(readonly kind: 'invalid-token' | 'platform-unavailable') {
    super(kind);
    this.name = 'PushRegistryError';
  }
}

export interface Registration {
  readonly endpoint: string;
  /** The device that held this install's endpoint before (the app was reinstalled); it is retired. */
  readonly previousDevice?: string;
}

export interface PushRegistry {
  /** Creates the endpoint for a platform and token, or takes over the one the token already has. */
  register(platform: Platform, token: string, deviceId: string): Promise<Registration>;
  /** Deletes the endpoint, unless another device has taken it over since. Missing is fine. */
  unregister(endpoint: string, deviceId: string): Promise<void>;
}
