// The AWS world's queue and channel providers, built only when a deployed Lambda asks for them.
// Provider clients retry once: throttles are paced and backed off by the sender itself. Every
// client is traced (X-Ray subsegment per call) when tracing is on.
import { SQSClient } from '@aws-sdk/client-sqs';
import { SNSClient } from '@aws-sdk/client-sns';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { Channel } from '#infra/topology';
import type { ChannelSender } from '#shared/ports/channel-sender';
import type { Queue } from '#shared/ports/queue';
import { SqsQueue } from '#shared/adapters/aws/sqs-queue';
import { EumSmsSender } from '#shared/adapters/aws/eum-sms-sender';
import { EumVoiceSender } from '#shared/adapters/aws/eum-voice-sender';
import { SnsPushSender } from '#shared/adapters/aws/sns-push-sender';
import { GeoPlacesClient } from '@aws-sdk/client-geo-places';
import { PlacesGeocoder, type MunicipalityLookup } from '#shared/adapters/aws/places-geocoder';
import type { Geocoder } from '#shared/ports/geocoder';
import { traced } from './tracer';

export const awsQueue = (): Queue => new SqsQueue(traced(new SQSClient({})));

export function awsChannelSender(channel: Channel): ChannelSender {
  switch (channel) {
    case 'sms':
      return new EumSmsSender(traced(new PinpointSMSVoiceV2Client({ maxAttempts: 2 })));
    case 'voice':
      return new EumVoiceSender(traced(new PinpointSMSVoiceV2Client({ maxAttempts: 2 })));
    case 'push':
      return new SnsPushSender(traced(new SNSClient({ maxAttempts: 2 })));
  }
}

export const awsGeocoder = (municipalityAt: MunicipalityLookup): Geocoder => new PlacesGeocoder(traced(new GeoPlacesClient({})), municipalityAt);
