// DynamoTimelineStore against dynalite: append-only (a retried step keeps the first entry), oldest first.
import { describe, expect, it } from 'vitest';
import { DynamoTimelineStore } from '#shared/adapters/dynamodb/timeline-store';
import type { TimelineEntry } from '#shared/ports/timeline-store';
import { useLocalStore } from '../../support/local-store';

const entry = (actionId: string, id: string, at: string, over: Partial<TimelineEntry> = {}): TimelineEntry => ({
  actionId,
  id,
  at,
  actor: 'op-1',
  kind: 'created',
  seq: 0,
  details: {},
  ...over,
});

describe('DynamoTimelineStore', () => {
  const store = useLocalStore();
  const timeline = () => new DynamoTimelineStore(store.db, 'timeline');

  it('lists entries oldest first, ties by id, and only of the asked action', async () => {
    await timeline().append(entry('a-1', '0001#updated', '2026-01-01T10:05:00.000Z', { kind: 'updated', seq: 1 }));
    await timeline().append(entry('a-1', '0000#created', '2026-01-01T10:00:00.000Z'));
    await timeline().append(entry('a-1', '0000#fanout-planned', '2026-01-01T10:00:00.000Z', { actor: 'system', kind: 'fanout-planned', details: { tasks: 3 } }));
    await timeline().append(entry('a-2', '0000#created', '2026-01-01T09:00:00.000Z'));
    expect((await timeline().list('a-1')).map((e) => e.id)).toEqual(['0000#created', '0000#fanout-planned', '0001#updated']);
    expect(await timeline().list('a-none')).toEqual([]);
  });

  it('keeps the first entry when a step writes it again (a retry cannot rewrite history)', async () => {
    const first = entry('a-retry', '0000#fanout-selected#t0', '2026-01-01T10:00:00.000Z', { actor: 'system', kind: 'fanout-selected', details: { recipients: 10, channels: ['sms'] } });
    await timeline().append(first);
    await timeline().append({ ...first, at: '2026-01-01T10:09:00.000Z', details: { recipients: 11 } });
    expect(await timeline().list('a-retry')).toEqual([first]);
  });
});
