// GET /actions/{id}/tips — the tips of an action for operators, newest first, photos as links
// that work for five minutes. Tipsters' positions are shown here and nowhere else.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { HttpProblem } from '#shared/http/problem';
import { InvalidCursorError } from '#shared/adapters/dynamodb/action-store';
import { actionPathSchema } from '#shared/domain/action';
import { listTips, listTipsQuerySchema } from '#shared/domain/tips';

export const handler = httpHandler(
  'listTips',
  (w) => ({ actions: w.stores.actions, tips: w.stores.tips, photos: w.photos, clock: w.clock }),
  async (req, deps) => {
    const { id } = parse(actionPathSchema, req.path, 'path');
    const { limit, cursor } = parse(listTipsQuerySchema, req.query, 'query');
    try {
      const page = await listTips(deps, id, limit, cursor);
      return json(200, { items: page.items, next: page.next ?? null }, { 'cache-control': 'no-store' });
    } catch (err) {
      if (err instanceof InvalidCursorError) throw HttpProblem.invalid([{ field: 'query.cursor', message: err.message }]);
      throw err;
    }
  },
);
