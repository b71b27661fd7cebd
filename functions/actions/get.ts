// GET /actions/{id} — status and per-channel counts of one action.
import { z } from 'zod';
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { HttpProblem } from '#shared/http/problem';
import { actionStore, deliveryStore } from '#shared/runtime/deps';
import { actionView } from '#shared/domain/action-view';

const pathSchema = z.object({ id: z.string().regex(/^act_[0-9a-f-]{36}$/, 'not an action id') });

export const handler = httpHandler('getAction', async (req) => {
  const { id } = parse(pathSchema, req.path, 'path');
  const action = await actionStore().get(id);
  if (!action) throw new HttpProblem(404, 'Not found', `path.id: no action ${id}`, [{ field: 'path.id', message: 'no such action' }]);
  return json(200, actionView(action, await deliveryStore().counts(id)));
});
