// What travels on the queues, validated where it is consumed (a queue is a boundary too).
import { z } from 'zod';
import { channels } from '#shared/domain/vocabulary';

const geoRange = z.object({ bucket: z.string().min(1), from: z.string().min(1), to: z.string().min(1) });

export const fanoutMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('plan'), actionId: z.string().min(1), seq: z.number().int().min(0) }),
  z.object({
    kind: z.literal('select'),
    actionId: z.string().min(1),
    seq: z.number().int().min(0),
    taskId: z.string().min(1),
    ranges: z.array(geoRange).min(1),
  }),
]);
export type FanoutMessage = z.infer<typeof fanoutMessageSchema>;
export type SelectTask = Extract<FanoutMessage, { kind: 'select' }>;

export const chunkMessageSchema = z.object({
  actionId: z.string().min(1),
  seq: z.number().int().min(0),
  channel: z.enum(channels),
  chunkId: z.string().min(1),
  /** Participant ids, nearest to the incident first. */
  recipients: z.array(z.string().min(1)).min(1),
  /**
   * Of a follow-up's recipients, those inside the action's area as it is now: if they never got
   * the alert (they joined or the area moved), they get it first, then the follow-up.
   */
  inArea: z.array(z.string().min(1)).optional(),
});
export type ChunkMessage = z.infer<typeof chunkMessageSchema>;
