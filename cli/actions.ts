// `burgernet actions …`: the operator's commands, each one call of the public API (watch polls).
import {
  actionApprovedSchema,
  actionCreatedSchema,
  actionPageSchema,
  actionPreviewSchema,
  actionViewSchema,
  bulletinCreatedSchema,
  timelineSchema,
} from '#shared/api/action-views';
import { formatCount } from '#shared/terminal/bar';
import type { ApiClient } from './api-client';
import { createBody, followUpBody, UsageError, type Flags } from './action-input';
import { watchAction, type Output } from './watch';

export interface Io {
  readonly out: Output;
}

const print = (io: Io, ...lines: string[]): void => {
  io.out.write(`${lines.join('\n')}\n`);
};
const printJson = (io: Io, value: unknown) => print(io, JSON.stringify(value, null, 2));
const text = (flags: Flags, name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
const idempotency = (flags: Flags) => (text(flags, 'idempotency-key') ? { 'idempotency-key': text(flags, 'idempotency-key')! } : undefined);
/** Local time as 2026-11-29 14:02:11 (Sweden's locale writes ISO order). */
const time = (iso: string) => new Date(iso).toLocaleString('sv-SE');

function idArg(positionals: readonly string[], command: string): string {
  const id = positionals[0];
  if (!id) throw new UsageError(`actions ${command} needs an action id: burgernet actions ${command} act_…`);
  return id;
}

function intervalOf(flags: Flags): number {
  const ms = Number(text(flags, 'interval') ?? 500);
  if (!Number.isFinite(ms) || ms < 100) throw new UsageError('--interval must be at least 100 (milliseconds)');
  return ms;
}

function seqOf(flags: Flags): number | undefined {
  const raw = text(flags, 'seq');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError('--seq must be a bulletin number (0 is the alert)');
  return n;
}

function timeoutOf(flags: Flags): number | undefined {
  const raw = text(flags, 'timeout');
  if (raw === undefined) return undefined;
  const s = Number(raw);
  if (!Number.isFinite(s) || s <= 0) throw new UsageError('--timeout must be a number of seconds');
  return s * 1000;
}

type Command = (client: ApiClient, positionals: readonly string[], flags: Flags, io: Io) => Promise<void>;

const watch: Command = (client, positionals, flags, io) => watchAction(client, idArg(positionals, 'watch'), { seq: seqOf(flags), intervalMs: intervalOf(flags), timeoutMs: timeoutOf(flags), out: io.out });

const start: Command = async (client, _p, flags, io) => {
  const created = await client.request('POST', '/actions', actionCreatedSchema, { body: createBody(flags), headers: idempotency(flags) });
  if (flags.json) printJson(io, created);
  else if (flags.quiet) print(io, created.id);
  else {
    print(io, `${created.id}  ${created.status}  created ${time(created.createdAt)}`);
    if (created.approval) print(io, `awaiting a second operator: ${created.approval.reasons.join('; ')}`, `  burgernet actions approve ${created.id}`);
    else if (!flags.watch) print(io, `follow it: burgernet actions watch ${created.id}`);
  }
  if (flags.watch) await watchAction(client, created.id, { intervalMs: intervalOf(flags), timeoutMs: timeoutOf(flags), out: io.out });
};

const preview: Command = async (client, _p, flags, io) => {
  const p = await client.request('POST', '/actions/preview', actionPreviewSchema, { body: createBody(flags) });
  if (flags.json) return printJson(io, p);
  const lines = [`recipients: ${formatCount(p.recipients.total)} (${formatCount(p.recipients.inArea)} in the area${p.exercise ? ', exercise opt-ins only' : ''})`];
  for (const [channel, n] of Object.entries(p.recipients.byChannel)) {
    const c = p.channels[channel as keyof typeof p.channels];
    const sms = channel === 'sms' && p.channels.sms ? ` · ${p.channels.sms.segments} segment${p.channels.sms.segments === 1 ? '' : 's'} ${p.channels.sms.encoding}` : '';
    lines.push(`  ${channel.padEnd(6)} ${formatCount(n ?? 0).padStart(8)}${c ? `  ~${Math.ceil(c.estimatedSeconds)} s · ${p.cost.currency} ${c.cost.total.toFixed(2)}` : ''}${sms}`);
  }
  lines.push(`cost: ${p.cost.currency} ${p.cost.total.toFixed(2)} (${p.cost.region}, prices of ${p.cost.pricesCheckedOn})`);
  const top = p.recipients.byMunicipality.slice(0, 5).map((m) => `${m.municipalityCode ?? 'unknown'} ${formatCount(m.recipients)}`);
  if (top.length > 0) lines.push(`municipalities: ${top.join(', ')}${p.recipients.byMunicipality.length > 5 ? ', …' : ''}`);
  lines.push(p.approval.required ? `needs a second operator: ${p.approval.reasons.join('; ')}` : 'no approval needed');
  for (const w of p.warnings) lines.push(`warning: ${w}`);
  print(io, ...lines);
};

const followUp =
  (kind: 'update' | 'end' | 'cancel', route: string): Command =>
  async (client, positionals, flags, io) => {
    const id = idArg(positionals, kind);
    const answer = await client.request('POST', `/actions/${encodeURIComponent(id)}/${route}`, bulletinCreatedSchema, { body: followUpBody(flags, kind), headers: idempotency(flags) });
    if (flags.json) return printJson(io, answer);
    print(io, `${answer.id}  ${answer.status}  ${answer.bulletin.kind} #${answer.bulletin.seq} on ${answer.bulletin.channels.join(', ')}`, `follow it: burgernet actions watch ${answer.id}`);
  };

const approve: Command = async (client, positionals, flags, io) => {
  const id = idArg(positionals, 'approve');
  const answer = await client.request('POST', `/actions/${encodeURIComponent(id)}/approve`, actionApprovedSchema);
  if (flags.json) return printJson(io, answer);
  print(io, `${answer.id}  ${answer.status}  approved`, `follow it: burgernet actions watch ${answer.id}`);
};

const list: Command = async (client, _p, flags, io) => {
  const limit = text(flags, 'limit');
  const page = await client.request('GET', '/actions', actionPageSchema, { query: { limit, cursor: text(flags, 'cursor') } });
  if (flags.json) return printJson(io, page);
  if (page.items.length === 0) return print(io, 'no actions');
  const rows = page.items.map((a) => [time(a.createdAt), a.id, a.type, a.status + (a.exercise ? ' (oefening)' : ''), a.title]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  print(io, ...rows.map((r) => r.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell)).join('  ')));
  if (page.next) print(io, `more: burgernet actions list --cursor ${page.next}${limit ? ` --limit ${limit}` : ''}`);
};

const show: Command = async (client, positionals, flags, io) => {
  const id = idArg(positionals, 'show');
  const a = await client.request('GET', `/actions/${encodeURIComponent(id)}`, actionViewSchema);
  if (flags.json) return printJson(io, a);
  const area = 'radiusMeters' in a.area ? `circle ${a.area.radiusMeters} m around ${a.area.center.lat}, ${a.area.center.lon}` : `polygon of ${(a.area.coordinates[0]?.length ?? 1) - 1} corners`;
  const lines = [
    `${a.id}  ${a.type}  ${a.status}${a.exercise ? '  OEFENING' : ''}${a.outcome ? `  outcome ${a.outcome}` : ''}`,
    a.title,
    a.description.text,
    `area: ${area}`,
    `created ${time(a.createdAt)} by ${a.createdBy}${a.approval ? ` · approval: ${a.approval.by ? `by ${a.approval.by}` : `waiting (${a.approval.reasons.join('; ')})`}` : ''}${a.endedAt ? ` · ended ${time(a.endedAt)}` : ''}`,
    '',
    `${'bulletin'.padEnd(14)}${'channel'.padEnd(8)}${'targeted'.padStart(9)}${'queued'.padStart(9)}${'sent'.padStart(9)}${'failed'.padStart(8)}${'skipped'.padStart(9)}`,
  ];
  for (const b of a.bulletins) {
    for (const [i, channel] of b.channels.entries()) {
      const c = b.counts?.[channel];
      const label = i === 0 ? `#${b.seq} ${b.kind}` : '';
      lines.push(`${label.padEnd(14)}${channel.padEnd(8)}${[c?.targeted, c?.queued, c?.sent].map((n) => formatCount(n ?? 0).padStart(9)).join('')}${formatCount(c?.failed ?? 0).padStart(8)}${formatCount(c?.skipped ?? 0).padStart(9)}`);
    }
  }
  print(io, ...lines);
};

const timeline: Command = async (client, positionals, flags, io) => {
  const id = idArg(positionals, 'timeline');
  const t = await client.request('GET', `/actions/${encodeURIComponent(id)}/timeline`, timelineSchema);
  if (flags.json) return printJson(io, t);
  print(io, ...t.entries.map((e) => `${time(e.at)}  #${e.seq}  ${e.kind.padEnd(18)} ${e.actor.padEnd(16)} ${Object.entries(e.details).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(' ')}`));
};

export const actionCommands: Readonly<Record<string, Command>> = {
  start,
  preview,
  update: followUp('update', 'updates'),
  end: followUp('end', 'end'),
  cancel: followUp('cancel', 'cancel'),
  approve,
  list,
  show,
  timeline,
  watch,
};

/** Flags every actions command accepts (parseArgs config). */
export const actionFlags = {
  file: { type: 'string', short: 'f' },
  type: { type: 'string' },
  title: { type: 'string' },
  text: { type: 'string' },
  lat: { type: 'string' },
  lon: { type: 'string' },
  radius: { type: 'string' },
  polygon: { type: 'string' },
  channels: { type: 'string' },
  sms: { type: 'string' },
  voice: { type: 'string' },
  'push-title': { type: 'string' },
  'push-body': { type: 'string' },
  exercise: { type: 'boolean' },
  outcome: { type: 'string' },
  'idempotency-key': { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
  seq: { type: 'string' },
  interval: { type: 'string' },
  timeout: { type: 'string' },
  watch: { type: 'boolean', short: 'w' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;
