// The app's AWS resources against the topology: Amazon Location (tracker linked to the action
// geofences, ENTER events to the geofence queue and only from this rule), the tip photo bucket,
// and grants that give each function exactly its own calls.
import { App, type CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BurgernetStack } from '#infra/stack';
import { buckets, type FunctionName, functions } from '#infra/topology';
import { configOf, ref } from './burgernet-config';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

let stack: BurgernetStack;
let template: Template;
let resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
const logicalId = (c: IConstruct): string => stack.resolve((c.node.defaultChild as CfnResource).logicalId) as string;
const idOf = (type: string) => Object.keys(resources).find((k) => resources[k]!.Type === type)!;
const statements = (name: FunctionName): Statement[] =>
  Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: logicalId(stack.functions[name].role) }]))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
const actionsWith = (name: FunctionName, prefix: string) => statements(name).flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith(prefix)).sort();
const config = (name: FunctionName) => configOf(resources[logicalId(stack.functions[name].fn)]!.Properties);

beforeAll(() => {
  stack = new BurgernetStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Burgernet');
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as typeof resources;
});

describe('Amazon Location', () => {
  it('links the device tracker to the action geofence collection', () => {
    const tracker = idOf('AWS::Location::Tracker');
    const collection = idOf('AWS::Location::GeofenceCollection');
    expect(resources[tracker]!.Properties).toMatchObject({ TrackerName: 'Burgernet-devices', PositionFiltering: 'DistanceBased' });
    template.hasResource('AWS::Location::TrackerConsumer', {
      Properties: { TrackerName: 'Burgernet-devices', ConsumerArn: { 'Fn::GetAtt': [collection, 'Arn'] } },
      DependsOn: [tracker],
    });
  });

  it('routes ENTER events of that collection to the geofence queue, which takes them only from this rule', () => {
    const collection = idOf('AWS::Location::GeofenceCollection');
    const queue = logicalId(stack.node.findChild('Queues').node.findChild('Geofence'));
    const rule = idOf('AWS::Events::Rule');
    expect(resources[rule]!.Properties).toMatchObject({
      EventPattern: { source: ['aws.geo'], 'detail-type': ['Location Geofence Event'], resources: [{ 'Fn::GetAtt': [collection, 'Arn'] }], detail: { EventType: ['ENTER'] } },
      Targets: [{ Arn: { 'Fn::GetAtt': [queue, 'Arn'] } }],
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queue }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: Match.arrayWith(['sqs:SendMessage']), Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [rule, 'Arn'] } } } }),
        ]),
      },
    });
    expect(functions.geofenceEnter.trigger).toMatchObject({ type: 'sqs', queue: 'geofence' });
  });

  it('lets only the position route track, the device routes forget, and the fan-out keep geofences', () => {
    const tracker = { 'Fn::GetAtt': [idOf('AWS::Location::Tracker'), 'Arn'] };
    const collection = { 'Fn::GetAtt': [idOf('AWS::Location::GeofenceCollection'), 'Arn'] };
    const expected: Partial<Record<FunctionName, string[]>> = {
      putPosition: ['geo:BatchUpdateDevicePosition'],
      registerDevice: ['geo:BatchDeleteDevicePositionHistory'],
      deleteDevice: ['geo:BatchDeleteDevicePositionHistory'],
      fanout: ['geo:BatchDeleteGeofence', 'geo:PutGeofence'],
    };
    for (const name of Object.keys(functions) as FunctionName[]) expect(actionsWith(name, 'geo:'), name).toEqual(expected[name] ?? []);
    const onTracker = statements('putPosition').find((s) => [s.Action].flat().includes('geo:BatchUpdateDevicePosition'))!;
    expect(onTracker.Resource).toEqual(tracker);
    const onFences = statements('fanout').find((s) => [s.Action].flat().includes('geo:PutGeofence'))!;
    expect(onFences.Resource).toEqual(collection);
    expect(config('putPosition')).toMatchObject({ location: { trackerName: 'Burgernet-devices' }, settings: { positionTtlMinutes: 120 } });
    expect(config('fanout').location).toEqual({ geofenceCollectionName: 'Burgernet-actions' });
  });
});

describe('push endpoints', () => {
  it('lets the device routes create endpoints only under the two platform applications, and never publish', () => {
    for (const name of ['registerDevice', 'deleteDevice'] as const) {
      expect(actionsWith(name, 'sns:')).toEqual(['sns:CreatePlatformEndpoint', 'sns:DeleteEndpoint', 'sns:GetEndpointAttributes', 'sns:SetEndpointAttributes']);
      const create = statements(name).find((s) => [s.Action].flat().includes('sns:CreatePlatformEndpoint'))!;
      expect(JSON.stringify(create.Resource)).toContain('"Fn::If":["ApnsPlatformApplicationGiven",{"Ref":"ApnsPlatformApplicationArn"}');
      expect(JSON.stringify(create.Resource)).toContain('"Fn::If":["FcmPlatformApplicationGiven",{"Ref":"FcmPlatformApplicationArn"}');
      expect(config(name).messaging).toEqual({ apnsPlatformApplicationArn: ref('ApnsPlatformApplicationArn'), fcmPlatformApplicationArn: ref('FcmPlatformApplicationArn') });
    }
    expect(template.toJSON().Conditions).toMatchObject({ ApnsPlatformApplicationGiven: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ApnsPlatformApplicationArn' }, ''] }] } });
  });
});

describe('tip photos', () => {
  it('are kept private, under the personal-data key, TLS only, and expire', () => {
    const bucket = idOf('AWS::S3::Bucket');
    const key = logicalId(stack.node.findChild('Tables').node.findChild('PersonalDataKey'));
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [key, 'Arn'] } } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: buckets.tipPhotos.expireDays, Status: 'Enabled' })] },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('may be put by the tip route and read by the operators’ route, nothing more', () => {
    const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [idOf('AWS::S3::Bucket'), 'Arn'] }, '/*']] };
    for (const name of Object.keys(functions) as FunctionName[]) {
      const expected = name === 'createTip' ? ['s3:PutObject'] : name === 'listTips' ? ['s3:GetObject'] : [];
      expect(actionsWith(name, 's3:'), name).toEqual(expected);
    }
    expect(statements('createTip').find((s) => s.Action === 's3:PutObject')!.Resource).toEqual(objects);
    expect(actionsWith('createTip', 'kms:GenerateDataKey')).toContain('kms:GenerateDataKey');
    expect(config('createTip')).toMatchObject({ buckets: { tipPhotos: ref(idOf('AWS::S3::Bucket')) }, settings: { tips: { perWindow: 5 } } });
    expect(config('listTips').buckets).toEqual({ tipPhotos: ref(idOf('AWS::S3::Bucket')) });
  });
});
