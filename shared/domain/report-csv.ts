// A usage report as CSV (RFC 4180): one row per month and a total row, figures flattened into
// columns. A suppressed cell is empty and its column named in the row's `suppressed` column.
import type { ReportFigures, UsageReport } from './usage-report';

const COLUMNS: readonly [string, (f: ReportFigures) => number | null | undefined][] = [
  ['inhabitants', (f) => f.inhabitants],
  ['participants_active', (f) => f.participants.active],
  ['participants_sms', (f) => f.participants.byChannel.sms],
  ['participants_voice', (f) => f.participants.byChannel.voice],
  ['participants_push', (f) => f.participants.byChannel.push],
  ['app_devices', (f) => f.participants.appDevices],
  ['joined', (f) => f.participants.joined],
  ['left', (f) => f.participants.left],
  ['actions', (f) => f.actions.reachedResidents],
  ['exercises', (f) => f.actions.exercises],
  ['sms_sent', (f) => f.messages.sms.sent],
  ['sms_segments', (f) => f.messages.sms.segments],
  ['voice_calls', (f) => f.messages.voice.calls],
  ['voice_minutes', (f) => f.messages.voice.minutes],
  ['push_sent', (f) => f.messages.push.sent],
  ['cost_messages', (f) => f.cost.messages],
  ['cost_infrastructure', (f) => f.cost.infrastructure],
  ['cost_total', (f) => f.cost.total],
  ['cost_per_inhabitant', (f) => f.costPerInhabitant],
  ['old_contribution_eur', (f) => f.oldContribution.eur],
];

/**
 * A spreadsheet runs a cell starting with = + - @ TAB or CR as a formula (CSV injection): such a
 * text gets a leading quote (OWASP). Figures are written as numbers and stay numbers, "-3" too.
 */
const neutralise = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function reportCsv(report: UsageReport): string {
  const header = ['scope', 'code', 'name', 'month', 'currency', ...COLUMNS.map(([c]) => c), 'suppressed'];
  const row = (month: string, f: ReportFigures) => {
    const values = COLUMNS.map(([, get]) => get(f));
    const empty = COLUMNS.filter((_, i) => values[i] === null).map(([c]) => c);
    const texts = [report.scope.kind, report.scope.code ?? '', report.scope.name, month, report.currency].map(neutralise);
    return [...texts, ...values.map((v) => (v === null || v === undefined ? '' : String(v))), empty.join(' ')];
  };
  const rows = [header, ...report.months.map((m) => row(m.month, m)), row('total', report.total)];
  return `${rows.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
}
