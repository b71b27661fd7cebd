// Two-way SMS from End User Messaging, through SNS to the `inbound` queue: "STOP" (and the like)
// unsubscribes the sending number. Other texts are acknowledged and dropped; nothing is logged
// of the number or the text.
import { z } from 'zod';
import { sqsHandler } from '#shared/runtime/sqs-handler';
import { optOutDeps, participantKeys } from '#shared/runtime/wiring';
import type { World } from '#shared/runtime/world';
import { logger } from '#shared/runtime/logger';
import { isStop, optOutNumber } from '#shared/domain/opt-out';
import { normalisePhone } from '#shared/domain/phone';

/** What End User Messaging publishes for an inbound SMS (raw SNS delivery to SQS). */
export const inboundSmsSchema = z.object({
  originationNumber: z.string().min(3).max(32),
  messageBody: z.string().max(1600),
  destinationNumber: z.string().max(64).optional(),
  inboundMessageId: z.string().max(128).optional(),
});

// The keys are read only for a stop word: other texts never need the participant secret.
const wire = (w: World) => ({ optOut: optOutDeps(w), keys: () => participantKeys(w) });

export const handler = sqsHandler('inboundSms', inboundSmsSchema, wire, async (sms, deps) => {
  if (!isStop(sms.messageBody)) {
    logger.info('inbound sms ignored: not a stop word');
    return;
  }
  const phone = normalisePhone(sms.originationNumber, []);
  if ('error' in phone) {
    logger.warn('inbound stop from a number that is not Dutch; ignored');
    return;
  }
  const result = await optOutNumber({ ...deps.optOut, keys: await deps.keys() }, phone.e164);
  logger.info('inbound stop handled', { result });
});
