// The geofence follows the action; an ENTER becomes a one-device push chunk on the latest push
// bulletin, or nothing when it must not alert (stale, ended, outside, exercise, already sent).
import { describe, expect, it } from 'vitest';
import { enterChunkId, geofenceEnterEvent, geofenceEventSchema, handleEnter, syncGeofence, type EnterDeps } from '#shared/domain/geofences';
import type { Action } from '#shared/domain/action';
import type { Device } from '#shared/ports/device-store';
import { action, FakeActions, FakeDeliveries, FakeDevices, FakeGeofences, FakeQueue, fixedClock, UTRECHT } from '../support/app-fakes';

const DEVICE = 'dev_0123456789abcdef0123456789abcdef';
const device = (exerciseOptIn = false): Device => ({
  id: DEVICE,
  platform: 'ios',
  endpoint: 'local-device-x',
  tokenHash: '0'.repeat(64),
  language: 'nl',
  exerciseOptIn,
  places: [],
  createdAt: '2026-03-02T06:00:00.000Z',
  updatedAt: '2026-03-02T06:00:00.000Z',
});

describe('syncGeofence', () => {
  it('puts the fence of an active action with push, and removes it once the action is closed', async () => {
    const fences = new FakeGeofences();
    const a = action();
    expect(await syncGeofence(fences, new FakeActions(a), a)).toBe('put');
    const ended = action({ status: 'ended', rev: 2 });
    expect(await syncGeofence(fences, new FakeActions(ended), ended)).toBe('removed');
    expect(fences.calls).toEqual([`put ${a.id} ${JSON.stringify(a.area)}`, `remove ${a.id}`]);
  });

  it('keeps no fence for an action without push or still awaiting approval', async () => {
    const fences = new FakeGeofences();
    for (const a of [action({ channels: ['sms'] }), action({ status: 'awaiting-approval' }), action({ status: 'cancelled', channels: ['sms'] })]) {
      expect(await syncGeofence(fences, new FakeActions(a), a)).toBe('none');
    }
    expect(fences.calls).toEqual([]);
  });

  it('does not let a stale copy undo a move or an end that landed meanwhile', async () => {
    const a = action();
    const moved = action({ area: { center: UTRECHT, radiusMeters: 3000 }, rev: 2 });
    const store = new FakeActions(a);
    const fences = new FakeGeofences();
    fences.afterPut = () => {
      fences.afterPut = undefined;
      store.byId.set(a.id, moved);
    };
    expect(await syncGeofence(fences, store, a)).toBe('put');
    expect(fences.calls.at(-1)).toBe(`put ${a.id} ${JSON.stringify(moved.area)}`);

    fences.afterPut = () => store.byId.set(a.id, action({ status: 'ended', rev: 3 }));
    expect(await syncGeofence(fences, store, moved)).toBe('removed');
    expect(fences.calls.at(-1)).toBe(`remove ${a.id}`);
  });
});

describe('handleEnter', () => {
  const inside = { lat: UTRECHT.lat + 0.001, lon: UTRECHT.lon };
  const outside = { lat: UTRECHT.lat + 0.05, lon: UTRECHT.lon };

  function setup(a: Action = action(), d: Device | null = device()) {
    const deliveries = new FakeDeliveries();
    const queue = new FakeQueue();
    const devices = new FakeDevices();
    if (d) devices.byId.set(d.id, d);
    const clock = fixedClock('2026-03-02T08:00:00.000Z');
    const deps: EnterDeps = { actions: new FakeActions(a), devices, deliveries, queue, clock, positionTtlMs: 120 * 60_000 };
    return { deps, deliveries, queue };
  }
  const enter = (a: Action, at = '2026-03-02T07:59:00.000Z', where = inside) => geofenceEventSchema.parse(geofenceEnterEvent(a.id, DEVICE, { ...where, at }, new Date(at)));

  it('queues the alert for the device alone, progress first', async () => {
    const a = action();
    const { deps, queue, deliveries } = setup(a);
    expect(await handleEnter(deps, enter(a))).toEqual({ status: 'queued', seq: 0 });
    expect(queue.sent).toEqual([{ queue: 'push', message: { actionId: a.id, seq: 0, channel: 'push', chunkId: enterChunkId(DEVICE), recipients: [DEVICE] } }]);
    expect(deliveries.progress.map((p) => [p.chunkId, p.targeted, p.queued])).toEqual([
      [`enter-${DEVICE}`, 1, false],
      [`enter-${DEVICE}`, 1, true],
    ]);
  });

  it('after an update, queues the update with the device in the area, so the sender alerts first', async () => {
    const a = action({ bulletins: [...action().bulletins, { seq: 1, kind: 'update', at: '2026-03-02T07:30:00.000Z', by: 'op', channels: ['push'], messages: {}, text: 'u' }, { seq: 2, kind: 'update', at: '2026-03-02T07:40:00.000Z', by: 'op', channels: ['sms'], messages: {}, text: 'sms only' }] });
    const { deps, queue } = setup(a);
    expect(await handleEnter(deps, enter(a))).toEqual({ status: 'queued', seq: 1 });
    expect(queue.sent[0]!.message).toMatchObject({ seq: 1, recipients: [DEVICE], inArea: [DEVICE] });
  });

  it('queues nothing for a device that already has the message (ENTER repeated)', async () => {
    const a = action();
    const { deps, queue, deliveries } = setup(a);
    await deliveries.record({ actionId: a.id, seq: 0, channel: 'push', participantId: DEVICE }, { status: 'sent', at: '2026-03-02T07:59:30.000Z', providerMessageId: 'm' });
    expect(await handleEnter(deps, enter(a))).toEqual({ status: 'ignored', reason: 'already-sent' });
    expect(queue.sent).toEqual([]);
  });

  it('ignores a stale fix, an ended action, an action without push, a point outside, an unknown device, an exercise not opted into', async () => {
    const cases: [Action, Device | null, string, { lat: number; lon: number }, string][] = [
      [action(), device(), '2026-03-02T05:59:00.000Z', inside, 'stale'],
      [action({ status: 'ended' }), device(), '2026-03-02T07:59:00.000Z', inside, 'action-not-active'],
      [action({ channels: ['sms'] }), device(), '2026-03-02T07:59:00.000Z', inside, 'no-push'],
      [action(), device(), '2026-03-02T07:59:00.000Z', outside, 'outside-area'],
      [action(), null, '2026-03-02T07:59:00.000Z', inside, 'unknown-device'],
      [action({ exercise: true }), device(false), '2026-03-02T07:59:00.000Z', inside, 'exercise-not-opted-in'],
    ];
    for (const [a, d, at, where, reason] of cases) {
      const { deps, queue } = setup(a, d);
      expect(await handleEnter(deps, enter(a, at, where)), reason).toEqual({ status: 'ignored', reason });
      expect(queue.sent).toEqual([]);
    }
    const exercise = action({ exercise: true });
    expect((await handleEnter(setup(exercise, device(true)).deps, enter(exercise))).status).toBe('queued');
  });

  it('reads the event as Amazon Location sends it, and refuses one that names no action or device', () => {
    const aws = {
      version: '0',
      id: 'aa11aa22-33a-4a4a-aaa5-example',
      'detail-type': 'Location Geofence Event',
      source: 'aws.geo',
      account: '123456789012',
      time: '2026-03-02T07:59:00Z',
      region: 'eu-west-1',
      resources: ['arn:aws:geo:eu-west-1:123456789012:geofence-collection/Burgernet-actions', 'arn:aws:geo:eu-west-1:123456789012:tracker/Burgernet-devices'],
      detail: { EventType: 'ENTER', GeofenceId: action().id, DeviceId: DEVICE, SampleTime: '2026-03-02T07:58:59.531Z', Position: [5.1214, 52.0917], Accuracy: { Horizontal: 12 } },
    };
    expect(geofenceEventSchema.parse(aws).detail.Position).toEqual([5.1214, 52.0917]);
    expect(geofenceEventSchema.safeParse({ ...aws, detail: { ...aws.detail, GeofenceId: 'other' } }).success).toBe(false);
    expect(geofenceEventSchema.safeParse({ ...aws, detail: { ...aws.detail, DeviceId: 'p_1' } }).success).toBe(false);
  });
});
