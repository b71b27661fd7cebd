// SnsPushRegistry against a mocked SNS client: the exact calls, the takeover of an endpoint that
// already holds the token, refusals, and errors that never carry the token on.
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CreatePlatformEndpointCommand,
  DeleteEndpointCommand,
  GetEndpointAttributesCommand,
  InvalidParameterException,
  NotFoundException,
  SetEndpointAttributesCommand,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { SnsPushRegistry } from '#shared/adapters/aws/sns-push-registry';
import { PushRegistryError } from '#shared/ports/push-registry';

const client = new SNSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const sns = mockClient(client);
const APNS = 'arn:aws:sns:eu-west-1:123456789012:app/APNS/burgernet';
const FCM = 'arn:aws:sns:eu-west-1:123456789012:app/GCM/burgernet';
const ENDPOINT = 'arn:aws:sns:eu-west-1:123456789012:endpoint/APNS/burgernet/5e1c0a2b-1111-2222-3333-444455556666';
const TOKEN = 'ab12'.repeat(16);
const DEVICE = 'dev_00000000000000000000000000000002';
const OLD = 'dev_00000000000000000000000000000001';
const registry = (apps: { ios?: string; android?: string } = { ios: APNS, android: FCM }) => new SnsPushRegistry(client, apps);
const meta = { $metadata: {} };
const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error);

beforeEach(() => sns.reset());

describe('SnsPushRegistry.register', () => {
  it('creates the endpoint under the platform application with the device id as user data', async () => {
    sns.on(CreatePlatformEndpointCommand).resolves({ EndpointArn: ENDPOINT });
    expect(await registry().register('ios', TOKEN, DEVICE)).toEqual({ endpoint: ENDPOINT });
    expect(sns).toHaveReceivedCommandWith(CreatePlatformEndpointCommand, { PlatformApplicationArn: APNS, Token: TOKEN, CustomUserData: DEVICE });
    sns.on(CreatePlatformEndpointCommand).resolves({ EndpointArn: ENDPOINT.replace('APNS', 'GCM') });
    await registry().register('android', TOKEN, DEVICE);
    expect(sns).toHaveReceivedNthCommandWith(CreatePlatformEndpointCommand, 2, { PlatformApplicationArn: FCM });
  });

  it('takes over the endpoint that already holds the token, enables it, and names the device it replaces', async () => {
    sns.on(CreatePlatformEndpointCommand).rejects(new InvalidParameterException({ message: `Invalid parameter: Token Reason: Endpoint ${ENDPOINT} already exists with the same Token, but different attributes.`, ...meta }));
    sns.on(GetEndpointAttributesCommand).resolves({ Attributes: { CustomUserData: OLD, Enabled: 'false', Token: TOKEN } });
    sns.on(SetEndpointAttributesCommand).resolves({});
    expect(await registry().register('ios', TOKEN, DEVICE)).toEqual({ endpoint: ENDPOINT, previousDevice: OLD });
    expect(sns).toHaveReceivedCommandWith(GetEndpointAttributesCommand, { EndpointArn: ENDPOINT });
    expect(sns).toHaveReceivedCommandWith(SetEndpointAttributesCommand, { EndpointArn: ENDPOINT, Attributes: { CustomUserData: DEVICE, Enabled: 'true' } });
  });

  it('refuses a token SNS rejects, and a platform without an application, as PushRegistryError', async () => {
    sns.on(CreatePlatformEndpointCommand).rejects(new InvalidParameterException({ message: `Invalid parameter: Token Reason: iOS device tokens must be 64 hexadecimal characters: ${TOKEN}`, ...meta }));
    expect(await rejection(registry().register('ios', TOKEN, DEVICE))).toEqual(new PushRegistryError('invalid-token'));
    expect(await rejection(registry({ ios: APNS, android: '' }).register('android', TOKEN, DEVICE))).toEqual(new PushRegistryError('platform-unavailable'));
    expect(sns).toHaveReceivedCommandTimes(CreatePlatformEndpointCommand, 1);
  });

  it('rethrows other failures by name only: no token, no endpoint in the message', async () => {
    sns.on(CreatePlatformEndpointCommand).rejects(new ThrottledException({ message: `Rate exceeded for ${TOKEN}`, ...meta }));
    const err = await rejection(registry().register('ios', TOKEN, DEVICE));
    expect(err?.name).toBe('ThrottledException');
    expect(err?.message).not.toContain(TOKEN);
    expect(err?.cause).toBeUndefined();
  });
});

describe('SnsPushRegistry.unregister', () => {
  it('deletes the endpoint its device still holds', async () => {
    sns.on(GetEndpointAttributesCommand).resolves({ Attributes: { CustomUserData: DEVICE } });
    sns.on(DeleteEndpointCommand).resolves({});
    await registry().unregister(ENDPOINT, DEVICE);
    expect(sns).toHaveReceivedCommandWith(DeleteEndpointCommand, { EndpointArn: ENDPOINT });
  });

  it('leaves an endpoint another device has taken over, and accepts one that is gone', async () => {
    sns.on(GetEndpointAttributesCommand).resolves({ Attributes: { CustomUserData: DEVICE } });
    await registry().unregister(ENDPOINT, OLD);
    sns.on(GetEndpointAttributesCommand).rejects(new NotFoundException({ message: `Endpoint ${ENDPOINT} does not exist`, ...meta }));
    await registry().unregister(ENDPOINT, DEVICE);
    expect(sns).toHaveReceivedCommandTimes(DeleteEndpointCommand, 0);
  });
});
