// The whole system, built from the topology: change infra/topology.ts, not this file, to add a
// function, route, queue or table.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { type Access, type BucketName, type Channel, type FunctionName, type FunctionSpec, type TableName, channels, functions, queueConsumers } from '#infra/topology';
import { Api } from '#infra/constructs/api';
import { BurgernetFunction } from '#infra/constructs/function';
import { Messaging } from '#infra/constructs/messaging';
import { Monitoring } from '#infra/constructs/monitoring';
import { entries, pascal } from '#infra/constructs/names';
import { Queues } from '#infra/constructs/queues';
import { Tables } from '#infra/constructs/tables';
import { Secrets } from '#infra/constructs/secrets';
import { Location } from '#infra/constructs/location';
import { Buckets } from '#infra/constructs/buckets';
import { Webhook } from '#infra/constructs/webhook';
import { resolveSettings, type SettingOverrides } from '#infra/function-config';

/** CDK context key of the deployment's settings over the topology's defaults (JSON), e.g. `-c burgernet:settings='{"smsMaxSegments":3}'`. */
export const SETTINGS_CONTEXT = 'burgernet:settings';

export class BurgernetStack extends Stack {
  readonly functions: Readonly<Record<FunctionName, BurgernetFunction>>;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { description: 'Burgernet: citizen alerting (pay per use, idle cost near zero)', ...props });
    const tables = new Tables(this, 'Tables');
    const queues = new Queues(this, 'Queues');
    const messaging = new Messaging(this, 'Messaging');
    const secrets = new Secrets(this, 'Secrets');
    const location = new Location(this, 'Location', { enterQueue: queues.get('geofence').queue });
    const buckets = new Buckets(this, 'Buckets', { key: tables.personalDataKey });
    const webhook = new Webhook(this, 'Webhook');
    const settings = resolveSettings(this.settingOverrides());

    const built: Partial<Record<FunctionName, BurgernetFunction>> = {};
    for (const [name, spec] of entries<FunctionName, FunctionSpec>(functions)) {
      const fn = new BurgernetFunction(this, pascal(name), { name, spec, settings });
      // Least privilege: exactly the tables, queues and providers the topology names, nothing else.
      for (const [table, access] of entries<TableName, Access>(spec.tables)) fn.bindTable(tables.table(table), table, access);
      for (const queue of spec.sendsTo) fn.bindQueue(queues.get(queue).queue, queue);
      messaging.grant(fn, spec.messaging ?? []);
      for (const secret of spec.secrets ?? []) {
        if (secret === 'webhook') webhook.bind(fn);
        else secrets.bind(fn, secret);
      }
      if (spec.geocoding) messaging.grantGeocoding(fn);
      location.grant(fn, spec.location ?? []);
      for (const [bucket, access] of entries<BucketName, 'put' | 'read'>(spec.buckets ?? {})) buckets.grant(fn, bucket, access);

      if (spec.trigger.type === 'sqs') {
        const { queue, spec: queueSpec } = queues.get(spec.trigger.queue);
        // A message must stay invisible for as long as a batch may run, or it is delivered twice.
        const { timeoutSeconds } = fn.config();
        if (queueSpec.visibilityTimeoutSeconds < timeoutSeconds) {
          throw new Error(`${name}: timeout ${timeoutSeconds}s exceeds the ${spec.trigger.queue} queue's visibility timeout`);
        }
        fn.fn.addEventSource(
          new SqsEventSource(queue, {
            batchSize: spec.trigger.batchSize,
            maxConcurrency: spec.trigger.maxConcurrency,
            reportBatchItemFailures: true,
          }),
        );
      }
      built[name] = fn;
    }
    this.functions = built as Record<FunctionName, BurgernetFunction>;

    const api = new Api(this, 'Api', { functions: this.functions });
    const inbound = messaging.receiveSmsInto(queues.get('inbound').queue);
    const monitoring = new Monitoring(this, 'Monitoring', {
      queues,
      fanout: this.functions.fanout,
      senders: Object.fromEntries(channels.map((c) => [c, this.consumerOf(c)])) as Record<Channel, BurgernetFunction>,
    });

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'InboundSmsTopicArn', { value: inbound.topicArn, description: 'Set as the two-way SMS destination of the Burgernet number (STOP)' });
    new CfnOutput(this, 'AlarmTopicArn', { value: monitoring.alarmTopic.topicArn, description: 'Subscribe on-call to this topic' });
    // What `npm run redrive -- QUEUE --dlq-arn ARN` takes once a dead-letter alarm's cause is fixed.
    for (const [name, { dlq }] of queues.all()) {
      new CfnOutput(this, `${pascal(name)}DeadLetterQueueArn`, { value: dlq.queueArn, description: `Dead-letter queue of the ${name} queue` });
    }
  }

  /** The deployment's settings from the CDK context: an object (cdk.json) or its JSON (`-c`). */
  private settingOverrides(): SettingOverrides {
    const raw: unknown = this.node.tryGetContext(SETTINGS_CONTEXT);
    if (raw === undefined || raw === '') return {};
    const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${SETTINGS_CONTEXT} must be a JSON object of settings`);
    return value as SettingOverrides;
  }

  private consumerOf(channel: Channel): BurgernetFunction {
    const consumer = queueConsumers().find((c) => c.spec.trigger.queue === channel);
    if (!consumer) throw new Error(`No function consumes the ${channel} queue`);
    return this.functions[consumer.name];
  }
}
