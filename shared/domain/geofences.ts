// Late-comers: every active action with push is a geofence, and a device that enters it after the
// start gets the alert. The fence follows the action (put on start, approval and update, removed
// on end or cancel); an ENTER event becomes a one-device push chunk on the action's latest push
// bulletin, and the sender's per-person thread keeps it to once per action however often ENTER
// repeats (alert first, then the update, for a device that never had the alert).
import { z } from 'zod';
import type { ActionStore } from '#shared/ports/action-store';
import type { DeliveryStore } from '#shared/ports/delivery-store';
import type { DeviceStore } from '#shared/ports/device-store';
import type { GeofenceRegistry } from '#shared/ports/geofence-registry';
import type { Queue } from '#shared/ports/queue';
import type { Clock } from '#shared/ports/clock';
import type { Action } from './action';
import type { ChunkMessage } from './messages';
import { containsPoint } from './area';
import { DEVICE_ID } from './device-token';

const wantsFence = (a: Pick<Action, 'status' | 'channels'>) => a.status === 'active' && a.channels.includes('push');

/**
 * Brings the action's geofence in line with the action as it is now. Safe to repeat; the action
 * is read again after a put, so an end or a move that landed meanwhile is not undone by a stale copy.
 */
export async function syncGeofence(geofences: GeofenceRegistry, actions: ActionStore, action: Action): Promise<'put' | 'removed' | 'none'> {
  let current: Action | undefined = action;
  for (let attempt = 0; attempt < 3 && current && wantsFence(current); attempt++) {
    await geofences.put(current.id, current.area);
    const again: Action | undefined = await actions.get(current.id);
    if (again?.rev === current.rev) return 'put';
    current = again;
  }
  // Still changing after three tries: the plan of the change that is still coming puts it again.
  if (current && wantsFence(current)) return 'put';
  const closed = !current || current.status === 'ended' || current.status === 'cancelled';
  if (!closed || !action.channels.includes('push')) return 'none';
  await geofences.remove(action.id);
  return 'removed';
}

const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

/** Amazon Location's geofence event as EventBridge delivers it; the local engine sends the same. */
export const geofenceEventSchema = z.looseObject({
  source: z.literal('aws.geo'),
  'detail-type': z.literal('Location Geofence Event'),
  detail: z.looseObject({
    EventType: z.enum(['ENTER', 'EXIT']),
    GeofenceId: z.string().regex(/^act_[0-9a-f-]{36}$/, 'not an action id'),
    DeviceId: z.string().regex(DEVICE_ID, 'not a device id'),
    SampleTime: z.iso.datetime({ offset: true }),
    Position: z.tuple([lon, lat]),
  }),
});
export type GeofenceEvent = z.infer<typeof geofenceEventSchema>;

/** Builds the event the way Amazon Location does (used by the local engine). */
export function geofenceEnterEvent(actionId: string, deviceId: string, fix: { lat: number; lon: number; at: string }, now: Date): GeofenceEvent {
  return {
    version: '0',
    id: `local-${actionId}-${deviceId}-${fix.at}`,
    source: 'aws.geo',
    'detail-type': 'Location Geofence Event',
    time: now.toISOString(),
    resources: ['local:geofence-collection', 'local:tracker'],
    detail: { EventType: 'ENTER', GeofenceId: actionId, DeviceId: deviceId, SampleTime: fix.at, Position: [fix.lon, fix.lat] },
  };
}

export interface EnterDeps {
  readonly actions: ActionStore;
  readonly devices: DeviceStore;
  readonly deliveries: DeliveryStore;
  readonly queue: Queue;
  readonly clock: Clock;
  readonly positionTtlMs: number;
}

export type EnterResult =
  | { readonly status: 'queued'; readonly seq: number }
  | { readonly status: 'ignored'; readonly reason: 'exit' | 'action-not-active' | 'no-push' | 'unknown-device' | 'exercise-not-opted-in' | 'stale' | 'outside-area' | 'already-sent' };

/** The chunk id is fixed per device, so a repeated ENTER rewrites the same progress record. */
export const enterChunkId = (deviceId: string) => `enter-${deviceId}`;

export async function handleEnter(deps: EnterDeps, event: GeofenceEvent): Promise<EnterResult> {
  const { EventType, GeofenceId: actionId, DeviceId: deviceId, SampleTime, Position } = event.detail;
  const ignored = (reason: Extract<EnterResult, { status: 'ignored' }>['reason']): EnterResult => ({ status: 'ignored', reason });
  if (EventType !== 'ENTER') return ignored('exit');
  // A late or redelivered event about a position that no longer counts alerts nobody.
  if (Date.parse(SampleTime) + deps.positionTtlMs <= deps.clock.now().getTime()) return ignored('stale');
  const action = await deps.actions.get(actionId);
  if (!action || action.status !== 'active') return ignored('action-not-active');
  if (!action.channels.includes('push')) return ignored('no-push');
  // The fence may lag a moved area by a moment; the action's own area decides.
  if (!containsPoint(action.area)(Position[1], Position[0])) return ignored('outside-area');
  const device = await deps.devices.get(deviceId);
  if (!device) return ignored('unknown-device');
  if (action.exercise && !device.exerciseOptIn) return ignored('exercise-not-opted-in');
  const seq = action.bulletins.filter((b) => b.channels.includes('push')).at(-1)?.seq ?? 0;
  // Repeats are harmless (the thread dedupes), but skipping them keeps the counts honest.
  if (await deps.deliveries.outcome({ actionId, seq, channel: 'push', participantId: deviceId })) return ignored('already-sent');
  const chunk: ChunkMessage = {
    actionId,
    seq,
    channel: 'push',
    chunkId: enterChunkId(deviceId),
    recipients: [deviceId],
    // On a follow-up the sender alerts first whoever is inside and never had the alert.
    ...(seq > 0 ? { inArea: [deviceId] } : {}),
  };
  const progress = (queued: boolean) =>
    deps.deliveries.putProgress({ actionId, seq, channel: 'push', chunkId: chunk.chunkId, targeted: 1, queued, sent: 0, failed: 0, skipped: 0 });
  await progress(false);
  await deps.queue.send('push', [chunk]);
  await progress(true);
  return { status: 'queued', seq };
}
