// The stack follows topology changes it does not contain yet: a public route, a bad timeout.
// This file's module graph is its own (vitest isolates files), so changing the topology here leaks nowhere.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { BurgernetStack } from '#infra/stack';
import { type FunctionSpec, functions, httpRoutes } from '#infra/topology';

const topology = functions as unknown as Record<string, FunctionSpec>;
const build = () => new BurgernetStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Burgernet');

describe('a public route', () => {
  it('gets no authorizer, and its cdk-nag finding is acknowledged for that route alone', () => {
    topology.publicFeed = {
      entry: 'actions/list',
      description: 'Public feed (test)',
      trigger: { type: 'http', method: 'GET', path: '/feed', roles: 'public' },
      tables: { actions: 'read' },
      sendsTo: [],
    };
    try {
      const stack = build();
      const routes = Object.values(Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
      expect(routes.find((r) => r.RouteKey === 'GET /feed')).toMatchObject({ AuthorizationType: 'NONE' });
      // Every other route keeps the authorizer, unless the topology itself declares it public.
      const publicKeys = new Set(httpRoutes().filter((r) => r.spec.trigger.roles === 'public').map((r) => `${r.spec.trigger.method} ${r.spec.trigger.path}`));
      expect(routes.filter((r) => !publicKeys.has(r.RouteKey)).every((r) => r.AuthorizationType === 'JWT')).toBe(true);
      expect(new AwsSolutionsChecks(stack.node.scope).validateScope(stack).violations).toEqual([]);
    } finally {
      delete topology.publicFeed;
    }
  });
});

describe('a function that writes personal data', () => {
  it('may use the personal data key to encrypt, and nothing is left unacknowledged', () => {
    // verifyParticipant writes the participants table (a real route since self-service sign-up).
    const stack = build();
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const verify = Object.entries(policies).find(([id]) => id.startsWith('VerifyParticipant'));
    expect(JSON.stringify(verify?.[1])).toContain('kms:GenerateDataKey*');
    expect(new AwsSolutionsChecks(stack.node.scope).validateScope(stack).violations).toEqual([]);
  });
});

describe('a queue consumer', () => {
  it('may not run longer than its queue hides a message', () => {
    const fanout = topology.fanout as { timeoutSeconds?: number };
    const before = fanout.timeoutSeconds;
    fanout.timeoutSeconds = 600;
    try {
      expect(build).toThrow(/fanout: timeout 600s exceeds the fanout queue's visibility timeout/);
    } finally {
      fanout.timeoutSeconds = before;
    }
  });
});
