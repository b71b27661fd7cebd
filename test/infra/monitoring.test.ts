// Alarms reach on-call, and fire on what is really wrong: dead letters, provider failures,
// stalled queues and crashed functions, not a busy recipient or a throttle.
import { App, type CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BurgernetStack } from '#infra/stack';
import { CHANNEL_MAX_AGE_SECONDS } from '#infra/constructs/monitoring';
import { channels } from '#infra/topology';

type Json = Record<string, unknown>;
interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: Json;
  Action: string | string[];
  Resource: unknown;
  Condition?: Json;
}

let stack: BurgernetStack;
let template: Template;

const logicalId = (c: IConstruct): string => stack.resolve((c.node.defaultChild as CfnResource).logicalId) as string;
const child = (path: string): IConstruct => stack.node.findChild(path.split('/')[0]!).node.findChild(path.split('/')[1]!);
const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties as Json);

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new BurgernetStack(app, 'Burgernet');
  template = Template.fromStack(stack);
});

describe('alarm topic', () => {
  const topicId = () => Object.keys(template.findResources('AWS::SNS::Topic')).find((id) => id.startsWith('MonitoringAlarmTopic'))!;
  const statements = (): Statement[] => {
    const policy = Object.values(template.findResources('AWS::SNS::TopicPolicy')).find((p) => JSON.stringify(p.Properties.Topics) === JSON.stringify([{ Ref: topicId() }]))!;
    return (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
  };

  it("lets CloudWatch publish to it, for this account's alarms only", () => {
    const allows = statements().filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: topicId() },
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:*']] } },
      },
    });
  });

  it('still refuses plain HTTP', () => {
    expect(statements()).toEqual(expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]));
  });
});

describe('alarms', () => {
  it("alarm on each channel's provider errors, as the senders publish them, for ten minutes", () => {
    for (const channel of channels) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'Burgernet',
        MetricName: 'ProviderErrors',
        Dimensions: Match.arrayEquals([
          { Name: 'channel', Value: channel },
          { Name: 'service', Value: 'burgernet' },
        ]),
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
  });

  it('alarm on a channel queue whose oldest message waits too long', () => {
    for (const channel of channels) {
      const queue = logicalId(child(`Queues/${pascal(channel)}`));
      const age = alarms().find((a) => a.MetricName === 'ApproximateAgeOfOldestMessage' && JSON.stringify(a.Dimensions).includes(`"${queue}"`));
      expect(age, channel).toMatchObject({ Threshold: CHANNEL_MAX_AGE_SECONDS, Statistic: 'Maximum', TreatMissingData: 'notBreaching' });
    }
  });
});
