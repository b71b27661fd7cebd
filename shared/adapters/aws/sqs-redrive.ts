// Redrive in AWS: SQS moves a dead-letter queue's messages back to the queue they came from
// (StartMessageMoveTask without a destination), server-side, once; we only start and watch it.
import { ListMessageMoveTasksCommand, StartMessageMoveTaskCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface RedriveTask {
  readonly handle: string;
  readonly status: string;
  readonly moved: number;
  /** SQS's estimate when the task started; absent once it finished. */
  readonly toMove?: number;
  readonly failureReason?: string;
}

/** Starts moving every message in the DLQ back to its source queue; returns the task handle. */
export async function startRedrive(sqs: SQSClient, dlqArn: string): Promise<string> {
  const out = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
  if (!out.TaskHandle) throw new Error('SQS started no message move task');
  return out.TaskHandle;
}

/** The most recent move task on the DLQ (SQS keeps the last ten), to report how far it got. */
export async function latestRedrive(sqs: SQSClient, dlqArn: string): Promise<RedriveTask | undefined> {
  const out = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 1 }));
  const task = out.Results?.[0];
  if (!task) return undefined;
  return {
    handle: task.TaskHandle ?? '',
    status: task.Status ?? 'UNKNOWN',
    moved: task.ApproximateNumberOfMessagesMoved ?? 0,
    ...(task.ApproximateNumberOfMessagesToMove !== undefined ? { toMove: task.ApproximateNumberOfMessagesToMove } : {}),
    ...(task.FailureReason ? { failureReason: task.FailureReason } : {}),
  };
}
