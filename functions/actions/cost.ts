// GET /actions/{id}/cost — what one action cost: messages per channel as the providers bill them,
// the AWS requests counted for it, and both per municipality of the recipients.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { HttpProblem } from '#shared/http/problem';
import { actionPathSchema } from '#shared/domain/action';
import { actionCost } from '#shared/domain/action-cost';

export const handler = httpHandler(
  'actionCost',
  (w) => ({ actions: w.stores.actions, usage: w.stores.usage, prices: w.prices }),
  async (req, { actions, usage, prices }) => {
    const { id } = parse(actionPathSchema, req.path, 'path');
    const action = await actions.get(id);
    if (!action) throw HttpProblem.notFound('path.id', `no action ${id}`);
    return json(200, { status: action.status, exercise: action.exercise, ...(await actionCost({ usage, prices }, id)) });
  },
);
