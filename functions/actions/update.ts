// POST /actions/{id}/updates — a new text, optionally a moved or wider area: to everyone alerted,
// and the alert first to everyone newly inside.
import { updateActionSchema } from '#shared/domain/action';
import { updateAction } from '#shared/domain/lifecycle';
import { followUpHandler } from './follow-up';

export const handler = followUpHandler('updateAction', updateActionSchema, updateAction);
