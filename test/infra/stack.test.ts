// The synthesized template against the topology it was built from.
import { App, type CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BurgernetStack } from '#infra/stack';
import { WEBHOOK_QUEUE } from '#infra/constructs/webhook';
import {
  type FunctionName,
  type FunctionSpec,
  type QueueName,
  type TableName,
  channels,
  functionDefaults,
  functions,
  httpRoutes,
  queueConsumers,
  queues,
  tables,
} from '#infra/topology';
import { configOf, ref } from './burgernet-config';

type Json = Record<string, unknown>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const functionNames = Object.keys(functions) as FunctionName[];
const tableNames = Object.keys(tables) as TableName[];
const queueNames = Object.keys(queues) as QueueName[];
const spec = (name: FunctionName): FunctionSpec => functions[name];

let stack: BurgernetStack;
let template: Template;
let resources: Record<string, { Type: string; Properties: Json }>;

const logicalId = (c: IConstruct): string => stack.resolve((c.node.defaultChild as CfnResource).logicalId) as string;
const fnId = (name: FunctionName) => logicalId(stack.functions[name].fn);
const roleId = (name: FunctionName) => logicalId(stack.functions[name].role);
const child = (path: string): IConstruct => stack.node.findChild(path.split('/')[0]!).node.findChild(path.split('/')[1]!);
const tableId = (name: TableName) => logicalId(child(`Tables/${name.charAt(0).toUpperCase()}${name.slice(1)}`));
const queueId = (name: QueueName, dlq = false) => logicalId(child(`Queues/${name.charAt(0).toUpperCase()}${name.slice(1)}${dlq ? 'Dlq' : ''}`));
const keyId = () => logicalId(child('Tables/PersonalDataKey'));

/** Every Allow statement in the policies attached to a function's role. */
function statements(name: FunctionName): Statement[] {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId(name) }]))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((s) => s.Effect === 'Allow');
}
const actionsOf = (s: Statement) => [s.Action].flat();
/** Actions a function may take on resources whose definition mentions this logical id. */
const actionsOn = (name: FunctionName, id: string) =>
  statements(name)
    .filter((s) => JSON.stringify(s.Resource).includes(`"${id}"`))
    .flatMap(actionsOf);

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new BurgernetStack(app, 'Burgernet');
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as typeof resources;
});

describe('functions', () => {
  it('has one Lambda per topology function, with the house defaults', () => {
    template.resourceCountIs('AWS::Lambda::Function', functionNames.length);
    for (const name of functionNames) {
      const props = resources[fnId(name)]!.Properties;
      expect(props).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        Timeout: spec(name).timeoutSeconds ?? functionDefaults.timeoutSeconds,
        MemorySize: spec(name).memoryMb ?? functionDefaults.memoryMb,
        Description: spec(name).description,
      });
    }
  });

  it('gives each function its configuration in one variable, with exactly the tables and queues it names', () => {
    for (const name of functionNames) {
      const s = spec(name);
      const props = resources[fnId(name)]!.Properties;
      const env = (props.Environment as { Variables: Json }).Variables;
      // Besides the configuration only what the platform reads: no TABLE_*, QUEUE_*, *_ARN any more.
      expect(Object.keys(env).sort(), name).toEqual(['BURGERNET_CONFIG', 'NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME']);
      expect(env).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'burgernet', NODE_OPTIONS: '--enable-source-maps' });

      const config = configOf(props, { HasWebhookSigningKey: true });
      expect(config).toMatchObject({ name, world: 'aws' });
      expect(config.tables, name).toEqual(Object.fromEntries((Object.keys(s.tables) as TableName[]).map((t) => [t, ref(tableId(t))])));
      expect(config.queues, name).toEqual(Object.fromEntries(s.sendsTo.map((q) => [q, ref(queueId(q))])));
    }
  });

  it('logs each function to its own log group with a retention', () => {
    for (const name of functionNames) {
      const group = (resources[fnId(name)]!.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(resources[group]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } });
    }
  });

  it('uses no AWS managed policies', () => {
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('queues and triggers', () => {
  it('wires each SQS trigger with batch size, maximum concurrency and partial batch failures', () => {
    const consumers = queueConsumers();
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', consumers.length);
    for (const { name, spec: s } of consumers) {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: fnId(name) },
        EventSourceArn: { 'Fn::GetAtt': [queueId(s.trigger.queue), 'Arn'] },
        BatchSize: s.trigger.batchSize,
        ScalingConfig: { MaximumConcurrency: s.trigger.maxConcurrency },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });

  it("gives each queue a dead-letter queue with the topology's receive count and timeout", () => {
    template.resourceCountIs('AWS::SQS::Queue', queueNames.length * 2);
    for (const name of queueNames) {
      expect(resources[queueId(name)]!.Properties).toMatchObject({
        VisibilityTimeout: queues[name].visibilityTimeoutSeconds,
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queueId(name, true), 'Arn'] }, maxReceiveCount: queues[name].maxReceiveCount },
      });
      expect(resources[queueId(name, true)]!.Properties).toMatchObject({ MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true });
    }
  });

  it('outputs each dead-letter queue ARN for npm run redrive', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    for (const name of queueNames) {
      const key = `${name.charAt(0).toUpperCase()}${name.slice(1)}DeadLetterQueueArn`;
      expect(outputs[key]?.Value, key).toEqual({ 'Fn::GetAtt': [queueId(name, true), 'Arn'] });
    }
  });

  it('refuses plain HTTP on every queue', () => {
    for (const name of queueNames.flatMap((q) => [queueId(q), queueId(q, true)])) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: name }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
    }
  });
});

describe('tables', () => {
  it('are on demand with point-in-time recovery', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', tableNames.length);
    for (const name of tableNames) {
      expect(resources[tableId(name)]!.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
    }
  });

  it('index participants by geo cell, projecting only what selection reads', () => {
    expect(resources[tableId('participants')]!.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'geo',
        KeySchema: [
          { AttributeName: 'gb', KeyType: 'HASH' },
          { AttributeName: 'gc', KeyType: 'RANGE' },
        ],
        // Position, channels, exercise opt-in, municipality; for locations their owner, windows and expiry.
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['lat', 'lon', 'ch', 'ex', 'mun', 'own', 'win', 'exp'] },
      },
      { IndexName: 'byPhone', KeySchema: [{ AttributeName: 'ph', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
    ]);
    expect(resources[tableId('actions')]!.Properties.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({ IndexName: 'byCreated', Projection: { ProjectionType: 'ALL' } }),
    ]);
  });

  it('encrypt personal data with a rotated customer key and protect it from deletion', () => {
    expect(resources[keyId()]!.Properties).toMatchObject({ EnableKeyRotation: true });
    for (const name of tableNames) {
      const props = resources[tableId(name)]!.Properties;
      if (tables[name].personal) {
        expect(props).toMatchObject({ DeletionProtectionEnabled: true, SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId(), 'Arn'] } } });
        expect(template.toJSON().Resources[tableId(name)].DeletionPolicy).toBe('Retain');
      } else {
        expect(JSON.stringify(props.SSESpecification ?? {})).not.toContain(keyId());
      }
    }
  });

  it('expires idempotency records by their TTL attribute', () => {
    expect(resources[tableId('idempotency')]!.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiration', Enabled: true });
  });
});

describe('HTTP API', () => {
  const routes = () => Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties as Json);

  it('has exactly the routes of the topology', () => {
    const expected = httpRoutes().map(({ spec: s }) => `${s.trigger.method} ${s.trigger.path}`);
    expect(routes().map((r) => r.RouteKey).sort()).toEqual(expected.sort());
    expect(expected).toContain('POST /actions');
  });

  it('puts the Cognito JWT authorizer on every non-public route and sends it to its own function', () => {
    const authorizers = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(authorizers).toHaveLength(1);
    for (const { name, spec: s } of httpRoutes()) {
      const route = routes().find((r) => r.RouteKey === `${s.trigger.method} ${s.trigger.path}`)!;
      if (s.trigger.roles === 'public') expect(route.AuthorizationType).toBe('NONE');
      else expect(route).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizers[0] } });

      const integrationId = JSON.stringify(route.Target).match(/"Ref":"([^"]+)"/)![1]!;
      expect(JSON.stringify(resources[integrationId]!.Properties.IntegrationUri)).toContain(`"${fnId(name)}"`);
    }
  });

  it('trusts tokens of the given user pool for the given app client', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: 'CognitoAppClientId' }],
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: 'CognitoUserPoolId' }]] },
      },
    });
  });

  it('logs access and throttles on the default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
    const format = JSON.stringify(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(format).not.toContain('sourceIp');
  });
});

describe('least privilege', () => {
  it('grants each function only the tables it names, read-only where it only reads', () => {
    const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
    for (const name of functionNames) {
      for (const table of tableNames) {
        const actions = actionsOn(name, tableId(table));
        const access = spec(name).tables[table];
        if (!access) expect(actions, `${name} on ${table}`).toEqual([]);
        else if (access === 'read') {
          expect(actions).toContain('dynamodb:Query');
          expect(actions.filter((a) => writes.includes(a)), `${name} writes ${table}`).toEqual([]);
        } else expect(actions).toEqual(expect.arrayContaining(writes));
      }
    }
  });

  it('names no AWS service the topology entry does not call for', () => {
    // Each service prefix in a role's policy must follow from a field of the function's entry;
    // logs and xray are the house defaults every function has.
    for (const name of functionNames) {
      const s = spec(name);
      const personal = Object.keys(s.tables).some((t) => tables[t as TableName].personal);
      const expected = new Set<string>(['logs', 'xray']);
      if (Object.keys(s.tables).length > 0) expected.add('dynamodb');
      if (s.sendsTo.length > 0 || s.trigger.type === 'sqs') expected.add('sqs');
      if (s.messaging?.some((m) => m === 'sms' || m === 'voice')) expected.add('sms-voice');
      if (s.messaging?.some((m) => m === 'push' || m === 'push-endpoints')) expected.add('sns');
      if (s.location?.length) expected.add('geo');
      if (s.geocoding) expected.add('geo-places');
      // The webhook queue's consumer reads the operator's signing secret (infra/constructs/webhook.ts).
      if (s.secrets?.length || (s.trigger.type === 'sqs' && s.trigger.queue === WEBHOOK_QUEUE)) expected.add('secretsmanager');
      if (s.buckets) expected.add('s3');
      if (personal || s.buckets) expected.add('kms');
      const granted = new Set(statements(name).flatMap(actionsOf).map((a) => a.split(':')[0]!));
      expect([...granted].sort(), name).toEqual([...expected].sort());
    }
  });

  it('createAction cannot touch the participants table or its key', () => {
    const policy = JSON.stringify(statements('createAction'));
    expect(policy).not.toContain(tableId('participants'));
    expect(policy).not.toContain(keyId());
  });

  it('lets a function send only to the queues it names and consume only its trigger queue', () => {
    for (const name of functionNames) {
      const s = spec(name);
      for (const queue of queueNames) {
        const actions = actionsOn(name, queueId(queue));
        expect(actions.includes('sqs:SendMessage'), `${name} sends to ${queue}`).toBe((s.sendsTo as readonly string[]).includes(queue));
        const consumes = s.trigger.type === 'sqs' && s.trigger.queue === queue;
        expect(actions.includes('sqs:DeleteMessage'), `${name} consumes ${queue}`).toBe(consumes);
      }
      for (const queue of queueNames) expect(actionsOn(name, queueId(queue, true)), `${name} on ${queue} DLQ`).toEqual([]);
    }
  });

  it('grants provider calls per the topology messaging entry only', () => {
    const calls = { sms: 'sms-voice:SendTextMessage', voice: 'sms-voice:SendVoiceMessage', push: 'sns:Publish' } as const;
    for (const name of functionNames) {
      const actions = statements(name).flatMap(actionsOf);
      for (const channel of channels) {
        expect(actions.includes(calls[channel]), `${name}: ${calls[channel]}`).toBe((spec(name).messaging ?? []).includes(channel));
      }
    }
    expect(statements('sendSms').flatMap(actionsOf)).not.toContain('sns:Publish');
  });

  it('scopes SMS and voice to the origination identities and push to platform endpoints', () => {
    const find = (name: FunctionName, action: string) => statements(name).find((s) => actionsOf(s).includes(action))!.Resource;
    expect(find('sendSms', 'sms-voice:SendTextMessage')).toEqual({ Ref: 'SmsOriginationIdentity' });
    expect(find('sendVoice', 'sms-voice:SendVoiceMessage')).toEqual({ Ref: 'VoiceOriginationIdentity' });
    expect(JSON.stringify(find('sendPush', 'sns:Publish'))).toMatch(/:endpoint\/\*"\]\]\}$/);
  });

  it('tells the senders where to send from', () => {
    const messaging = (name: FunctionName) => configOf(resources[fnId(name)]!.Properties).messaging;
    expect(messaging('sendSms')).toMatchObject({ smsOriginationIdentity: ref('SmsOriginationIdentity') });
    expect(messaging('sendVoice')).toMatchObject({ voiceOriginationIdentity: ref('VoiceOriginationIdentity') });
    expect(messaging('sendPush')).toMatchObject({
      apnsPlatformApplicationArn: ref('ApnsPlatformApplicationArn'),
      fcmPlatformApplicationArn: ref('FcmPlatformApplicationArn'),
    });
    expect(messaging('sendSms')).not.toHaveProperty('apnsPlatformApplicationArn');
    expect(messaging('createAction')).not.toHaveProperty('smsOriginationIdentity');
  });
});

describe('deploy-time parameters', () => {
  it('asks the operator for messaging identities and the Cognito pool, push apps optional', () => {
    const params = template.toJSON().Parameters as Record<string, { Default?: string }>;
    for (const p of ['SmsOriginationIdentity', 'VoiceOriginationIdentity', 'CognitoUserPoolId', 'CognitoAppClientId']) {
      expect(params[p], p).toBeDefined();
      expect(params[p]!.Default, p).toBeUndefined();
    }
    expect(params.ApnsPlatformApplicationArn?.Default).toBe('');
    expect(params.FcmPlatformApplicationArn?.Default).toBe('');
  });
});

describe('monitoring', () => {
  const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties as Json);

  it('alarms on any message in a dead-letter queue', () => {
    for (const queue of queueNames) {
      const dlqAlarm = alarms().find((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a.Dimensions).includes(queueId(queue, true)));
      expect(dlqAlarm, queue).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Maximum' });
    }
  });

  it("alarms on each sender's errors and on late fan-out", () => {
    for (const { name } of queueConsumers().filter((c) => (channels as readonly string[]).includes(c.spec.trigger.queue))) {
      expect(alarms().some((a) => a.MetricName === 'Errors' && JSON.stringify(a.Dimensions).includes(fnId(name))), name).toBe(true);
    }
    expect(
      alarms().some((a) => a.MetricName === 'ApproximateAgeOfOldestMessage' && JSON.stringify(a.Dimensions).includes(queueId('fanout'))),
    ).toBe(true);
  });

  it('notifies the alarm topic, which refuses plain HTTP', () => {
    const topic = Object.keys(template.findResources('AWS::SNS::Topic')).find((id) => id.startsWith('MonitoringAlarmTopic'))!;
    for (const a of alarms()) expect(a.AlarmActions).toEqual([{ Ref: topic }]);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('has a dashboard row per channel', () => {
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    for (const channel of channels) expect(body).toContain(`### ${channel}`);
  });
});
