// The four-eyes rule on updates and what reaches the queues, against in-memory ports: an update
// whose area would have needed approval at creation is held (nothing queued) until a different
// operator approves it; an exercise queues its fan-out but never a webhook message.
import { describe, expect, it } from 'vitest';
import { approveAction, createAction, endAction, updateAction, type LifecycleDeps } from '#shared/domain/lifecycle';
import { areaApprovalReasons } from '#shared/domain/approval';
import type { Action, CreateActionInput } from '#shared/domain/action';
import type { ActionStore } from '#shared/ports/action-store';
import type { TimelineEntry } from '#shared/ports/timeline-store';
import type { QueueName } from '#shared/domain/vocabulary';

function memoryDeps() {
  const actions = new Map<string, Action>();
  const sent: { queue: QueueName; messages: readonly unknown[] }[] = [];
  const entries: TimelineEntry[] = [];
  const store: ActionStore = {
    create: async (a) => (actions.has(a.id) ? false : (actions.set(a.id, a), true)),
    get: async (id) => actions.get(id),
    replace: async (next) => (actions.get(next.id)?.rev === next.rev - 1 ? (actions.set(next.id, next), true) : false),
    list: async () => ({ items: [...actions.values()] }),
  };
  const deps: LifecycleDeps = {
    actions: store,
    timeline: { append: async (e) => void entries.push(e), list: async (id) => entries.filter((e) => e.actionId === id) },
    queue: { send: async (queue, messages) => void sent.push({ queue, messages }) },
    clock: { now: () => new Date('2026-03-01T12:00:00Z') },
    smsMaxSegments: 3,
  };
  return { deps, sent, entries, actions };
}

const DAM = { lat: 52.3728, lon: 4.8936 };
const input = (over: Partial<CreateActionInput> = {}): CreateActionInput => ({
  type: 'heterdaad',
  title: 'Tasjesroof',
  description: { text: 'Man op fiets' },
  area: { center: DAM, radiusMeters: 300 },
  channels: ['sms'],
  messages: { sms: 'Burgernet: tasjesroof op de Dam' },
  exercise: false,
  ...over,
});
const queued = (sent: { queue: QueueName; messages: readonly unknown[] }[], queue: QueueName) => sent.filter((s) => s.queue === queue).flatMap((s) => s.messages);

describe('four eyes on updates', () => {
  it('needs approval for the area alone, never for the type of an update', () => {
    expect(areaApprovalReasons({ center: DAM, radiusMeters: 100_000 })).toEqual(['radius 100 km is over 25 km']);
    expect(areaApprovalReasons({ center: DAM, radiusMeters: 25_000 })).toEqual([]);
  });

  it('holds a widening update: nothing queued, the area unchanged, until another operator approves', async () => {
    const { deps, sent } = memoryDeps();
    const action = await createAction(deps, input(), 'op-1');
    expect(queued(sent, 'fanout')).toHaveLength(1);

    const { action: after, bulletin } = await updateAction(deps, action.id, { text: 'Overal', channels: undefined, messages: {}, area: { center: DAM, radiusMeters: 100_000 } }, 'op-1');
    expect(bulletin.approval).toEqual({ reasons: ['radius 100 km is over 25 km'] });
    expect(after.bulletins).toHaveLength(1);
    expect(after.area).toEqual(input().area);
    expect(after.heldUpdate?.seq).toBe(1);
    expect(queued(sent, 'fanout')).toHaveLength(1);
    expect(queued(sent, 'webhook')).toHaveLength(1);

    await expect(updateAction(deps, action.id, { text: 'Nog een', messages: {} }, 'op-2')).rejects.toMatchObject({ kind: 'conflict' });
    await expect(approveAction(deps, action.id, 'op-1')).rejects.toMatchObject({ kind: 'forbidden' });
    expect(queued(sent, 'fanout')).toHaveLength(1);

    const approved = await approveAction(deps, action.id, 'op-2');
    expect(approved.bulletin).toMatchObject({ seq: 1, approval: { by: 'op-2' } });
    expect(approved.action.heldUpdate).toBeUndefined();
    expect(approved.action.area).toEqual({ center: DAM, radiusMeters: 100_000 });
    expect(queued(sent, 'fanout')).toEqual([{ kind: 'plan', actionId: action.id, seq: 0 }, { kind: 'plan', actionId: action.id, seq: 1 }]);
  });

  it('drops a held update when the action ends: the end goes out, the update never', async () => {
    const { deps, sent } = memoryDeps();
    const action = await createAction(deps, input(), 'op-1');
    await updateAction(deps, action.id, { text: 'Overal', messages: {}, area: { center: DAM, radiusMeters: 60_000 } }, 'op-1');
    const { action: ended } = await endAction(deps, action.id, { text: 'Klaar', messages: {}, outcome: 'overig' }, 'op-1');
    expect(ended.heldUpdate).toBeUndefined();
    expect(ended.bulletins.map((b) => b.kind)).toEqual(['alert', 'end']);
    expect(ended.area).toEqual(input().area);
    await expect(approveAction(deps, action.id, 'op-2')).rejects.toMatchObject({ kind: 'conflict' });
    expect(queued(sent, 'fanout')).toEqual([{ kind: 'plan', actionId: action.id, seq: 0 }, { kind: 'plan', actionId: action.id, seq: 1 }]);
  });
});

describe('exercises and the webhook', () => {
  it('queues the fan-out of an exercise but no webhook message', async () => {
    const { deps, sent } = memoryDeps();
    const action = await createAction(deps, input({ exercise: true }), 'op-1');
    await endAction(deps, action.id, { text: 'Einde oefening', messages: {}, outcome: 'overig' }, 'op-1');
    expect(queued(sent, 'fanout')).toHaveLength(2);
    expect(queued(sent, 'webhook')).toEqual([]);
  });
});
