// What `burgernet actions watch` draws: per channel a bar of targeted / queued / sent / failed,
// the counts, the pace and an ETA, and whether the fan-out is done. Pure: state in, lines out.
import type { z } from 'zod';
import type { actionViewSchema, channelCountsSchema, timelineEntrySchema } from '#shared/api/action-views';
import { bar, formatCount, formatDuration } from '#shared/terminal/bar';

export type ActionView = z.output<typeof actionViewSchema>;
export type TimelineEntry = z.output<typeof timelineEntrySchema>;
type Counts = z.output<typeof channelCountsSchema>;
type Bulletin = ActionView['bulletins'][number];

const ZERO: Counts = { targeted: 0, queued: 0, sent: 0, failed: 0, skipped: 0, firstSentAt: null, lastSentAt: null };
const BAR = 32;
const done = (c: Counts) => c.sent + c.failed + c.skipped;

export interface Selection {
  /** Tasks the planner made; undefined until it has planned. */
  readonly tasks?: number;
  readonly selected: number;
}

/** How far selection of one bulletin's recipients is, from the timeline. */
export function selectionOf(entries: readonly TimelineEntry[], seq: number): Selection {
  const planned = entries.find((e) => e.kind === 'fanout-planned' && e.seq === seq);
  const selected = new Set(entries.filter((e) => e.kind === 'fanout-selected' && e.seq === seq).map((e) => e.id)).size;
  return { tasks: typeof planned?.details.tasks === 'number' ? planned.details.tasks : undefined, selected };
}

const countsOf = (b: Bulletin) => b.channels.map((c) => [c, b.counts?.[c] ?? ZERO] as const);

/** Done: dispatched, every selection task ran, and every targeted recipient has an outcome. */
export function isFanoutDone(bulletin: Bulletin, selection: Selection): boolean {
  if (!bulletin.dispatchedAt || selection.tasks === undefined || selection.selected < selection.tasks) return false;
  return countsOf(bulletin).every(([, c]) => done(c) >= c.targeted && c.queued >= c.targeted);
}

/** Recent outcomes per second per channel, for the ETA. */
export class Pace {
  private readonly samples = new Map<string, { t: number; done: number }[]>();

  add(channel: string, t: number, outcomes: number): void {
    const list = this.samples.get(channel) ?? [];
    list.push({ t, done: outcomes });
    // Five seconds of history: quick to follow a change of pace, steady enough to read.
    while (list.length > 2 && t - list[0]!.t > 5000) list.shift();
    this.samples.set(channel, list);
  }

  perSecond(channel: string): number | undefined {
    const list = this.samples.get(channel);
    if (!list || list.length < 2) return undefined;
    const first = list[0]!;
    const last = list[list.length - 1]!;
    return last.t > first.t ? ((last.done - first.done) * 1000) / (last.t - first.t) : undefined;
  }
}

export interface RenderOptions {
  readonly colour: boolean;
  readonly pace?: Pace;
}

const since = (from: string | null | undefined, to: string | null | undefined) => (from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : undefined);
const clock = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour12: false });

export function renderFanout(view: ActionView, seq: number, selection: Selection, options: RenderOptions): string[] {
  const paint = (code: string, s: string) => (options.colour ? `\x1b[${code}m${s}\x1b[0m` : s);
  const bulletin = view.bulletins[seq];
  if (!bulletin) return [`${view.id} has no bulletin ${seq}`];
  const finished = isFanoutDone(bulletin, selection);
  const selecting =
    !bulletin.dispatchedAt ? (view.status === 'awaiting-approval' ? paint('33', 'awaiting approval by a second operator') : 'not dispatched')
    : selection.tasks === undefined ? 'planning…'
    : selection.selected < selection.tasks ? `selecting recipients: ${selection.selected}/${selection.tasks} tasks`
    : `recipients selected (${selection.tasks} ${selection.tasks === 1 ? 'task' : 'tasks'})`;
  const lines = [
    `${paint('1', view.id)} · ${view.type} · ${view.title}${view.exercise ? ' · OEFENING' : ''}`,
    `${bulletin.kind}${seq > 0 ? ` #${seq}` : ''} · ${view.status}${bulletin.dispatchedAt ? ` · dispatched ${clock(bulletin.dispatchedAt)}` : ''} · ${selecting}`,
    '',
    `${'channel'.padEnd(8)}${''.padEnd(BAR + 2)}${'targeted'.padStart(9)}${'queued'.padStart(9)}${'sent'.padStart(9)}${'failed'.padStart(8)}${'skipped'.padStart(9)}`,
  ];
  let firstAt: string | undefined;
  let lastAt: string | undefined;
  for (const [channel, c] of countsOf(bulletin)) {
    const drawn = bar(
      BAR,
      c.targeted,
      [
        { value: c.sent, char: '█', colour: '32' },
        { value: c.failed, char: '▓', colour: '31' },
        { value: c.skipped, char: '▪', colour: '33' },
        { value: Math.max(0, c.queued - done(c)), char: '▒', colour: '36' },
      ],
      { colour: options.colour, rest: '░' },
    );
    const rate = options.pace?.perSecond(channel);
    const left = c.targeted - done(c);
    const tail = finished || left <= 0 ? '' : rate && rate > 0 ? `  ${formatCount(Math.round(rate))}/s · ETA ${formatDuration(left / rate)}` : '';
    lines.push(`${channel.padEnd(8)}${drawn}  ${formatCount(c.targeted).padStart(9)}${formatCount(c.queued).padStart(9)}${formatCount(c.sent).padStart(9)}${formatCount(c.failed).padStart(8)}${formatCount(c.skipped).padStart(9)}${tail}`);
    if (c.firstSentAt && (!firstAt || c.firstSentAt < firstAt)) firstAt = c.firstSentAt;
    if (c.lastSentAt && (!lastAt || c.lastSentAt > lastAt)) lastAt = c.lastSentAt;
  }
  lines.push('', paint('2', '█ sent  ▓ failed  ▪ skipped  ▒ queued  ░ targeted, not yet queued'));
  const first = since(bulletin.dispatchedAt, firstAt);
  const last = since(bulletin.dispatchedAt, lastAt);
  if (first !== undefined) lines.push(`first send ${first.toFixed(1)} s after dispatch${last !== undefined ? ` · ${finished ? 'last' : 'latest'} ${last.toFixed(1)} s` : ''}`);
  if (finished) {
    const totals = countsOf(bulletin).reduce((t, [, c]) => ({ sent: t.sent + c.sent, failed: t.failed + c.failed, skipped: t.skipped + c.skipped }), { sent: 0, failed: 0, skipped: 0 });
    lines.push(paint(totals.failed > 0 ? '33' : '32', `done: ${formatCount(totals.sent)} sent, ${formatCount(totals.failed)} failed, ${formatCount(totals.skipped)} skipped`));
  }
  return lines;
}
