// POST /actions/preview — what POST /actions with this body would do, sending and storing nothing.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { createActionSchemaFor } from '#shared/domain/action';
import { previewAction } from '#shared/domain/preview';
import { approvalRule } from '#shared/runtime/wiring';
import { logger } from '#shared/runtime/logger';

export const handler = httpHandler('previewAction', (w) => w, async (req, w) => {
  const { smsMaxSegments, senders } = w.config.settings;
  // The same body, under the same SMS budget, as POST /actions takes.
  const input = parse(createActionSchemaFor(smsMaxSegments), req.body, '');
  // A broken price table fails every preview loudly, never misprices.
  const deps = { participants: w.stores.participants, prices: w.prices, approvalRule: approvalRule(w), smsMaxSegments, senders };
  const preview = await previewAction(deps, input, w.clock.now());
  logger.info('action previewed', { type: input.type, channels: input.channels, exercise: input.exercise, recipients: preview.recipients.total, ...preview.selection });
  return json(200, preview);
});
