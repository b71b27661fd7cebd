// What an idle deployment costs a month, from the synthesized template: nothing always-on may be
// in it (no NAT gateway, no provisioned concurrency, no provisioned DynamoDB capacity, no
// servers), and the fixed monthly cost for 3,000,000 participants stays small.
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { BurgernetStack } from '#infra/stack';
import { DEFAULT_PRICES } from '#shared/domain/prices';
import { alwaysOn, DEFAULT_ASSUMPTIONS, dynamoItemBytes, idleMonthlyCost, type TemplateResource } from '#shared/domain/idle-cost';

let resources: Record<string, TemplateResource>;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  new BurgernetStack(app, 'Burgernet');
  resources = (app.synth().getStackByName('Burgernet').template as { Resources: Record<string, TemplateResource> }).Resources;
}, 120_000);

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

describe('an idle deployment', () => {
  it('has no NAT gateway, no provisioned concurrency and no provisioned DynamoDB capacity', () => {
    expect(ofType('AWS::EC2::NatGateway')).toEqual([]);
    for (const [id, r] of [...ofType('AWS::Lambda::Alias'), ...ofType('AWS::Lambda::Version')]) expect(r.Properties?.ProvisionedConcurrencyConfig, id).toBeUndefined();
    const tables = ofType('AWS::DynamoDB::Table');
    expect(tables.length).toBeGreaterThan(0);
    for (const [id, t] of tables) {
      expect(t.Properties?.BillingMode, id).toBe('PAY_PER_REQUEST');
      expect(t.Properties?.ProvisionedThroughput, id).toBeUndefined();
    }
    expect(alwaysOn(resources)).toEqual([]);
  });

  it('finds what would be always-on', () => {
    expect(alwaysOn({ Nat: { Type: 'AWS::EC2::NatGateway' }, Pc: { Type: 'AWS::Lambda::Alias', Properties: { ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 1 } } }, T: { Type: 'AWS::DynamoDB::Table', Properties: { ProvisionedThroughput: { ReadCapacityUnits: 5 } } } })).toEqual([
      'Nat: AWS::EC2::NatGateway',
      'Pc: provisioned concurrency',
      'T: provisioned DynamoDB capacity',
    ]);
  });

  it('costs a few dollars a month with 3,000,000 participants', () => {
    const cost = idleMonthlyCost(resources, 3_000_000, DEFAULT_PRICES, { ...DEFAULT_ASSUMPTIONS, bytesPerParticipant: 800 });
    const line = (prefix: string) => cost.lines.find((l) => l.item.startsWith(prefix))!;
    expect(line('KMS').quantity).toBe(ofType('AWS::KMS::Key').length);
    expect(line('CloudWatch alarms').quantity).toBe(ofType('AWS::CloudWatch::Alarm').length);
    expect(line('DynamoDB storage').quantity).toBeCloseTo((3_000_000 * 800) / 1024 ** 3, 6);
    expect(cost.total).toBeCloseTo(cost.lines.reduce((s, l) => s + l.monthly, 0), 9);
    expect(cost.totalAfterFreeTier).toBeLessThan(5);
    expect(cost.total).toBeLessThan(15);
    expect(cost.perUse['AWS::Lambda::Function']).toBeGreaterThan(10);
  });

  it('sizes items as DynamoDB bills them', () => {
    expect(dynamoItemBytes({ id: 'abc' })).toBe(5);
    expect(dynamoItemBytes({ n: 123 })).toBe(1 + 3);
    expect(dynamoItemBytes({ ch: ['sms', 'voice'] })).toBe(2 + 3 + 1 + 3 + 1 + 5);
  });
});
