// GET /actions — recent actions, newest first; `limit` and an opaque `cursor` page through them.
import { z } from 'zod';
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { HttpProblem } from '#shared/http/problem';
import { actionStore } from '#shared/runtime/deps';
import { InvalidCursorError } from '#shared/adapters/dynamodb/action-store';
import { actionSummary } from '#shared/domain/action-view';

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

export const handler = httpHandler('listActions', async (req) => {
  const { limit, cursor } = parse(querySchema, req.query, 'query');
  try {
    const page = await actionStore().list(limit, cursor);
    return json(200, { items: page.items.map(actionSummary), next: page.next ?? null });
  } catch (err) {
    if (err instanceof InvalidCursorError) throw HttpProblem.invalid([{ field: 'query.cursor', message: err.message }]);
    throw err;
  }
});
