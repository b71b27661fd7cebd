// Progress of a long command: on a terminal a bar with rate and ETA, redrawn at most ten times a
// second; elsewhere (a pipe, a log file, CI) nothing until the one final line.
import { bar, formatCount, formatDuration } from './bar';

export interface ProgressOptions {
  /** Where it is drawn; stderr keeps stdout for results. */
  readonly stream?: NodeJS.WriteStream;
  /** What is counted ("lines", "participants"). */
  readonly unit: string;
  /** The amount the ETA is computed against, when known. */
  readonly total?: number;
  readonly now?: () => number;
}

const WIDTH = 24;
const REDRAW_MS = 100;

export class Progress {
  private readonly stream: NodeJS.WriteStream;
  private readonly now: () => number;
  private readonly started: number;
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly options: ProgressOptions,
  ) {
    this.stream = options.stream ?? process.stderr;
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
  }

  get interactive(): boolean {
    return this.stream.isTTY === true;
  }

  /**
   * `count` items done; `fraction` (0–1) of the work when the total is not counted in items (the
   * bytes of a file read so far, say).
   */
  update(count: number, fraction?: number): void {
    if (!this.interactive) return;
    const t = this.now();
    if (t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    this.stream.write(`\r\x1b[K${this.line(count, fraction, t)}`);
    this.drawn = true;
  }

  /** The text of one redraw; exposed for tests. */
  line(count: number, fraction: number | undefined, t = this.now()): string {
    const seconds = (t - this.started) / 1000;
    const share = fraction ?? (this.options.total ? count / this.options.total : undefined);
    const rate = seconds > 0 ? count / seconds : 0;
    const eta = share !== undefined && share > 0 && share < 1 ? (seconds / share) * (1 - share) : undefined;
    const head = `${this.label}  `;
    const shown = share === undefined ? '' : `${bar(WIDTH, 1, [{ value: Math.min(1, share), char: '█' }])} ${String(Math.floor(share * 100)).padStart(3)}%  `;
    const of = this.options.total ? ` / ${formatCount(this.options.total)}` : '';
    return `${head}${shown}${formatCount(count)}${of} ${this.options.unit}  ${formatCount(Math.round(rate))}/s${eta !== undefined ? `  ETA ${formatDuration(eta)}` : ''}`;
  }

  /** Clears the bar and writes the final line (to `out`, default the progress stream). */
  finish(finalLine: string, out: NodeJS.WritableStream = this.stream): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    out.write(`${finalLine}\n`);
  }

  /** Clears the bar so other output can follow on a clean line. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
