// The local world's push registry, behaving like SNS: one endpoint per platform and token, named
// by a hash of them (the token itself is never stored), with the device that holds it.
import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Platform } from '#shared/ports/participant-store';
import type { PushRegistry, Registration } from '#shared/ports/push-registry';
import { isConditionFailure } from '#shared/adapters/dynamodb/client';
import { LOCAL_PUSH_ENDPOINTS_TABLE } from './tables';

export const localEndpoint = (platform: Platform, token: string) =>
  `local-device-${createHash('sha256').update(`burgernet-local:${platform}:${token}`).digest('hex').slice(0, 24)}`;

export class LocalPushRegistry implements PushRegistry {
  constructor(private readonly db: DynamoDBDocumentClient) {}

  async register(platform: Platform, token: string, deviceId: string): Promise<Registration> {
    const endpoint = localEndpoint(platform, token);
    const out = await this.db.send(new GetCommand({ TableName: LOCAL_PUSH_ENDPOINTS_TABLE, Key: { endpoint }, ConsistentRead: true }));
    const previous = out.Item?.device as string | undefined;
    await this.db.send(new PutCommand({ TableName: LOCAL_PUSH_ENDPOINTS_TABLE, Item: { endpoint, device: deviceId, platform } }));
    return { endpoint, ...(previous && previous !== deviceId ? { previousDevice: previous } : {}) };
  }

  async unregister(endpoint: string, deviceId: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({ TableName: LOCAL_PUSH_ENDPOINTS_TABLE, Key: { endpoint }, ConditionExpression: 'device = :d', ExpressionAttributeValues: { ':d': deviceId } }),
      );
    } catch (err) {
      // Gone already, or taken over by a newer install of the same app.
      if (!isConditionFailure(err)) throw err;
    }
  }
}
