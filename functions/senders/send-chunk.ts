// Shared body of the per-channel sender Lambdas: deliver one chunk, exactly once and in order
// per recipient. The action is read per chunk: its status decides what may still go out. What
// the attempt sent is written to the usage figures (per municipality of the recipients).
import { senderOf } from '#infra/topology';
import type { Channel } from '#shared/domain/vocabulary';
import { chunkMessageSchema } from '#shared/domain/messages';
import { ChunkIncompleteError, deliverChunk } from '#shared/domain/deliver';
import { sqsHandler } from '#shared/runtime/sqs-handler';
import { recordAttemptUsage, watchDelivery } from '#shared/domain/delivery-usage';
import { deliverDeps } from '#shared/runtime/wiring';
import { logger } from '#shared/runtime/logger';

export function senderHandler(channel: Channel) {
  return sqsHandler(senderOf[channel], chunkMessageSchema, (world) => world, async (chunk, world, record) => {
    const { actions, deliveries, participants, usage } = world.stores;
    if (chunk.channel !== channel) throw new Error(`a ${chunk.channel} chunk reached the ${channel} sender`);
    const action = await actions.get(chunk.actionId);
    if (!action?.bulletins[chunk.seq]) {
      logger.warn('chunk for unknown action dropped', { actionId: chunk.actionId, seq: chunk.seq, chunkId: chunk.chunkId });
      return;
    }
    const watch = watchDelivery(deliveries, participants);
    const attempt = `${record.messageId}-${record.attributes?.ApproximateReceiveCount ?? '1'}`;
    const result = await deliverChunk(
      {
        ...deliverDeps(world, channel),
        participants: watch.participants,
        deliveries: watch.deliveries,
        // Re-read during the chunk, so alerts stop soon after the action ends.
        actionState: async (id) => (await actions.get(id))?.status,
      },
      chunk,
      action,
    ).finally(() =>
      recordAttemptUsage(usage, world.prices, action, chunk, attempt, watch).catch((err: unknown) =>
        logger.warn('usage figures not written', { actionId: chunk.actionId, chunkId: chunk.chunkId, error: err instanceof Error ? err.name : String(err) }),
      ),
    );
    logger.info('chunk delivered', { actionId: chunk.actionId, seq: chunk.seq, channel, chunkId: chunk.chunkId, ...result });
    if (result.pending > 0) throw new ChunkIncompleteError(result.pending);
  });
}
