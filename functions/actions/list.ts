// GET /actions — recent actions, newest first; `limit` and an opaque `cursor` page through them.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { HttpProblem } from '#shared/http/problem';
import { InvalidCursorError } from '#shared/adapters/dynamodb/action-store';
import { actionSummary } from '#shared/domain/action-view';
import { listActionsQuerySchema } from '#shared/api/actions';

export const handler = httpHandler(
  'listActions',
  (w) => w.stores.actions,
  async (req, actions) => {
    const { limit, cursor } = parse(listActionsQuerySchema, req.query, 'query');
    try {
      const page = await actions.list(limit, cursor);
      return json(200, { items: page.items.map(actionSummary), next: page.next ?? null });
    } catch (err) {
      if (err instanceof InvalidCursorError) throw HttpProblem.invalid([{ field: 'query.cursor', message: err.message }]);
      throw err;
    }
  },
);
