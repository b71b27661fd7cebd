// The public feed and webhook in the template: public routes without an authorizer, the public
// base URL handed to what links to it, and the webhook's parameters and conditional secret grant.
import { App, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BurgernetStack } from '#infra/stack';
import { type FunctionName, functions } from '#infra/topology';
import { configOf, rawConfig, ref } from './burgernet-config';

type Json = Record<string, unknown>;
let stack: BurgernetStack;
let template: Template;
let resources: Record<string, { Type: string; Properties: Json; Condition?: string }>;

const fnId = (name: FunctionName) => stack.resolve((stack.functions[name].fn.node.defaultChild as CfnResource).logicalId) as string;
const roleId = (name: FunctionName) => stack.resolve((stack.functions[name].role.node.defaultChild as CfnResource).logicalId) as string;
const config = (name: FunctionName, conditions: Record<string, boolean> = {}) => configOf(resources[fnId(name)]!.Properties, conditions);

beforeAll(() => {
  stack = new BurgernetStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Burgernet');
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as typeof resources;
});

describe('public feed', () => {
  it('routes GET /public/actions and /public/actions/{file} without an authorizer', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties as Json);
    for (const key of ['GET /public/actions', 'GET /public/actions/{file}']) {
      expect(routes.find((r) => r.RouteKey === key), key).toMatchObject({ AuthorizationType: 'NONE' });
    }
  });

  it("links to the operator's public URL, or the API's own when none is given", () => {
    const apiId = Object.keys(template.findResources('AWS::ApiGatewayV2::Api'))[0]!;
    for (const name of ['publicActions', 'publicAction', 'sendWebhook'] as const) {
      expect(config(name, { HasPublicBaseUrl: true, HasWebhookSigningKey: true }).settings.publicBaseUrl, name).toBe(ref('PublicBaseUrl'));
      expect(config(name, { HasPublicBaseUrl: false, HasWebhookSigningKey: true }).settings.publicBaseUrl, name).toContain(ref(apiId));
      expect(JSON.stringify(rawConfig(resources[fnId(name)]!.Properties)), name).toContain('{"Fn::If":["HasPublicBaseUrl",{"Ref":"PublicBaseUrl"}');
    }
    expect(config('createAction').settings).not.toHaveProperty('publicBaseUrl');
    expect(template.toJSON().Conditions.HasPublicBaseUrl).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'PublicBaseUrl' }, ''] }] });
  });

  it('serves only from the actions table, read-only', () => {
    for (const name of ['publicActions', 'publicAction'] as const) expect(functions[name].tables).toEqual({ actions: 'read' });
  });
});

describe('webhook', () => {
  it('takes its URL and secret ARN as optional parameters', () => {
    const params = template.toJSON().Parameters as Record<string, { Default?: string; AllowedPattern?: string }>;
    expect(params.WebhookUrl).toMatchObject({ Default: '' });
    expect(params.WebhookSigningKeyArn).toMatchObject({ Default: '' });
    expect(params.PublicBaseUrl).toMatchObject({ Default: '' });
    expect(new RegExp(params.WebhookUrl!.AllowedPattern!).test('http://plain.example/hook')).toBe(false);
    expect(new RegExp(params.WebhookUrl!.AllowedPattern!).test('https://displays.example/hook')).toBe(true);
    expect(config('sendWebhook', { HasWebhookSigningKey: true })).toMatchObject({ webhook: { url: ref('WebhookUrl') }, secrets: { webhook: { arn: ref('WebhookSigningKeyArn') } } });
    // Without a signing key the function is configured without the secret (never an empty ARN).
    expect(config('sendWebhook', { HasWebhookSigningKey: false })).toMatchObject({ webhook: { url: ref('WebhookUrl') }, secrets: {} });
    expect(config('sendWebhook', { HasWebhookSigningKey: false }).secrets).not.toHaveProperty('webhook');
    expect(config('sendSms').webhook).toEqual({});
    expect(config('sendSms').secrets).not.toHaveProperty('webhook');
  });

  it('may read exactly that secret, only when one is given, and no other function may read it', () => {
    const policies = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.PolicyDocument).includes('"Ref":"WebhookSigningKeyArn"'));
    expect(policies).toHaveLength(1);
    expect(policies[0]!.Condition).toBe('HasWebhookSigningKey');
    expect(policies[0]!.Properties.Roles).toEqual([{ Ref: roleId('sendWebhook') }]);
    expect((policies[0]!.Properties.PolicyDocument as { Statement: unknown[] }).Statement).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: 'WebhookSigningKeyArn' } },
    ]);
    expect(template.toJSON().Conditions.HasWebhookSigningKey).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'WebhookSigningKeyArn' }, ''] }] });
  });

  it('consumes its own queue, which has a dead-letter queue', () => {
    expect(functions.sendWebhook.trigger).toMatchObject({ type: 'sqs', queue: 'webhook' });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: fnId('sendWebhook') }, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });
});
