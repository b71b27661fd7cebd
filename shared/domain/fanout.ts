// Fan-out: a bulletin of an action becomes selection tasks (groups of geo-index ranges), each
// task becomes per-channel chunks of recipients, nearest first. The alert goes to everyone in
// the area; a follow-up to everyone in any area the action has had (the senders then keep to
// each person's thread: nobody gets a follow-up to an alert they never got). Every step is safe
// to repeat: chunk ids are derived from the task, progress records are rewritten whole, the
// timeline keeps the first entry per step, and senders dedupe deliveries.
import type { Channel } from '#shared/domain/vocabulary';
import type { ActionStore } from '#shared/ports/action-store';
import type { ParticipantStore, ReadStats } from '#shared/ports/participant-store';
import type { DeliveryStore } from '#shared/ports/delivery-store';
import { timelineEntryId, type TimelineStore } from '#shared/ports/timeline-store';
import type { Queue } from '#shared/ports/queue';
import type { Clock } from '#shared/ports/clock';
import type { GeofenceRegistry } from '#shared/ports/geofence-registry';
import { cellToLatLng } from 'h3-js';
import { unionRanges, type GeoRange } from './geo-index';
import { areaCenter, containsPoint, distanceMeters, type Area } from './area';
import type { Action, Bulletin } from './action';
import type { ChunkMessage, SelectTask } from './messages';
import { isOpen } from './time-window';
import { syncGeofence } from './geofences';

/** Recipients per sender message: small enough to finish well within the visibility timeout. */
export const CHUNK_SIZE = 100;
/**
 * The first chunks of a task are smaller: several senders start at once, each on a chunk, so
 * small first chunks keep the nearest recipients in the first second instead of spreading the
 * first wave over the nearest 500.
 */
export const FIRST_CHUNKS = [10, 20, 40, 80] as const;

/** Cuts a nearest-first list into chunks: FIRST_CHUNKS, then CHUNK_SIZE each. */
export function chunkBounds(count: number): [number, number][] {
  const bounds: [number, number][] = [];
  for (let start = 0, i = 0; start < count; i++) {
    const size = FIRST_CHUNKS[i] ?? CHUNK_SIZE;
    bounds.push([start, Math.min(count, start + size)]);
    start += size;
  }
  return bounds;
}
/** Ranges per selection task: a task's queries finish in well under a second. */
export const RANGES_PER_TASK = 40;

export interface FanoutDeps {
  readonly actions: ActionStore;
  readonly participants: ParticipantStore;
  readonly deliveries: DeliveryStore;
  readonly timeline: TimelineStore;
  readonly queue: Queue;
  readonly clock: Clock;
  /** The action's geofence for devices that enter later (shared/domain/geofences.ts); absent: none kept. */
  readonly geofences?: GeofenceRegistry;
}

export interface Recipient {
  readonly id: string;
  readonly distance: number;
  readonly channels: readonly Channel[];
  /** Inside the area as it stands at this bulletin (not only in an earlier one). */
  readonly inArea: boolean;
  /** Of the nearest location that counts; null where the register has none. */
  readonly municipalityCode: string | null;
}

/** The areas a bulletin's audience is drawn from: the alert's area, or every area up to a follow-up. */
export function audienceAreas(action: Pick<Action, 'bulletins'>, seq: number): Area[] {
  const areas: Area[] = [];
  for (const b of action.bulletins.slice(0, seq + 1)) if (b.area) areas.push(b.area);
  return areas;
}

/** The area as it stands at a bulletin: the last one set up to it. */
export const areaAt = (action: Pick<Action, 'bulletins'>, seq: number): Area => audienceAreas(action, seq).at(-1)!;

/**
 * Reads the index for some ranges and keeps who is really inside one of the areas, at a location
 * that counts now (its time window open, not expired), once per person at their nearest
 * location, nearest first.
 */
export async function selectRecipients(
  participants: ParticipantStore,
  action: Pick<Action, 'exercise'>,
  areas: readonly Area[],
  ranges: readonly GeoRange[],
  stats: ReadStats,
  now: Date = new Date(),
): Promise<Recipient[]> {
  const current = containsPoint(areas.at(-1)!);
  const earlier = areas.slice(0, -1).map(containsPoint);
  const center = areaCenter(areas.at(-1)!);
  const nowIso = now.toISOString();
  const found = new Map<string, Recipient>();
  for await (const page of participants.candidatesIn(ranges, stats)) {
    for (const c of page) {
      if (action.exercise && !c.exerciseOptIn) continue;
      if (c.expiresAt !== undefined && c.expiresAt <= nowIso) continue;
      if (c.windows && !isOpen(c.windows, now)) continue;
      const inArea = current(c.lat, c.lon);
      if (!inArea && !earlier.some((inside) => inside(c.lat, c.lon))) continue;
      const distance = distanceMeters(center.lat, center.lon, c.lat, c.lon);
      const seen = found.get(c.id);
      const municipalityCode = c.municipalityCode ?? null;
      if (!seen || distance < seen.distance) found.set(c.id, { id: c.id, distance, channels: c.channels, inArea: inArea || (seen?.inArea ?? false), municipalityCode });
      else if (inArea && !seen.inArea) found.set(c.id, { ...seen, inArea });
    }
  }
  return [...found.values()].sort((a, b) => a.distance - b.distance);
}

/** Splits the audience's ranges into tasks, nearest ranges first so the closest are queued first. */
export function planTasks(action: Action, seq: number): SelectTask[] {
  const center = areaCenter(areaAt(action, seq));
  const ranges = unionRanges(audienceAreas(action, seq))
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

/** Plans a bulletin of an action; a single task is run at once to save a queue hop. */
export async function planFanout(deps: FanoutDeps, actionId: string, seq: number): Promise<PlanResult> {
  const action = await deps.actions.get(actionId);
  if (!action?.bulletins[seq]) return { status: 'unknown-action' };
  if (deps.geofences) await syncGeofence(deps.geofences, deps.actions, action);
  const tasks = planTasks(action, seq);
  await deps.timeline.append({
    actionId,
    id: timelineEntryId(seq, 'fanout-planned'),
    at: deps.clock.now().toISOString(),
    actor: 'system',
    kind: 'fanout-planned',
    seq,
    details: { tasks: tasks.length, ranges: tasks.reduce((n, t) => n + t.ranges.length, 0) },
  });
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
  const bulletin: Bulletin | undefined = action?.bulletins[task.seq];
  if (!action || !bulletin) return { status: 'unknown-action' };
  const stats: ReadStats = { queryCalls: 0, itemsRead: 0 };
  const started = performance.now();
  const recipients = await selectRecipients(deps.participants, action, audienceAreas(action, task.seq), task.ranges, stats, deps.clock.now());
  const selectMs = Math.round(performance.now() - started);
  const followUp = task.seq > 0;
  // Channels are queued side by side: the first SMS should not wait for the last push chunk.
  const perChannel = await Promise.all(
    bulletin.channels.map(async (channel) => {
      const chosen = recipients.filter((r) => r.channels.includes(channel));
      const messages: ChunkMessage[] = chunkBounds(chosen.length).map(([from, to], i) => {
        const slice = chosen.slice(from, to);
        return {
          actionId: action.id,
          seq: task.seq,
          channel,
          chunkId: `${task.taskId}-${i}`,
          recipients: slice.map((r) => r.id),
          ...(followUp ? { inArea: slice.filter((r) => r.inArea).map((r) => r.id) } : {}),
        };
      });
      const progress = (m: ChunkMessage, queued: boolean) =>
        deps.deliveries.putProgress({ actionId: m.actionId, seq: m.seq, channel, chunkId: m.chunkId, targeted: m.recipients.length, queued, sent: 0, failed: 0, skipped: 0 });
      // Targeted is recorded before sending so counts never show more queued than targeted.
      await Promise.all(messages.map((m) => progress(m, false)));
      await deps.queue.send(channel, messages);
      await Promise.all(messages.map((m) => progress(m, true)));
      return [channel, chosen.length, messages.length] as const;
    }),
  );
  const chunks = perChannel.reduce((n, [, , c]) => n + c, 0);
  await deps.timeline.append({
    actionId: action.id,
    id: timelineEntryId(task.seq, 'fanout-selected', task.taskId),
    at: deps.clock.now().toISOString(),
    actor: 'system',
    kind: 'fanout-selected',
    seq: task.seq,
    details: { task: task.taskId, recipients: recipients.length, chunks, queryCalls: stats.queryCalls, ...Object.fromEntries(perChannel.map(([c, n]) => [c, n])) },
  });
  return { status: 'selected', recipients: recipients.length, chunks, stats, selectMs };
}
