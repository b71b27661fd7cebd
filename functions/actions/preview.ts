// POST /actions/preview — what POST /actions with this body would do, sending and storing nothing.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { HttpProblem } from '#shared/http/problem';
import { createActionSchema } from '#shared/domain/action';
import { previewAction, smsAsSent } from '#shared/domain/preview';
import { priceTableFrom } from '#shared/domain/prices';
import { smsBudgetIssue, smsMaxSegmentsFrom } from '#shared/domain/sms-encoding';
import { approvalRule, clock, participantStore } from '#shared/runtime/deps';
import { logger } from '#shared/runtime/logger';

// Read once per instance: a broken PRICE_TABLE_JSON fails every preview loudly, never misprices.
let config: { prices: ReturnType<typeof priceTableFrom>; smsMaxSegments: number } | undefined;
const deployment = () => (config ??= { prices: priceTableFrom(process.env), smsMaxSegments: smsMaxSegmentsFrom(process.env) });

export const handler = httpHandler('previewAction', async (req) => {
  const input = parse(createActionSchema, req.body, '');
  const { prices, smsMaxSegments } = deployment();
  // The same budget POST /actions enforces, should this deployment's differ from the schema's.
  const sms = smsAsSent(input);
  const issue = sms === undefined ? undefined : smsBudgetIssue(sms, smsMaxSegments);
  if (issue) throw HttpProblem.invalid([{ field: 'messages.sms', message: issue }]);
  const preview = await previewAction({ participants: participantStore(), prices, approvalRule: approvalRule(), smsMaxSegments }, input, clock().now());
  logger.info('action previewed', { type: input.type, channels: input.channels, exercise: input.exercise, recipients: preview.recipients.total, ...preview.selection });
  return json(200, preview);
});
