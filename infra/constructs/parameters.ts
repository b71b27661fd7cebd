// Deploy-time parameters: on the stack, so their names are exactly what an operator types, each
// with the pattern CloudFormation checks before anything is deployed. An optional one defaults to
// empty, and a condition tells whether it was given.
import { CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** Text without white space, quote or backslash: values go into the functions' JSON configuration as they are. */
export const PLAIN = '[^\\s"\\\\]+';

export interface ParameterSpec {
  readonly description: string;
  /** What the value must match (anchored here). */
  readonly pattern: string;
  /** What a valid value is, for the error CloudFormation shows ("an https:// URL"). */
  readonly what: string;
  /** Empty is allowed, and the default. */
  readonly optional?: boolean;
}

export function parameter(scope: Construct, id: string, { description, pattern, what, optional = false }: ParameterSpec): CfnParameter {
  return new CfnParameter(Stack.of(scope), id, {
    type: 'String',
    ...(optional ? { default: '' } : {}),
    description,
    allowedPattern: optional ? `^(|${pattern})$` : `^${pattern}$`,
    constraintDescription: optional ? `empty or ${what}` : what,
  });
}

/** The stack's condition `id`: the optional parameter was given (is not empty). Made once, however often asked for. */
export function given(param: CfnParameter, id: string): CfnCondition {
  const stack = Stack.of(param);
  return (stack.node.tryFindChild(id) as CfnCondition | undefined) ?? new CfnCondition(stack, id, { expression: Fn.conditionNot(Fn.conditionEquals(param.valueAsString, '')) });
}
