// Webhook sender: POSTs each dispatched bulletin's public view, signed, to the deployment's
// receiver (social media, public displays). Transient failures fail the record so SQS retries it
// (and finally dead-letters it, which alarms); a refusal (4xx) is logged and not retried.
import { sqsHandler } from '#shared/runtime/sqs-handler';
import { actionStore, clock, deploymentSecret } from '#shared/runtime/deps';
import { logger } from '#shared/runtime/logger';
import { errorSummary } from '#shared/runtime/error-summary';
import { publicFeedConfigFrom } from '#shared/domain/public-feed';
import { deliverWebhook, fetchTransport, webhookId, webhookMessageSchema, type WebhookTarget } from '#shared/domain/webhook';

/** The receiver and its signing secret (Secrets Manager in AWS, WEBHOOK_SECRET locally). */
async function target(): Promise<WebhookTarget | undefined> {
  const url = process.env.WEBHOOK_URL?.trim();
  if (!url) return undefined;
  const secret = await deploymentSecret('WEBHOOK_SECRET_ARN', 'WEBHOOK_SECRET');
  // Never send unsigned: failing keeps the messages (retries, then the DLQ and its alarm).
  if (!secret) throw new Error('WEBHOOK_URL is set but there is no secret (WEBHOOK_SECRET_ARN in AWS, WEBHOOK_SECRET locally)');
  return { url, secret };
}

let loggedOff = false;

export const handler = sqsHandler(webhookMessageSchema, async (message) => {
  const id = webhookId(message);
  const feed = publicFeedConfigFrom(process.env);
  try {
    const outcome = await deliverWebhook({ actions: actionStore(), clock: clock(), transport: fetchTransport, target, feed }, message);
    if (outcome.status === 'off') {
      if (!loggedOff) logger.info('webhooks are off: WEBHOOK_URL is not set');
      loggedOff = true;
    } else if (outcome.status === 'skipped') logger.warn('webhook skipped', { webhookId: id, reason: outcome.reason });
    else if (outcome.status === 'refused') logger.error('webhook refused by the receiver; not retried', { webhookId: id, httpStatus: outcome.httpStatus });
    else logger.info('webhook delivered', { webhookId: id, httpStatus: outcome.httpStatus });
  } catch (err) {
    logger.warn('webhook delivery failed; the queue retries it', { webhookId: id, error: errorSummary(err) });
    throw err;
  }
});
