// Shared body of the per-channel sender Lambdas: deliver one chunk, exactly once and in order
// per recipient. The action is read per chunk: its status decides what may still go out. What
// the attempt sent is written to the usage figures (per municipality of the recipients).
import type { Channel } from '#infra/topology';
import { chunkMessageSchema } from '#shared/domain/messages';
import { ChunkIncompleteError, deliverChunk } from '#shared/domain/deliver';
import { sqsHandler } from '#shared/runtime/sqs-handler';
import { recordAttemptUsage, watchDelivery } from '#shared/domain/delivery-usage';
import { actionStore, channelSender, claimTtlMs, clock, deliveryFeedback, deliveryStore, pacer, participantStore, prices, usageStore } from '#shared/runtime/deps';
import { logger } from '#shared/runtime/logger';

export function senderHandler(channel: Channel) {
  return sqsHandler(chunkMessageSchema, async (chunk, record) => {
    if (chunk.channel !== channel) throw new Error(`a ${chunk.channel} chunk reached the ${channel} sender`);
    const action = await actionStore().get(chunk.actionId);
    if (!action?.bulletins[chunk.seq]) {
      logger.warn('chunk for unknown action dropped', { actionId: chunk.actionId, seq: chunk.seq, chunkId: chunk.chunkId });
      return;
    }
    const watch = watchDelivery(deliveryStore(), participantStore());
    const attempt = `${record.messageId}-${record.attributes?.ApproximateReceiveCount ?? '1'}`;
    const result = await deliverChunk(
      {
        participants: watch.participants,
        deliveries: watch.deliveries,
        sender: channelSender(channel),
        pacer: pacer(channel),
        clock: clock(),
        claimTtlMs: claimTtlMs(),
        feedback: deliveryFeedback(),
      },
      chunk,
      action,
    ).finally(() =>
      recordAttemptUsage(usageStore(), prices(), action, chunk, attempt, watch).catch((err: unknown) =>
        logger.warn('usage figures not written', { actionId: chunk.actionId, chunkId: chunk.chunkId, error: err instanceof Error ? err.name : String(err) }),
      ),
    );
    logger.info('chunk delivered', { actionId: chunk.actionId, seq: chunk.seq, channel, chunkId: chunk.chunkId, ...result });
    if (result.pending > 0) throw new ChunkIncompleteError(result.pending);
  });
}
