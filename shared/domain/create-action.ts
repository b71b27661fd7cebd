// Starting an action: store it, then queue its fan-out. A retry (same id) re-queues the fan-out
// if the first attempt stored the action but died before queueing; senders dedupe the rest.
import { createHash, randomUUID } from 'node:crypto';
import type { ActionStore } from '#shared/ports/action-store';
import type { Queue } from '#shared/ports/queue';
import type { Clock } from '#shared/ports/clock';
import type { Action, CreateActionInput } from './action';
import type { FanoutMessage } from './messages';

export interface CreateActionDeps {
  readonly actions: ActionStore;
  readonly queue: Queue;
  readonly clock: Clock;
}

/** With a request key the id is derived from it, so a retry after a crash finds the same action. */
export function actionId(requestKey?: string): string {
  if (!requestKey) return `act_${randomUUID()}`;
  const h = createHash('sha256').update(requestKey).digest('hex');
  return `act_${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export async function createAction(deps: CreateActionDeps, input: CreateActionInput, operator: string, requestKey?: string): Promise<Action> {
  const candidate: Action = {
    id: actionId(requestKey),
    ...input,
    status: 'active',
    createdAt: deps.clock.now().toISOString(),
    createdBy: operator,
  };
  const action = (await deps.actions.create(candidate)) ? candidate : ((await deps.actions.get(candidate.id)) ?? candidate);
  if (!action.dispatchedAt) await dispatch(deps, action.id);
  return action;
}

export async function dispatch(deps: CreateActionDeps, actionId: string): Promise<void> {
  const message: FanoutMessage = { kind: 'plan', actionId, seq: 0 };
  await deps.queue.send('fanout', [message]);
  await deps.actions.markDispatched(actionId, deps.clock.now().toISOString());
}
