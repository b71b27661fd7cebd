// POST /actions/{id}/cancel — withdrawn without outcome (sent in error), with a short correction.
import { cancelActionSchema } from '#shared/domain/action';
import { cancelAction } from '#shared/domain/lifecycle';
import { followUpHandler } from './follow-up';

export const handler = followUpHandler('cancelAction', cancelActionSchema, cancelAction);
