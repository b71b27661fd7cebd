// Reads a function's BURGERNET_CONFIG back out of a synthesized template. CDK writes the JSON as an
// Fn::Join of literal pieces and intrinsics; here each name the deployment fills in reads `Ref(Id)`
// or `GetAtt(Id.Attr)`, and an Fn::If takes the branch its condition is given (unnamed ones read
// `If(Condition,then,else)`), so a test can parse it and compare names with logical ids.
import { CONFIG_VARIABLE } from '#shared/config/environment';
import type { FunctionConfig } from '#shared/config/function-config';
import { render } from '#infra/constructs/intrinsics';

export const ref = (id: string): string => `Ref(${id})`;

/** The raw (template) BURGERNET_CONFIG of a Lambda resource's properties. */
export const rawConfig = (properties: Record<string, unknown>): unknown =>
  (properties.Environment as { Variables: Record<string, unknown> }).Variables[CONFIG_VARIABLE];

/** The configuration as the function would parse it, with stand-ins for deploy-time names. */
export function configOf(properties: Record<string, unknown>, conditions: Readonly<Record<string, boolean>> = {}): FunctionConfig {
  const text = render(rawConfig(properties), {
    conditions,
    token: (r) => ('Ref' in r ? ref(r.Ref) : `GetAtt(${r['Fn::GetAtt'].join('.')})`),
  });
  return JSON.parse(text) as FunctionConfig;
}
