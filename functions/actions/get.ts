// GET /actions/{id} — status, bulletins and per-channel counts of one action.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { HttpProblem } from '#shared/http/problem';
import { actionStore, deliveryStore } from '#shared/runtime/deps';
import { actionPathSchema } from '#shared/domain/action';
import { actionView } from '#shared/domain/action-view';

export const handler = httpHandler('getAction', async (req) => {
  const { id } = parse(actionPathSchema, req.path, 'path');
  const action = await actionStore().get(id);
  if (!action) throw HttpProblem.notFound('path.id', `no action ${id}`);
  const counts = await Promise.all(action.bulletins.map(async (b) => [b.seq, await deliveryStore().counts(id, b.seq)] as const));
  return json(200, actionView(action, new Map(counts)));
});
