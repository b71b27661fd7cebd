// Alarms for what loses or delays alerts, and one dashboard row per channel.
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { type Channel, channels } from '#infra/topology';
import type { BurgernetFunction } from './function';
import { pascal } from './names';
import type { ChannelQueue, Queues } from './queues';

const MINUTE = Duration.minutes(1);
/** An alert that waits this long in the fan-out queue no longer arrives "within seconds". */
export const FANOUT_MAX_AGE_SECONDS = 60;
/**
 * A channel queue's oldest message: chunks of a large bulletin wait for their share of the
 * provider's quota, and a pending chunk reappears after the visibility timeout (minutes), so only
 * this long a wait means sending has stalled.
 */
export const CHANNEL_MAX_AGE_SECONDS = 15 * 60;
/** Where the senders' metrics are (shared/runtime/metrics.ts: Powertools' default namespace, the service name function.ts sets). */
const SENDER_METRICS = { namespace: 'Burgernet', service: 'burgernet' } as const;

export interface MonitoringProps {
  readonly queues: Queues;
  readonly fanout: BurgernetFunction;
  /** The consumer of each channel queue. */
  readonly senders: Readonly<Record<Channel, BurgernetFunction>>;
}

export class Monitoring extends Construct {
  /** Subscribe the on-call address or chat hook to this; alarms carry no personal data. */
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, { queues, fanout, senders }: MonitoringProps) {
    super(scope, id);
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'Burgernet alarms', enforceSSL: true });
    // The TLS statement replaces SNS's default policy, so CloudWatch must be let in explicitly:
    // only for this account's alarms, so no other account's alarm can post to on-call.
    const stack = Stack.of(this);
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
        },
      }),
    );
    const action = new SnsAction(this.alarmTopic);
    const alarm = (alarmId: string, description: string, metric: IMetric, threshold: number, periods = 1) => {
      const a = new Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        // No data means an idle queue or function, which is healthy.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(action);
      a.addOkAction(action);
      this.alarms.push(a);
      return a;
    };

    for (const [name, { dlq }] of queues.all()) {
      alarm(
        `${pascal(name)}DlqNotEmpty`,
        `Messages in the ${name} dead-letter queue: some recipients were not reached. Inspect, fix and redrive.`,
        dlq.metricApproximateNumberOfMessagesVisible({ period: MINUTE, statistic: 'Maximum' }),
        0,
      );
    }
    for (const channel of channels) {
      // Failed records are reported, not thrown (shared/runtime/sqs-handler.ts): an error here is
      // a crash, a timeout or a broken deployment, never a busy recipient or a throttle.
      alarm(
        `${pascal(channel)}SenderErrors`,
        `The ${channel} sender crashed or timed out; its messages are retried and end in the DLQ if this persists.`,
        senders[channel].fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        0,
      );
      // Transient provider failures (outages, an account set-up problem), retried by the queue:
      // one blip is normal, ten minutes of them are not. Permanent per-recipient failures are not counted here.
      alarm(
        `${pascal(channel)}ProviderErrors`,
        `The ${channel} provider failed sends for ten minutes (outage or account set-up); messages are retried and end in the DLQ if this persists.`,
        new Metric({
          namespace: SENDER_METRICS.namespace,
          metricName: 'ProviderErrors',
          dimensionsMap: { service: SENDER_METRICS.service, channel },
          period: Duration.minutes(5),
          statistic: 'Sum',
        }),
        0,
        2,
      );
      alarm(
        `${pascal(channel)}QueueAge`,
        `A ${channel} message waited over ${CHANNEL_MAX_AGE_SECONDS / 60} minutes for two minutes: ${channel} sending has stalled.`,
        queues.get(channel).queue.metricApproximateAgeOfOldestMessage({ period: MINUTE, statistic: 'Maximum' }),
        CHANNEL_MAX_AGE_SECONDS,
        2,
      );
    }
    const fanoutQueue = queues.get('fanout').queue;
    alarm(
      'FanoutQueueAge',
      `Fan-out work waited over ${FANOUT_MAX_AGE_SECONDS}s for two minutes: alerts are late.`,
      fanoutQueue.metricApproximateAgeOfOldestMessage({ period: MINUTE, statistic: 'Maximum' }),
      FANOUT_MAX_AGE_SECONDS,
      2,
    );

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });
    this.dashboard.addWidgets(...row('fan-out', queues.get('fanout'), fanout));
    for (const channel of channels) this.dashboard.addWidgets(...row(channel, queues.get(channel), senders[channel]));
  }
}

function row(title: string, { queue, dlq }: ChannelQueue, fn: BurgernetFunction) {
  const fnMetric = (metricName: string, statistic: string) => fn.fn.metric(metricName, { period: MINUTE, statistic });
  return [
    new TextWidget({ markdown: `### ${title}`, width: 2, height: 6 }),
    new GraphWidget({
      title: `${title}: queue`,
      width: 6,
      left: [
        queue.metricNumberOfMessagesSent({ period: MINUTE, statistic: 'Sum', label: 'sent' }),
        queue.metricApproximateNumberOfMessagesVisible({ period: MINUTE, statistic: 'Maximum', label: 'waiting' }),
      ],
      right: [queue.metricApproximateAgeOfOldestMessage({ period: MINUTE, statistic: 'Maximum', label: 'oldest (s)' })],
    }),
    new GraphWidget({
      title: `${title}: function`,
      width: 6,
      left: [fnMetric('Invocations', 'Sum'), fnMetric('Errors', 'Sum'), fnMetric('Throttles', 'Sum')],
      right: [fnMetric('ConcurrentExecutions', 'Maximum')],
    }),
    new GraphWidget({
      title: `${title}: duration`,
      width: 6,
      left: [fnMetric('Duration', 'p50'), fnMetric('Duration', 'p99')],
    }),
    new SingleValueWidget({
      title: `${title}: dead letters`,
      width: 4,
      metrics: [dlq.metricApproximateNumberOfMessagesVisible({ period: MINUTE, statistic: 'Maximum' })],
    }),
  ];
}
