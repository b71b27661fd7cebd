// Structured JSON logs (Powertools). Log ids and counts, never phone numbers, tokens or positions.
// Each invocation (and each SQS record) runs in its own async context that carries the function
// name, request id and the action id as correlation_id, so every line of one action can be
// found across the API, the queues and the senders. A context per call rather than logger keys:
// the local runtime runs many invocations at once in one process, and keys would leak between them.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger, LogLevelThreshold, type LogItem } from '@aws-lambda-powertools/logger';
import type { LogItemExtraInput, LogItemMessage } from '@aws-lambda-powertools/logger/types';
import { platform } from '#shared/config/environment';
import { prettyLogLine } from './log-format';

export interface InvocationKeys {
  function_name: string;
  function_request_id: string;
  /** The action the work is about, once known. */
  correlation_id?: string;
}

const invocation = new AsyncLocalStorage<InvocationKeys>();

/** Runs `fn` with these keys on every log line it writes; nested calls inherit and may add. */
export function withLogKeys<T>(keys: Partial<InvocationKeys>, fn: () => T): T {
  const parent = invocation.getStore();
  return invocation.run({ function_name: '', function_request_id: '', ...parent, ...keys }, fn);
}

/** Tags the rest of the current invocation with the action id (once a handler knows it). */
export function setCorrelationId(actionId: string): void {
  const keys = invocation.getStore();
  if (keys) keys.correlation_id = actionId;
}

export const correlationId = (): string | undefined => invocation.getStore()?.correlation_id;

/** Pretty lines for a person at a terminal; JSON for Lambda, pipes and files. */
const pretty = platform.logFormat === 'pretty' || (platform.logFormat !== 'json' && !platform.inLambda && process.stdout.isTTY === true);

class InvocationLogger extends Logger {
  protected override createAndPopulateLogItem(level: number, input: LogItemMessage, extra: LogItemExtraInput): LogItem {
    const item = super.createAndPopulateLogItem(level, input, extra);
    const keys = invocation.getStore();
    if (keys) item.addAttributes(Object.fromEntries(Object.entries(keys).filter(([, v]) => v)));
    return item;
  }

  protected override printLog(level: number, log: LogItem): void {
    if (!pretty) return super.printLog(level, log);
    log.prepareForPrint();
    const line = prettyLogLine(log.getAttributes(), process.stdout.hasColors?.() ?? false);
    (level >= LogLevelThreshold.WARN ? process.stderr : process.stdout).write(`${line}\n`);
  }
}

export const logger = new InvocationLogger({ serviceName: platform.serviceName });
