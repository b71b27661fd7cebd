// Captures everything the system logs while a test runs, so the test can search it for personal
// data: process stdout and stderr (the Powertools logger prints its JSON lines there) and the
// global console (vitest reroutes console calls around the streams; Powertools' batch processor
// and third-party code log through it). The level goes to DEBUG meanwhile: every line is read.
// Captured lines are kept, not printed: at DEBUG they would bury the test report.
import { format } from 'node:util';

export interface LogCapture {
  /** Everything written so far, one entry per write or console call. */
  readonly lines: readonly string[];
  /** Puts the streams, the console and the log level back. */
  stop(): Promise<void>;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

export async function captureLogs(): Promise<LogCapture> {
  const lines: string[] = [];
  const restore: (() => void)[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof stream.write;
    restore.push(() => (stream.write = write));
  }
  for (const method of CONSOLE_METHODS) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      lines.push(`${format(...args)}\n`);
    };
    restore.push(() => (console[method] = original));
  }
  const { logger } = await import('#shared/runtime/logger');
  const level = logger.getLevelName();
  logger.setLogLevel('DEBUG');
  return {
    lines,
    async stop() {
      for (const r of restore.reverse()) r();
      (await import('#shared/runtime/logger')).logger.setLogLevel(level);
    },
  };
}
