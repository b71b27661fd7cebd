// `burgernet actions watch ID`: polls the action and its timeline and redraws the fan-out view in
// place until every recipient has an outcome. Not on a terminal: one report when done.
import { actionViewSchema, timelineSchema } from '#shared/api/action-views';
import type { ApiClient } from './api-client';
import { UsageError } from './action-input';
import { isFanoutDone, Pace, renderFanout, selectionOf, type Selection } from './fanout-view';

export interface WatchOptions {
  /** The bulletin to follow; default the latest. */
  readonly seq?: number;
  readonly intervalMs: number;
  /** Give up after this long (the command then exits non-zero). */
  readonly timeoutMs?: number;
  readonly out: Output;
}

/** Where a command writes: a terminal (redrawn in place, in colour) or anything else. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  hasColors?(): boolean;
}

export class WatchTimeout extends Error {
  override readonly name = 'WatchTimeout';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function watchAction(client: ApiClient, id: string, options: WatchOptions): Promise<void> {
  const path = `/actions/${encodeURIComponent(id)}`;
  const interactive = options.out.isTTY === true;
  const colour = interactive && (options.out.hasColors?.() ?? false);
  const pace = new Pace();
  const started = Date.now();
  let drawnLines = 0;
  let selection: Selection = { selected: 0 };
  const draw = (lines: string[]) => {
    // Up to the first line of the last frame, clear below, draw the new one.
    options.out.write(`${drawnLines > 0 ? `\x1b[${drawnLines}A\r\x1b[0J` : ''}${lines.join('\n')}\n`);
    drawnLines = lines.length;
  };
  const restoreCursor = () => options.out.write('\x1b[?25h');
  if (interactive) {
    options.out.write('\x1b[?25l');
    process.once('exit', restoreCursor);
  }
  try {
    for (;;) {
      const complete = selection.tasks !== undefined && selection.selected >= selection.tasks;
      // Once every selection task has run, the timeline has nothing more to say about this fan-out.
      const [view, timeline] = await Promise.all([client.request('GET', path, actionViewSchema), complete ? undefined : client.request('GET', `${path}/timeline`, timelineSchema)]);
      const seq = options.seq ?? view.bulletins.length - 1;
      const bulletin = view.bulletins[seq];
      if (!bulletin) throw new UsageError(`--seq ${seq}: ${id} has bulletins 0 to ${view.bulletins.length - 1}`);
      if (timeline) selection = selectionOf(timeline.entries, seq);
      const now = Date.now();
      for (const c of bulletin.channels) {
        const n = bulletin.counts?.[c];
        if (n) pace.add(c, now, n.sent + n.failed + n.skipped);
      }
      const finished = isFanoutDone(bulletin, selection);
      const frame = renderFanout(view, seq, selection, { colour, pace });
      if (interactive || finished) draw(frame);
      if (finished) return;
      if (options.timeoutMs !== undefined && now - started > options.timeoutMs) {
        if (!interactive) draw(frame);
        throw new WatchTimeout(`not done after ${Math.round(options.timeoutMs / 1000)} s`);
      }
      await sleep(options.intervalMs);
    }
  } finally {
    if (interactive) restoreCursor();
  }
}
