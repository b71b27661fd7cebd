// Each Lambda's BURGERNET_CONFIG as synthesized: it parses with the schema the cold start uses,
// it names exactly the tables and queues of the function's topology entry, its memory and timeout
// are the resource's, it fits Lambda's environment limit, and CDK context settings reach it.
import { App, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BurgernetStack, SETTINGS_CONTEXT } from '#infra/stack';
import { conditionsIn } from '#infra/constructs/intrinsics';
import { DEPLOYED_NAME_BYTES, ENVIRONMENT_LIMIT_BYTES } from '#infra/constructs/function';
import { type FunctionName, functions } from '#infra/topology';
import { resolveSettings } from '#infra/function-config';
import { functionConfigSchema } from '#shared/config/function-config';
import { configOf, rawConfig } from './burgernet-config';

const functionNames = Object.keys(functions) as FunctionName[];
const build = (context: Record<string, unknown> = {}) => new BurgernetStack(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }), 'Burgernet');

let stack: BurgernetStack;
let resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
const propsOf = (name: FunctionName) => resources[stack.resolve((stack.functions[name].fn.node.defaultChild as CfnResource).logicalId) as string]!.Properties;

/** Every way the deploy-time conditions can fall: the configuration must parse in each. */
function variants(raw: unknown): Record<string, boolean>[] {
  const names = conditionsIn(raw);
  return Array.from({ length: 2 ** names.length }, (_, m) => Object.fromEntries(names.map((n, i) => [n, Boolean(m & (1 << i))])));
}

beforeAll(() => {
  stack = build();
  resources = Template.fromStack(stack).toJSON().Resources as typeof resources;
});

describe('BURGERNET_CONFIG', () => {
  it('parses with the function configuration schema for every function, however the conditions fall', () => {
    for (const name of functionNames) {
      const props = propsOf(name);
      for (const conditions of variants(rawConfig(props))) {
        const parsed = functionConfigSchema.safeParse(configOf(props, conditions));
        expect(parsed.success ? [] : parsed.error.issues, `${name} ${JSON.stringify(conditions)}`).toEqual([]);
        expect(parsed.data).toMatchObject({ name, world: 'aws' });
      }
    }
  });

  it("names exactly the topology entry's tables and queues, and only its buckets and secrets", () => {
    for (const name of functionNames) {
      const spec = functions[name];
      const config = configOf(propsOf(name), { HasWebhookSigningKey: true });
      expect(Object.keys(config.tables).sort(), name).toEqual(Object.keys(spec.tables).sort());
      expect(Object.keys(config.queues).sort(), name).toEqual([...spec.sendsTo].sort());
      expect(Object.keys(config.buckets).sort(), name).toEqual(Object.keys('buckets' in spec ? spec.buckets : {}).sort());
      expect(Object.keys(config.secrets).sort(), name).toEqual([...('secrets' in spec ? spec.secrets : [])].sort());
    }
  });

  it("gives the resource the configuration's memory and timeout", () => {
    for (const name of functionNames) {
      const props = propsOf(name);
      const config = configOf(props, { HasWebhookSigningKey: true });
      expect({ MemorySize: props.MemorySize, Timeout: props.Timeout }, name).toEqual({ MemorySize: config.memoryMb, Timeout: config.timeoutSeconds });
    }
  });

  it("carries the deployment's settings, the same in every function but for the public URL", () => {
    const settings = resolveSettings();
    for (const name of functionNames) {
      const { publicBaseUrl: _url, ...rest } = configOf(propsOf(name), { HasWebhookSigningKey: true }).settings;
      expect(rest, name).toEqual(settings);
    }
  });

  it(`fits Lambda's ${ENVIRONMENT_LIMIT_BYTES}-byte environment with every deploy-time name at ${DEPLOYED_NAME_BYTES} characters`, () => {
    const sizes = functionNames.map((name) => [name, stack.functions[name].environmentBytes()] as const).sort((a, b) => b[1] - a[1]);
    expect(sizes[0]![1], `largest: ${sizes[0]![0]}`).toBeLessThanOrEqual(ENVIRONMENT_LIMIT_BYTES);
    // Headroom for a few more tables or settings; a check at synth guards any deployment's settings.
    expect(sizes[0]![1]).toBeLessThan(0.6 * ENVIRONMENT_LIMIT_BYTES);
  });
});

describe('settings from the CDK context', () => {
  it('apply over the defaults, given as an object (cdk.json) or as JSON (-c)', () => {
    const asObject = build({ [SETTINGS_CONTEXT]: { smsMaxSegments: 2, tips: { perWindow: 3 } } });
    const asJson = build({ [SETTINGS_CONTEXT]: JSON.stringify({ smsMaxSegments: 2, tips: { perWindow: 3 } }) });
    for (const s of [asObject, asJson]) {
      for (const name of ['signUp', 'createTip'] as const) {
        expect(s.functions[name].config().settings).toMatchObject({ smsMaxSegments: 2, tips: { perWindow: 3, windowSeconds: resolveSettings().tips.windowSeconds } });
      }
    }
  });

  it('fail the synth when they are invalid or would not fit the environment', () => {
    expect(() => build({ [SETTINGS_CONTEXT]: { smsMaxSegments: 11 } })).toThrow(/smsMaxSegments/);
    expect(() => build({ [SETTINGS_CONTEXT]: '[1]' })).toThrow(`${SETTINGS_CONTEXT} must be a JSON object of settings`);
    const huge = build({ [SETTINGS_CONTEXT]: { priceTable: { json: JSON.stringify({ filler: 'x'.repeat(3000) }) } } });
    expect(huge.functions.signUp.node.validate().join('\n')).toMatch(/signUp: its environment may reach \d+ bytes deployed .* over Lambda's 4096/);
  });
});
