// Shared body of the per-channel sender Lambdas: deliver one chunk, exactly once per recipient.
import type { Channel } from '#infra/topology';
import { chunkMessageSchema } from '#shared/domain/messages';
import { ChunkIncompleteError, deliverChunk } from '#shared/domain/deliver';
import type { Action } from '#shared/domain/action';
import { sqsHandler } from '#shared/runtime/sqs-handler';
import { actionStore, channelSender, clock, deliveryStore, pacer, participantStore } from '#shared/runtime/deps';
import { logger } from '#shared/runtime/logger';

/** Actions do not change under a message sequence number, so an instance may keep them. */
const actions = new Map<string, Action>();

async function loadAction(id: string): Promise<Action | undefined> {
  const cached = actions.get(id);
  if (cached) return cached;
  const action = await actionStore().get(id);
  if (action) {
    if (actions.size > 100) actions.clear();
    actions.set(id, action);
  }
  return action;
}

export function senderHandler(channel: Channel) {
  return sqsHandler(chunkMessageSchema, async (chunk) => {
    if (chunk.channel !== channel) throw new Error(`a ${chunk.channel} chunk reached the ${channel} sender`);
    const action = await loadAction(chunk.actionId);
    if (!action) {
      logger.warn('chunk for unknown action dropped', { actionId: chunk.actionId, chunkId: chunk.chunkId });
      return;
    }
    const result = await deliverChunk(
      { actions: actionStore(), participants: participantStore(), deliveries: deliveryStore(), sender: channelSender(channel), pacer: pacer(channel), clock: clock() },
      chunk,
      action,
    );
    logger.info('chunk delivered', { actionId: chunk.actionId, channel, chunkId: chunk.chunkId, ...result });
    if (result.pending > 0) throw new ChunkIncompleteError(result.pending);
  });
}
