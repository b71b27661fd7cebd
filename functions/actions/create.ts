// POST /actions — an operator starts an action; it fans out at once, or after a second operator
// approves it when the four-eyes rule applies.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { createActionSchemaFor } from '#shared/domain/action';
import { createAction } from '#shared/domain/lifecycle';
import { lifecycleDeps } from '#shared/runtime/wiring';
import { logger } from '#shared/runtime/logger';

export const handler = httpHandler(
  'createAction',
  lifecycleDeps,
  async (req, deps) => {
    const input = parse(createActionSchemaFor(deps.smsMaxSegments), req.body, '');
    const action = await createAction(deps, input, req.caller!.sub, req.idempotencyKey);
    logger.info('action created', { actionId: action.id, type: action.type, channels: action.channels, exercise: action.exercise, status: action.status });
    return json(
      201,
      { id: action.id, status: action.status, createdAt: action.createdAt, ...(action.approval ? { approval: { reasons: action.approval.reasons } } : {}) },
      { location: `/actions/${action.id}` },
    );
  },
  { idempotent: true },
);
