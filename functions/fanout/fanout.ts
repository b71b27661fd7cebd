// Fan-out queue consumer: plans a bulletin of an action into selection tasks, and runs each task
// (select recipients in the area, queue them per channel, nearest first).
import { fanoutMessageSchema } from '#shared/domain/messages';
import { planFanout, runSelectTask } from '#shared/domain/fanout';
import { sqsHandler } from '#shared/runtime/sqs-handler';
import { fanoutDeps } from '#shared/runtime/wiring';
import { logger } from '#shared/runtime/logger';

export const handler = sqsHandler('fanout', fanoutMessageSchema, fanoutDeps, async (message, deps) => {
  const started = performance.now();
  const result = message.kind === 'plan' ? await planFanout(deps, message.actionId, message.seq) : await runSelectTask(deps, message);
  // An unknown action cannot become known by retrying: log it and let the message go.
  if (result.status === 'unknown-action') logger.warn('fan-out for unknown action dropped', { actionId: message.actionId, kind: message.kind });
  else logger.info(`fan-out ${message.kind} done`, { actionId: message.actionId, seq: message.seq, ...result, ms: Math.round(performance.now() - started) });
});
