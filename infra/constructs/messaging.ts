// The providers the senders call. Phone numbers and push apps are bought and registered by hand
// (registration with carriers takes weeks), so the operator passes them in as parameters.
import { ArnFormat, Aws, type CfnParameter, Fn, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '#infra/topology';
import type { BurgernetFunction } from './function';
import { given, parameter } from './parameters';

type Use = NonNullable<FunctionSpec['messaging']>[number];

export class Messaging extends Construct {
  readonly smsOriginationIdentity: CfnParameter;
  readonly voiceOriginationIdentity: CfnParameter;
  readonly apnsPlatformApplicationArn: CfnParameter;
  readonly fcmPlatformApplicationArn: CfnParameter;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // ARNs, not ids: the grant below is scoped to exactly this resource, and the API accepts both.
    this.smsOriginationIdentity = parameter(this, 'SmsOriginationIdentity', {
      description: 'AWS End User Messaging SMS phone number, pool or sender ID ARN that SMS alerts are sent from',
      pattern: 'arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:[0-9]{12}:(phone-number|pool|sender-id)/.+',
      what: 'an sms-voice phone-number, pool or sender-id ARN',
    });
    this.voiceOriginationIdentity = parameter(this, 'VoiceOriginationIdentity', {
      description: 'AWS End User Messaging voice-capable phone number or pool ARN that alert calls are placed from',
      pattern: 'arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:[0-9]{12}:(phone-number|pool)/.+',
      what: 'an sms-voice phone-number or pool ARN',
    });
    // Push is optional per platform: empty means the app is not (yet) published there.
    this.apnsPlatformApplicationArn = parameter(this, 'ApnsPlatformApplicationArn', {
      description: 'SNS platform application ARN for iOS (APNS); empty if not used',
      pattern: 'arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:app/APNS(_SANDBOX)?/.+',
      what: 'an SNS APNS/APNS_SANDBOX platform application ARN',
      optional: true,
    });
    this.fcmPlatformApplicationArn = parameter(this, 'FcmPlatformApplicationArn', {
      description: 'SNS platform application ARN for Android (FCM); empty if not used',
      pattern: 'arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:app/GCM/.+',
      what: 'an SNS GCM (FCM) platform application ARN',
      optional: true,
    });
  }

  /** Grants a function exactly the provider calls its topology entry lists, and tells it where to send from. */
  grant(fn: BurgernetFunction, uses: readonly Use[]): void {
    for (const use of uses) {
      switch (use) {
        case 'sms':
          fn.fn.addToRolePolicy(new PolicyStatement({ actions: ['sms-voice:SendTextMessage'], resources: [this.smsOriginationIdentity.valueAsString] }));
          fn.use('messaging', { smsOriginationIdentity: this.smsOriginationIdentity.valueAsString });
          break;
        case 'voice':
          fn.fn.addToRolePolicy(new PolicyStatement({ actions: ['sms-voice:SendVoiceMessage'], resources: [this.voiceOriginationIdentity.valueAsString] }));
          fn.use('messaging', { voiceOriginationIdentity: this.voiceOriginationIdentity.valueAsString });
          break;
        case 'push': {
          const endpoints = Stack.of(this).formatArn({ service: 'sns', resource: 'endpoint', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
          fn.fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [endpoints] }));
          this.usePlatformApplications(fn);
          Validations.of(fn.role).acknowledge({
            id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sns:<AWS::Region>:<AWS::AccountId>:endpoint/*]',
            reason: 'Platform endpoints are created per app install at run time, so they cannot be listed at deploy; the grant is sns:Publish to endpoints of this account and region only (no topics, no phone numbers).',
          });
          break;
        }
        case 'push-endpoints':
          this.grantPushEndpoints(fn);
          break;
      }
    }
  }

  /**
   * App installs register and leave: CreatePlatformEndpoint on the two platform applications (a
   * platform left empty gets an ARN that matches nothing), and reading, taking over and deleting
   * endpoints, which are created at run time and so cannot be listed at deploy.
   */
  private grantPushEndpoints(fn: BurgernetFunction): void {
    const stack = Stack.of(this);
    const nothing = `arn:${Aws.PARTITION}:sns:${Aws.REGION}:${Aws.ACCOUNT_ID}:app/none/none`;
    const orNothing = (param: CfnParameter, id: string) => Fn.conditionIf(given(param, id).logicalId, param.valueAsString, nothing).toString();
    const applications = [orNothing(this.apnsPlatformApplicationArn, 'ApnsPlatformApplicationGiven'), orNothing(this.fcmPlatformApplicationArn, 'FcmPlatformApplicationGiven')];
    fn.fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:CreatePlatformEndpoint'], resources: applications }));
    const endpoints = stack.formatArn({ service: 'sns', resource: 'endpoint', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    fn.fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:GetEndpointAttributes', 'sns:SetEndpointAttributes', 'sns:DeleteEndpoint'], resources: [endpoints] }));
    this.usePlatformApplications(fn);
    Validations.of(fn.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sns:<AWS::Region>:<AWS::AccountId>:endpoint/*]',
      reason: 'Platform endpoints are created per app install at run time, so they cannot be listed at deploy; the grant is reading, taking over and deleting endpoints of this account and region only (no topics, no publishing).',
    });
  }

  /** The push apps (empty: that platform is not used) go in the function's configuration. */
  private usePlatformApplications(fn: BurgernetFunction): void {
    fn.use('messaging', { apnsPlatformApplicationArn: this.apnsPlatformApplicationArn.valueAsString, fcmPlatformApplicationArn: this.fcmPlatformApplicationArn.valueAsString });
  }

  /** Geocoding participants' addresses with Amazon Location Places (stored results). */
  grantGeocoding(fn: BurgernetFunction): void {
    const places = Stack.of(this).formatArn({ service: 'geo-places', account: '', resource: 'provider', resourceName: 'default', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    fn.fn.addToRolePolicy(new PolicyStatement({ actions: ['geo-places:Geocode'], resources: [places] }));
  }

  /**
   * Two-way SMS: End User Messaging publishes what participants text to the Burgernet number
   * ("STOP") to this topic, which hands it raw to the inbound queue.
   */
  receiveSmsInto(queue: Queue): Topic {
    const topic = new Topic(this, 'InboundSms', { displayName: 'Burgernet inbound SMS', enforceSSL: true });
    topic.addToResourcePolicy(
      new PolicyStatement({ actions: ['sns:Publish'], principals: [new ServicePrincipal('sms-voice.amazonaws.com')], resources: [topic.topicArn] }),
    );
    topic.addSubscription(new SqsSubscription(queue, { rawMessageDelivery: true }));
    return topic;
  }
}
