// The AWS world's queue and channel providers, built only when a deployed Lambda asks for them.
// Provider clients retry once: throttles are paced and backed off by the sender itself.
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

export const awsQueue = (): Queue => new SqsQueue(new SQSClient({}));

export function awsChannelSender(channel: Channel): ChannelSender {
  switch (channel) {
    case 'sms':
      return new EumSmsSender(new PinpointSMSVoiceV2Client({ maxAttempts: 2 }));
    case 'voice':
      return new EumVoiceSender(new PinpointSMSVoiceV2Client({ maxAttempts: 2 }));
    case 'push':
      return new SnsPushSender(new SNSClient({ maxAttempts: 2 }));
  }
}
