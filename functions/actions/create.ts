// POST /actions — an operator starts an action; its fan-out starts at once.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { createActionSchema } from '#shared/domain/action';
import { createAction } from '#shared/domain/create-action';
import { actionStore, clock, dynamoClient, queue } from '#shared/runtime/deps';
import { tableName } from '#shared/adapters/dynamodb/client';
import { logger } from '#shared/runtime/logger';

export const handler = httpHandler(
  'createAction',
  async (req) => {
    const input = parse(createActionSchema, req.body, '');
    const action = await createAction({ actions: actionStore(), queue: queue(), clock: clock() }, input, req.caller!.sub, req.idempotencyKey);
    logger.info('action created', { actionId: action.id, type: action.type, channels: action.channels, exercise: action.exercise });
    return json(201, { id: action.id, status: action.status, createdAt: action.createdAt }, { location: `/actions/${action.id}` });
  },
  { idempotency: { client: () => dynamoClient(), table: () => tableName('idempotency') } },
);
