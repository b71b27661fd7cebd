// cdk-nag AwsSolutions on the stack: nothing left unacknowledged, and every acknowledgement earns its place.
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BurgernetStack } from '#infra/stack';

const build = () => new BurgernetStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Burgernet');

const findings = (stack: BurgernetStack) =>
  new AwsSolutionsChecks(stack.node.scope as IConstruct).validateScope(stack).violations.map((v) => ({
    rule: v.ruleName,
    severity: v.severity,
    where: v.violatingResources.map((r) => r.constructPath),
  }));

const acknowledged = (stack: BurgernetStack) =>
  stack.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .flatMap((m) => Object.entries(m.data as Record<string, string>))
    .map(([id, reason]) => ({ id: id.replace(/^annotation::/i, ''), reason }));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged errors or warnings', () => {
    const open = findings(build()).filter((f) => f.severity === 'error' || f.severity === 'warning');
    expect(open).toEqual([]);
  });

  it('acknowledges only findings that exist, each with a specific reason', () => {
    const stack = build();
    const acks = acknowledged(stack);
    expect(acks.length).toBeGreaterThan(0);
    for (const { id, reason } of acks) expect(reason.length, id).toBeGreaterThan(40);

    // The same stack with acknowledgements switched off shows what they hide.
    vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
    const raw = new Set(findings(build()).map((f) => f.rule));
    for (const { id } of acks) expect(raw.has(id), `stale acknowledgement ${id}`).toBe(true);
  });

  it('uses a wildcard resource only for X-Ray, table indexes, push endpoints and tip photo objects', () => {
    const resources = Template.fromStack(build()).findResources('AWS::IAM::Policy');
    const statements = Object.values(resources).flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement,
    );
    for (const s of statements) {
      const resource = JSON.stringify(s.Resource);
      if (!resource.includes('*')) continue;
      const actions = [s.Action].flat();
      if (resource === '"*"') expect(actions.every((a) => a.startsWith('xray:Put'))).toBe(true);
      else if (resource.includes('/index/*')) expect(actions.every((a) => a.startsWith('dynamodb:'))).toBe(true);
      else if (/:endpoint\/\*"\]\]\}$/.test(resource)) {
        // Publishing, and an app install's own endpoint: read, take over, delete; never topics.
        expect(actions.filter((a) => !['sns:Publish', 'sns:GetEndpointAttributes', 'sns:SetEndpointAttributes', 'sns:DeleteEndpoint'].includes(a))).toEqual([]);
      } else expect({ actions, resource }).toEqual({ actions: [expect.stringMatching(/^s3:(PutObject|GetObject)$/)], resource: expect.stringMatching(/"BucketsTipPhotos\w+","Arn"\]\},"\/\*"\]\]\}$/) });
    }
  });
});
