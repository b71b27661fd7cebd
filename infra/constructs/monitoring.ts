// Alarms for what loses or delays alerts, and one dashboard row per channel.
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { type Channel, channels } from '#infra/topology';
import type { BurgernetFunction } from './function';
import { pascal } from './names';
import type { ChannelQueue, Queues } from './queues';

const MINUTE = Duration.minutes(1);
/** An alert that waits this long in the fan-out queue no longer arrives "within seconds". */
export const FANOUT_MAX_AGE_SECONDS = 60;

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
      alarm(
        `${pascal(channel)}SenderErrors`,
        `The ${channel} sender failed whole batches; messages are retried and end in the DLQ if this persists.`,
        senders[channel].fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        0,
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
