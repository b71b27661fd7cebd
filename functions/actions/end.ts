// POST /actions/{id}/end — the outcome and a closing text, to everyone who got the alert.
import { endActionSchema } from '#shared/domain/action';
import { endAction } from '#shared/domain/lifecycle';
import { followUpHandler } from './follow-up';

export const handler = followUpHandler('endAction', endActionSchema, endAction);
