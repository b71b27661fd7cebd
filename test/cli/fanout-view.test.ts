// The watch view: done only when selection ran and every targeted recipient has an outcome.
import { describe, expect, it } from 'vitest';
import { isFanoutDone, Pace, renderFanout, selectionOf, type ActionView, type TimelineEntry } from '../../cli/fanout-view';

const counts = (targeted: number, queued: number, sent: number, failed = 0, skipped = 0) => ({ targeted, queued, sent, failed, skipped, firstSentAt: '2026-11-29T10:00:00.500Z', lastSentAt: '2026-11-29T10:00:02.000Z' });

function view(sms: ReturnType<typeof counts>, push: ReturnType<typeof counts>): ActionView {
  const bulletin = { seq: 0, kind: 'alert' as const, at: '2026-11-29T10:00:00.000Z', by: 'op', channels: ['sms', 'push'] as const, messages: {}, text: 't', dispatchedAt: '2026-11-29T10:00:00.000Z', counts: { sms, push } };
  return {
    id: 'act_3b1f9c2e-7a4d-4e8b-9c6f-1d2e3f4a5b6c',
    type: 'heterdaad',
    title: 'Overval',
    status: 'active',
    exercise: false,
    channels: ['sms', 'push'],
    createdAt: bulletin.at,
    description: { text: 'x' },
    area: { center: { lat: 52.09, lon: 5.12 }, radiusMeters: 1000 },
    messages: {},
    createdBy: 'op',
    approval: null,
    endedAt: null,
    dispatchedAt: bulletin.dispatchedAt,
    counts: { sms, push },
    bulletins: [bulletin],
  };
}

const entry = (kind: TimelineEntry['kind'], id: string, details: TimelineEntry['details'] = {}): TimelineEntry => ({ id, at: '2026-11-29T10:00:00.000Z', actor: 'system', kind, seq: 0, details });

describe('fan-out view', () => {
  it('reads selection progress from the timeline', () => {
    const entries = [entry('created', 'c'), entry('fanout-planned', 'p', { tasks: 2 }), entry('fanout-selected', 's1'), entry('fanout-selected', 's1')];
    expect(selectionOf(entries, 0)).toEqual({ tasks: 2, selected: 1 });
    expect(selectionOf([], 0)).toEqual({ tasks: undefined, selected: 0 });
  });

  it('is done only when every task selected and every targeted recipient has an outcome', () => {
    const finished = view(counts(10, 10, 8, 1, 1), counts(4, 4, 4));
    expect(isFanoutDone(finished.bulletins[0]!, { tasks: 1, selected: 1 })).toBe(true);
    expect(isFanoutDone(finished.bulletins[0]!, { tasks: 2, selected: 1 })).toBe(false);
    expect(isFanoutDone(finished.bulletins[0]!, { selected: 0 })).toBe(false);
    const running = view(counts(10, 10, 5), counts(4, 4, 4));
    expect(isFanoutDone(running.bulletins[0]!, { tasks: 1, selected: 1 })).toBe(false);
  });

  it('draws a bar per channel in proportion, with an ETA from the recent pace', () => {
    const pace = new Pace();
    pace.add('sms', 0, 0);
    pace.add('sms', 1000, 5);
    const lines = renderFanout(view(counts(10, 10, 5), counts(4, 2, 0)), 0, { tasks: 1, selected: 1 }, { colour: false, pace });
    const sms = lines.find((l) => l.startsWith('sms'))!;
    expect(sms).toContain('█'.repeat(16) + '▒'.repeat(16));
    expect(sms).toMatch(/5\/s · ETA 1 s$/);
    const push = lines.find((l) => l.startsWith('push'))!;
    expect(push).toContain('▒'.repeat(16) + '░'.repeat(16));
    expect(lines.join('\n')).not.toContain('done:');
  });

  it('ends with the totals and the latency to first and last send', () => {
    const lines = renderFanout(view(counts(10, 10, 8, 1, 1), counts(4, 4, 4)), 0, { tasks: 1, selected: 1 }, { colour: false });
    expect(lines).toContain('first send 0.5 s after dispatch · last 2.0 s');
    expect(lines.at(-1)).toBe('done: 12 sent, 1 failed, 1 skipped');
  });
});
