// Fan-out queue consumer: plans a bulletin of an action into selection tasks, and runs each task
// (select recipients in the area, queue them per channel, nearest first).
import { fanoutMessageSchema } from '#shared/domain/messages';
import { planFanout, runSelectTask, type FanoutDeps } from '#shared/domain/fanout';
import { sqsHandler } from '#shared/runtime/sqs-handler';
import { actionStore, clock, deliveryStore, geofenceRegistry, participantStore, queue, timelineStore, withFanoutOverride } from '#shared/runtime/deps';
import { logger } from '#shared/runtime/logger';

const deps = (): FanoutDeps =>
  withFanoutOverride({ actions: actionStore(), participants: participantStore(), deliveries: deliveryStore(), timeline: timelineStore(), queue: queue(), clock: clock(), geofences: geofenceRegistry() });

export const handler = sqsHandler(fanoutMessageSchema, async (message) => {
  const started = performance.now();
  const result = message.kind === 'plan' ? await planFanout(deps(), message.actionId, message.seq) : await runSelectTask(deps(), message);
  // An unknown action cannot become known by retrying: log it and let the message go.
  if (result.status === 'unknown-action') logger.warn('fan-out for unknown action dropped', { actionId: message.actionId, kind: message.kind });
  else logger.info(`fan-out ${message.kind} done`, { actionId: message.actionId, seq: message.seq, ...result, ms: Math.round(performance.now() - started) });
});
