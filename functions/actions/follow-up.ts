// Shared body of the follow-up handlers (update, end, cancel): parse → the operator act → the
// new bulletin. Replays with the same Idempotency-Key get the first answer back.
import type { z } from 'zod';
import type { FunctionName } from '#infra/topology';
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { actionPathSchema, type Action, type Bulletin } from '#shared/domain/action';
import type { LifecycleDeps } from '#shared/domain/lifecycle';
import { bulletinView } from '#shared/domain/action-view';
import { lifecycleDeps } from '#shared/runtime/wiring';
import { logger } from '#shared/runtime/logger';

type Act<I> = (deps: LifecycleDeps, id: string, input: I, operator: string, requestKey?: string) => Promise<{ action: Action; bulletin: Bulletin }>;

export function followUpHandler<S extends z.ZodType>(name: FunctionName, schema: S, act: Act<z.output<S>>) {
  return httpHandler(
    name,
    lifecycleDeps,
    async (req, deps) => {
      const { id } = parse(actionPathSchema, req.path, 'path');
      const input = parse(schema, req.body, '');
      const { action, bulletin } = await act(deps, id, input, req.caller!.sub, req.idempotencyKey);
      logger.info(`action ${bulletin.kind}`, { actionId: action.id, seq: bulletin.seq, channels: bulletin.channels, status: action.status });
      // An update held for four eyes says so, as a held create does: nothing of it is sent yet.
      const held = bulletin.approval && !bulletin.approval.by ? { approval: { reasons: bulletin.approval.reasons } } : {};
      return json(201, { id: action.id, status: action.status, ...held, bulletin: bulletinView(bulletin) }, { location: `/actions/${action.id}` });
    },
    { idempotent: true },
  );
}
