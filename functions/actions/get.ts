// GET /actions/{id} — status, bulletins and per-channel counts of one action.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { HttpProblem } from '#shared/http/problem';
import { actionPathSchema } from '#shared/domain/action';
import { actionView } from '#shared/domain/action-view';

export const handler = httpHandler(
  'getAction',
  (w) => ({ actions: w.stores.actions, deliveries: w.stores.deliveries }),
  async (req, { actions, deliveries }) => {
    const { id } = parse(actionPathSchema, req.path, 'path');
    const action = await actions.get(id);
    if (!action) throw HttpProblem.notFound('path.id', `no action ${id}`);
    const counts = await Promise.all(action.bulletins.map(async (b) => [b.seq, await deliveries.counts(id, b.seq)] as const));
    return json(200, actionView(action, new Map(counts)));
  },
);
