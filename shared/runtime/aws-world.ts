// The deployed world: DynamoDB, SQS, End User Messaging, SNS, Amazon Location, S3 and Secrets
// Manager, named by the function's configuration. Clients are traced (an X-Ray subsegment per
// call); DynamoDB calls made while a queue record is handled count towards its action's cost.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SNSClient } from '@aws-sdk/client-sns';
import { LocationClient } from '@aws-sdk/client-location';
import { GeoPlacesClient } from '@aws-sdk/client-geo-places';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { FunctionConfig } from '#shared/config/function-config';
import { systemClock, type Clock } from '#shared/ports/clock';
import type { ChannelSender } from '#shared/ports/channel-sender';
import type { Channel } from '#shared/domain/vocabulary';
import { SqsQueue } from '#shared/adapters/aws/sqs-queue';
import { EumSmsSender } from '#shared/adapters/aws/eum-sms-sender';
import { EumVoiceSender } from '#shared/adapters/aws/eum-voice-sender';
import { SnsPushSender } from '#shared/adapters/aws/sns-push-sender';
import { SnsPushRegistry } from '#shared/adapters/aws/sns-push-registry';
import { PlacesGeocoder } from '#shared/adapters/aws/places-geocoder';
import { LocationPositionTracker } from '#shared/adapters/aws/location-tracker';
import { LocationGeofenceRegistry } from '#shared/adapters/aws/location-geofences';
import { S3PhotoStore, photoS3Client } from '#shared/adapters/aws/s3-photo-store';
import { composeWorld, lazy, type World } from './world';
import { traced } from './tracer';
import { meterDynamo } from './request-meter';
import { bulletinStarts, measuredSender } from './measured-sender';

const required = (value: string | undefined, what: string, config: FunctionConfig): string => {
  if (!value) throw new Error(`${config.name}: ${what} is not configured`);
  return value;
};

function providerSender(channel: Channel, config: FunctionConfig): ChannelSender {
  // Provider clients retry once: throttles are paced and backed off by the sender itself.
  const eum = () => traced(new PinpointSMSVoiceV2Client({ maxAttempts: 2 }));
  const m = config.messaging;
  switch (channel) {
    case 'sms':
      return new EumSmsSender(eum(), { originationIdentity: m.smsOriginationIdentity, configurationSetName: m.smsConfigurationSet });
    case 'voice':
      return new EumVoiceSender(eum(), { originationIdentity: required(m.voiceOriginationIdentity, 'the voice origination identity', config), configurationSetName: m.voiceConfigurationSet });
    case 'push':
      return new SnsPushSender(traced(new SNSClient({ maxAttempts: 2 })));
  }
}

/** Secrets Manager, cached 5 minutes per instance, so a rotation applies within that. */
async function secretFrom(config: FunctionConfig, name: string): Promise<string | undefined> {
  const ref = config.secrets[name];
  if (!ref) return undefined;
  if ('value' in ref) return ref.value;
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  const value = await getSecret(ref.arn, { maxAge: 300 });
  return typeof value === 'string' ? value : value ? Buffer.from(value).toString('utf8') : undefined;
}

export function awsWorld(config: FunctionConfig, clock: Clock = systemClock): World {
  const location = lazy(() => traced(new LocationClient({})));
  return composeWorld(config, {
    dynamo: traced(meterDynamo(new DynamoDBClient({}))),
    clock,
    queue: () => new SqsQueue(traced(new SQSClient({})), (queue) => required(config.queues[queue], `the ${queue} queue`, config)),
    // Deployed senders count sends, failures and latency for CloudWatch (metrics.ts).
    sender: (channel, world) => measuredSender(providerSender(channel, config), bulletinStarts(world.stores.actions)),
    geocoder: (world) => new PlacesGeocoder(traced(new GeoPlacesClient({})), (lat, lon) => world.municipalityAt(lat, lon)),
    push: () => new SnsPushRegistry(traced(new SNSClient({})), { ios: config.messaging.apnsPlatformApplicationArn, android: config.messaging.fcmPlatformApplicationArn }),
    tracker: () => new LocationPositionTracker(location(), required(config.location.trackerName, 'the tracker', config)),
    geofences: () => new LocationGeofenceRegistry(location(), required(config.location.geofenceCollectionName, 'the geofence collection', config)),
    photos: () => new S3PhotoStore(traced(photoS3Client()), required(config.buckets.tipPhotos, 'the tip photo bucket', config)),
    secret: (name) => secretFrom(config, name),
  });
}
