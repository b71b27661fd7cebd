// The social media / displays webhook of a deployment: where to POST (a parameter, empty = off)
// and the signing secret (a Secrets Manager secret the operator creates; its ARN a parameter).
// The read grant exists only when an ARN is given, and covers that one secret; so does the
// secret in the function's configuration.
import type { CfnCondition, CfnParameter } from 'aws-cdk-lib';
import { type CfnPolicy, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { QueueName } from '#infra/topology';
import type { BurgernetFunction } from './function';
import { given, parameter, PLAIN } from './parameters';

/** The queue whose consumer posts to the webhook. */
export const WEBHOOK_QUEUE: QueueName = 'webhook';

export class Webhook extends Construct {
  readonly url: CfnParameter;
  readonly secretArn: CfnParameter;
  readonly hasSecret: CfnCondition;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.url = parameter(this, 'WebhookUrl', {
      description: 'HTTPS URL that receives every start, update and end of an action (social media, displays); empty turns the webhook off',
      pattern: `https://${PLAIN}`,
      what: 'an https:// URL',
      optional: true,
    });
    this.secretArn = parameter(this, 'WebhookSigningKeyArn', {
      description: 'ARN of the Secrets Manager secret (plain string, e.g. whsec_ + base64) the webhook is signed with; required when WebhookUrl is set',
      pattern: `arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:${PLAIN}`,
      what: 'a Secrets Manager secret ARN',
      optional: true,
    });
    this.hasSecret = given(this.secretArn, 'HasWebhookSigningKey');
  }

  /** The function posts to the URL (empty: off) and may read the signing secret when one is given. */
  bind(fn: BurgernetFunction): void {
    fn.use('webhook', { url: this.url.valueAsString });
    fn.useSecret('webhook', this.secretArn.valueAsString, this.hasSecret);
    const read = new Policy(fn, 'WebhookSecretRead', {
      statements: [new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.secretArn.valueAsString] })],
      roles: [fn.role],
    });
    // An IAM statement cannot name an empty resource, so without an ARN there is no policy at all.
    (read.node.defaultChild as CfnPolicy).cfnOptions.condition = this.hasSecret;
  }
}
