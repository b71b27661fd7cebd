// PushRegistry on SNS mobile push: one platform endpoint per app install, created under the APNs
// or FCM platform application, with the device id as CustomUserData. SNS keeps one endpoint per
// token, so a reinstalled app (same token, new device) takes the endpoint over and the old device
// is named for retirement; a delete only removes an endpoint its device still holds.
import {
  CreatePlatformEndpointCommand,
  DeleteEndpointCommand,
  GetEndpointAttributesCommand,
  SetEndpointAttributesCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import type { Platform } from '#shared/ports/participant-store';
import { PushRegistryError, type PushRegistry, type Registration } from '#shared/ports/push-registry';
import { errorName, sanitized } from './sanitized-error';

/** SNS names the endpoint that already holds the token only in its error message. */
const EXISTING = /Endpoint (arn:aws[\w-]*:sns:\S+) already exists with the same [Tt]oken/;

export class SnsPushRegistry implements PushRegistry {
  constructor(
    private readonly client: SNSClient,
    /** Platform application ARNs; empty or absent: the app is not offered on that platform. */
    private readonly applications: Readonly<Partial<Record<Platform, string>>>,
  ) {}

  async register(platform: Platform, token: string, deviceId: string): Promise<Registration> {
    const application = this.applications[platform];
    if (!application) throw new PushRegistryError('platform-unavailable');
    try {
      const out = await this.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: application, Token: token, CustomUserData: deviceId }));
      if (!out.EndpointArn) throw new Error('CreatePlatformEndpoint returned no EndpointArn');
      return { endpoint: out.EndpointArn };
    } catch (err) {
      if (errorName(err) !== 'InvalidParameterException') throw sanitized('CreatePlatformEndpoint', err);
      const existing = EXISTING.exec((err as Error).message)?.[1];
      if (!existing) throw new PushRegistryError('invalid-token');
      return this.takeOver(existing, deviceId);
    }
  }

  private async takeOver(endpoint: string, deviceId: string): Promise<Registration> {
    try {
      const out = await this.client.send(new GetEndpointAttributesCommand({ EndpointArn: endpoint }));
      const previous = out.Attributes?.CustomUserData;
      // Enabled again: SNS disables an endpoint whose token the push service once rejected.
      await this.client.send(new SetEndpointAttributesCommand({ EndpointArn: endpoint, Attributes: { CustomUserData: deviceId, Enabled: 'true' } }));
      return { endpoint, ...(previous && previous !== deviceId ? { previousDevice: previous } : {}) };
    } catch (err) {
      throw sanitized('SetEndpointAttributes', err);
    }
  }

  async unregister(endpoint: string, deviceId: string): Promise<void> {
    try {
      const out = await this.client.send(new GetEndpointAttributesCommand({ EndpointArn: endpoint }));
      if (out.Attributes?.CustomUserData !== deviceId) return;
      await this.client.send(new DeleteEndpointCommand({ EndpointArn: endpoint }));
    } catch (err) {
      if (errorName(err) === 'NotFoundException') return;
      throw sanitized('DeleteEndpoint', err);
    }
  }
}
