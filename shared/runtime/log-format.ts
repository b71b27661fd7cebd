// One log record as a readable line, for `npm start` on a terminal: the same fields as the JSON
// line, minus what is the same on every line (service, sampling rate, request id).
const HIDDEN = new Set(['level', 'message', 'timestamp', 'service', 'sampling_rate', 'function_request_id', 'function_name', 'correlation_id', 'xray_trace_id', 'cold_start', 'function_arn', 'function_memory_size']);
const COLOURS: Record<string, string> = { DEBUG: '2', INFO: '36', WARN: '33', ERROR: '31', CRITICAL: '41' };

function value(v: unknown): string {
  if (typeof v === 'string') return /\s/.test(v) ? JSON.stringify(v) : v;
  if (Array.isArray(v)) return v.map(value).join(',');
  if (v && typeof v === 'object') {
    // Errors arrive as {name, message, stack}: the stack is noise on one line.
    const { stack: _stack, ...rest } = v as Record<string, unknown>;
    return JSON.stringify(rest);
  }
  return String(v);
}

export function prettyLogLine(attributes: Readonly<Record<string, unknown>>, colour: boolean): string {
  const paint = (code: string | undefined, text: string) => (colour && code ? `\x1b[${code}m${text}\x1b[0m` : text);
  const level = String(attributes.level ?? 'INFO');
  const time = typeof attributes.timestamp === 'string' ? attributes.timestamp.slice(11, 23) : '';
  const fields = Object.entries(attributes)
    // The action id is shown once, at the end, however the handler named it.
    .filter(([k, v]) => !HIDDEN.has(k) && v !== undefined && !(k === 'actionId' && v === attributes.correlation_id))
    .map(([k, v]) => `${paint('2', `${k}=`)}${value(v)}`);
  const fn = typeof attributes.function_name === 'string' && attributes.function_name ? paint('35', attributes.function_name.padEnd(14)) + ' ' : '';
  const action = typeof attributes.correlation_id === 'string' ? ` ${paint('2', attributes.correlation_id)}` : '';
  return `${paint('2', time)} ${paint(COLOURS[level], level.padEnd(5))} ${fn}${String(attributes.message ?? '')}${fields.length > 0 ? '  ' + fields.join(' ') : ''}${action}`;
}
