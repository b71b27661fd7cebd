// GET /actions/{id}/cost — what one action cost: messages per channel as the providers bill them,
// the AWS requests counted for it, and both per municipality of the recipients.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { HttpProblem } from '#shared/http/problem';
import { actionPathSchema } from '#shared/domain/action';
import { actionCost } from '#shared/domain/action-cost';
import { actionStore, prices, usageStore } from '#shared/runtime/deps';

export const handler = httpHandler('actionCost', async (req) => {
  const { id } = parse(actionPathSchema, req.path, 'path');
  const action = await actionStore().get(id);
  if (!action) throw HttpProblem.notFound('path.id', `no action ${id}`);
  return json(200, { status: action.status, exercise: action.exercise, ...(await actionCost({ usage: usageStore(), prices: prices() }, id)) });
});
