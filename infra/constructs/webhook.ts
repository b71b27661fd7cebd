// The social media / displays webhook of a deployment: where to POST (a parameter, empty = off)
// and the signing secret (a Secrets Manager secret the operator creates; its ARN a parameter).
// The read grant exists only when an ARN is given, and covers that one secret.
import { CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import { type CfnPolicy, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { QueueName } from '#infra/topology';
import type { BurgernetFunction } from './function';

/** The queue whose consumer posts to the webhook. */
export const WEBHOOK_QUEUE: QueueName = 'webhook';

export function bindWebhook(fn: BurgernetFunction): void {
  const stack = Stack.of(fn);
  // On the stack, so operators pass them by these exact names.
  const url = new CfnParameter(stack, 'WebhookUrl', {
    type: 'String',
    default: '',
    description: 'HTTPS URL that receives every start, update and end of an action (social media, displays); empty turns the webhook off',
    allowedPattern: '^(|https://\\S+)$',
    constraintDescription: 'empty or an https:// URL',
  });
  const secretArn = new CfnParameter(stack, 'WebhookSigningKeyArn', {
    type: 'String',
    default: '',
    description: 'ARN of the Secrets Manager secret (plain string, e.g. whsec_ + base64) the webhook is signed with; required when WebhookUrl is set',
    allowedPattern: '^(|arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:\\S+)$',
    constraintDescription: 'empty or a Secrets Manager secret ARN',
  });
  fn.fn.addEnvironment('WEBHOOK_URL', url.valueAsString);
  fn.fn.addEnvironment('WEBHOOK_SECRET_ARN', secretArn.valueAsString);

  const hasSecret = new CfnCondition(stack, 'HasWebhookSigningKey', { expression: Fn.conditionNot(Fn.conditionEquals(secretArn.valueAsString, '')) });
  const read = new Policy(fn, 'WebhookSecretRead', {
    statements: [new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn.valueAsString] })],
    roles: [fn.role],
  });
  // An IAM statement cannot name an empty resource, so without an ARN there is no policy at all.
  (read.node.defaultChild as CfnPolicy).cfnOptions.condition = hasSecret;
}
