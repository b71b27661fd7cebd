// The local geofence engine: ENTER only when a fix crosses into an active action's fence (or is
// the first fresh fix inside), once per crossing, never for a removed fence; fences come back
// from the active actions after a restart.
import { describe, expect, it } from 'vitest';
import { LocalGeofenceEngine } from '#shared/adapters/local/geofence-engine';
import { geofenceEventSchema } from '#shared/domain/geofences';
import { action, FakeActions, FakeQueue, UTRECHT } from '../../support/app-fakes';

const DEVICE = 'dev_00000000000000000000000000000002';
const TTL = 120 * 60_000;
const inside = (at: string) => ({ lat: UTRECHT.lat + 0.001, lon: UTRECHT.lon, at });
const outside = (at: string) => ({ lat: UTRECHT.lat + 0.05, lon: UTRECHT.lon, at });

function engine(actions = new FakeActions()) {
  const queue = new FakeQueue();
  let now = new Date('2026-03-02T08:00:00.000Z');
  const e = new LocalGeofenceEngine(queue, actions, TTL, () => now);
  return { e, queue, setNow: (iso: string) => (now = new Date(iso)) };
}

describe('LocalGeofenceEngine', () => {
  it('sends one ENTER per crossing, shaped as Amazon Location sends it', async () => {
    const { e, queue } = engine();
    const a = action();
    await e.put(a.id, a.area);
    await e.update(DEVICE, outside('2026-03-02T07:58:00.000Z'));
    await e.update(DEVICE, inside('2026-03-02T07:59:00.000Z'));
    await e.update(DEVICE, inside('2026-03-02T07:59:30.000Z'));
    expect(queue.sent).toHaveLength(1);
    const event = geofenceEventSchema.parse(queue.sent[0]!.message);
    expect(queue.sent[0]!.queue).toBe('geofence');
    expect(event.detail).toMatchObject({ EventType: 'ENTER', GeofenceId: a.id, DeviceId: DEVICE, SampleTime: '2026-03-02T07:59:00.000Z', Position: [UTRECHT.lon, UTRECHT.lat + 0.001] });
    await e.update(DEVICE, outside('2026-03-02T07:59:40.000Z'));
    await e.update(DEVICE, inside('2026-03-02T07:59:50.000Z'));
    expect(queue.sent).toHaveLength(2);
  });

  it('treats a first fix inside, or one after a stale fix, as entering; forget starts afresh', async () => {
    const { e, queue } = engine();
    const a = action();
    await e.put(a.id, a.area);
    await e.update(DEVICE, inside('2026-03-02T05:00:00.000Z'));
    await e.update(DEVICE, inside('2026-03-02T07:59:00.000Z'));
    expect(queue.sent).toHaveLength(2);
    await e.forget(DEVICE);
    await e.update(DEVICE, inside('2026-03-02T07:59:30.000Z'));
    expect(queue.sent).toHaveLength(3);
  });

  it('sends nothing for a removed fence', async () => {
    const { e, queue } = engine();
    const a = action();
    await e.put(a.id, a.area);
    await e.remove(a.id);
    await e.update(DEVICE, inside('2026-03-02T07:59:00.000Z'));
    expect(queue.sent).toEqual([]);
  });

  it('reads the fences of active actions with push back after a restart', async () => {
    const active = action();
    const ended = action({ id: 'act_00000000-0000-4000-8000-000000000002', status: 'ended' });
    const smsOnly = action({ id: 'act_00000000-0000-4000-8000-000000000003', channels: ['sms'] });
    const { e } = engine(new FakeActions(active, ended, smsOnly));
    await e.update(DEVICE, outside('2026-03-02T07:59:00.000Z'));
    expect(e.activeFences()).toEqual([active.id]);
  });
});
