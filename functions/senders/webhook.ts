// Webhook sender: POSTs each dispatched bulletin's public view, signed, to the deployment's
// receiver (social media, public displays). Transient failures fail the record so SQS retries it
// (and finally dead-letters it, which alarms); a refusal (4xx) is logged and not retried.
import { sqsHandler } from '#shared/runtime/sqs-handler';
import type { World } from '#shared/runtime/world';
import { publicFeedConfig } from '#shared/runtime/wiring';
import { logger } from '#shared/runtime/logger';
import { errorSummary } from '#shared/runtime/error-summary';
import { deliverWebhook, fetchTransport, webhookId, webhookMessageSchema, type WebhookDeps, type WebhookTarget } from '#shared/domain/webhook';

/** The receiver (config.webhook.url) and its signing secret (Secrets Manager in AWS, the configured value locally). */
const target = (w: World) => async (): Promise<WebhookTarget | undefined> => {
  const url = w.config.webhook.url?.trim();
  if (!url) return undefined;
  const secret = await w.secret('webhook');
  // Never send unsigned: failing keeps the messages (retries, then the DLQ and its alarm).
  if (!secret) throw new Error('a webhook URL is configured but there is no webhook secret (secrets.webhook)');
  return { url, secret };
};

const webhookDeps = (w: World): WebhookDeps => ({ actions: w.stores.actions, clock: w.clock, transport: fetchTransport, target: target(w), feed: publicFeedConfig(w) });

let loggedOff = false;

export const handler = sqsHandler('sendWebhook', webhookMessageSchema, webhookDeps, async (message, deps) => {
  const id = webhookId(message);
  try {
    const outcome = await deliverWebhook(deps, message);
    if (outcome.status === 'off') {
      if (!loggedOff) logger.info('webhooks are off: no webhook URL is configured');
      loggedOff = true;
    } else if (outcome.status === 'skipped') logger.warn('webhook skipped', { webhookId: id, reason: outcome.reason });
    else if (outcome.status === 'refused') logger.error('webhook refused by the receiver; not retried', { webhookId: id, httpStatus: outcome.httpStatus });
    else logger.info('webhook delivered', { webhookId: id, httpStatus: outcome.httpStatus });
  } catch (err) {
    logger.warn('webhook delivery failed; the queue retries it', { webhookId: id, error: errorSummary(err) });
    throw err;
  }
});
