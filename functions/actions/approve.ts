// POST /actions/{id}/approve — a second operator releases an action held by the four-eyes rule,
// or an update held because its area needed four eyes.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { actionPathSchema } from '#shared/domain/action';
import { approveAction } from '#shared/domain/lifecycle';
import { bulletinView } from '#shared/domain/action-view';
import { lifecycleDeps } from '#shared/runtime/wiring';
import { logger } from '#shared/runtime/logger';

export const handler = httpHandler('approveAction', lifecycleDeps, async (req, deps) => {
  const { id } = parse(actionPathSchema, req.path, 'path');
  const { action, approval, bulletin } = await approveAction(deps, id, req.caller!.sub);
  logger.info('action approved', { actionId: action.id, ...(bulletin ? { seq: bulletin.seq } : {}) });
  return json(200, { id: action.id, status: action.status, approval, ...(bulletin ? { bulletin: bulletinView(bulletin) } : {}) });
});
