// Fan-out: an action becomes selection tasks (groups of geo-index ranges), each task becomes
// per-channel chunks of recipients, nearest first. Every step is safe to repeat: chunk ids are
// derived from the task, progress records are rewritten whole, and senders dedupe deliveries.
import type { Channel } from '#infra/topology';
import type { ActionStore } from '#shared/ports/action-store';
import type { ParticipantStore, ReadStats } from '#shared/ports/participant-store';
import type { DeliveryStore } from '#shared/ports/delivery-store';
import type { Queue } from '#shared/ports/queue';
import { cellToLatLng } from 'h3-js';
import { coverRanges, type GeoRange } from './geo-index';
import { areaCenter, containsPoint, distanceMeters } from './area';
import type { Action } from './action';
import type { ChunkMessage, SelectTask } from './messages';

/** Recipients per sender message: small enough to finish well within the visibility timeout. */
export const CHUNK_SIZE = 100;
/** Ranges per selection task: a task's queries finish in well under a second. */
export const RANGES_PER_TASK = 40;

export interface FanoutDeps {
  readonly actions: ActionStore;
  readonly participants: ParticipantStore;
  readonly deliveries: DeliveryStore;
  readonly queue: Queue;
}

export interface Recipient {
  readonly id: string;
  readonly distance: number;
  readonly channels: readonly Channel[];
}

/** Reads the index for some ranges and keeps who is really inside, nearest first. */
export async function selectRecipients(
  participants: ParticipantStore,
  action: Pick<Action, 'area' | 'exercise'>,
  ranges: readonly GeoRange[],
  stats: ReadStats,
): Promise<Recipient[]> {
  const inside = containsPoint(action.area);
  const center = areaCenter(action.area);
  const found: Recipient[] = [];
  for await (const page of participants.candidatesIn(ranges, stats)) {
    for (const c of page) {
      if (action.exercise && !c.exerciseOptIn) continue;
      if (!inside(c.lat, c.lon)) continue;
      found.push({ id: c.id, distance: distanceMeters(center.lat, center.lon, c.lat, c.lon), channels: c.channels });
    }
  }
  return found.sort((a, b) => a.distance - b.distance);
}

/** Splits the area's ranges into tasks, nearest ranges first so the closest are queued first. */
export function planTasks(action: Action, seq: number): SelectTask[] {
  const center = areaCenter(action.area);
  const ranges = coverRanges(action.area)
    .map((r) => {
      const [lat, lon] = cellToLatLng(r.from);
      return { r, d: distanceMeters(center.lat, center.lon, lat, lon) };
    })
    .sort((a, b) => a.d - b.d)
    .map((x) => x.r);
  const tasks: SelectTask[] = [];
  for (let i = 0; i < ranges.length; i += RANGES_PER_TASK) {
    tasks.push({ kind: 'select', actionId: action.id, seq, taskId: `t${tasks.length}`, ranges: ranges.slice(i, i + RANGES_PER_TASK) });
  }
  return tasks;
}

export type PlanResult =
  | { readonly status: 'unknown-action' }
  | { readonly status: 'planned'; readonly tasks: number; readonly inline: boolean; readonly selected?: Extract<SelectResult, { status: 'selected' }> };

/** Plans a message of an action; a single task is run at once to save a queue hop. */
export async function planFanout(deps: FanoutDeps, actionId: string, seq: number): Promise<PlanResult> {
  const action = await deps.actions.get(actionId);
  if (!action) return { status: 'unknown-action' };
  const tasks = planTasks(action, seq);
  if (tasks.length === 1) {
    const selected = await runSelectTask(deps, tasks[0]!, action);
    return { status: 'planned', tasks: 1, inline: true, ...(selected.status === 'selected' ? { selected } : {}) };
  }
  await deps.queue.send('fanout', tasks);
  return { status: 'planned', tasks: tasks.length, inline: false };
}

export type SelectResult =
  | { readonly status: 'unknown-action' }
  | { readonly status: 'selected'; readonly recipients: number; readonly chunks: number; readonly stats: ReadStats; readonly selectMs: number };

/** Selects a task's recipients and queues them per channel, in chunks, nearest first. */
export async function runSelectTask(deps: FanoutDeps, task: SelectTask, known?: Action): Promise<SelectResult> {
  const action = known ?? (await deps.actions.get(task.actionId));
  if (!action) return { status: 'unknown-action' };
  const stats: ReadStats = { queryCalls: 0, itemsRead: 0 };
  const started = performance.now();
  const recipients = await selectRecipients(deps.participants, action, task.ranges, stats);
  const selectMs = Math.round(performance.now() - started);
  // Channels are queued side by side: the first SMS should not wait for the last push chunk.
  const perChannel = await Promise.all(
    action.channels.map(async (channel) => {
      const ids = recipients.filter((r) => r.channels.includes(channel)).map((r) => r.id);
      const messages: ChunkMessage[] = [];
      for (let i = 0; i < ids.length; i += CHUNK_SIZE) {
        messages.push({ actionId: action.id, seq: task.seq, channel, chunkId: `${task.taskId}-${i / CHUNK_SIZE}`, recipients: ids.slice(i, i + CHUNK_SIZE) });
      }
      const progress = (m: ChunkMessage, queued: boolean) =>
        deps.deliveries.putProgress({ actionId: m.actionId, seq: m.seq, channel, chunkId: m.chunkId, targeted: m.recipients.length, queued, sent: 0, failed: 0 });
      // Targeted is recorded before sending so counts never show more queued than targeted.
      await Promise.all(messages.map((m) => progress(m, false)));
      await deps.queue.send(channel, messages);
      await Promise.all(messages.map((m) => progress(m, true)));
      return messages.length;
    }),
  );
  const chunks = perChannel.reduce((a, b) => a + b, 0);
  return { status: 'selected', recipients: recipients.length, chunks, stats, selectMs };
}
