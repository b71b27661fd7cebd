// GET /actions/{id}/timeline — the audit trail: every operator act and fan-out step, oldest first.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { HttpProblem } from '#shared/http/problem';
import { actionPathSchema } from '#shared/domain/action';

export const handler = httpHandler(
  'actionTimeline',
  (w) => ({ actions: w.stores.actions, timeline: w.stores.timeline }),
  async (req, { actions, timeline }) => {
    const { id } = parse(actionPathSchema, req.path, 'path');
    const [action, entries] = await Promise.all([actions.get(id), timeline.list(id)]);
    if (!action) throw HttpProblem.notFound('path.id', `no action ${id}`);
    return json(200, { id, entries: entries.map(({ actionId: _a, ...e }) => e) });
  },
);
