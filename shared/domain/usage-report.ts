// Usage reports of a municipality, a police unit or the country: per month and in total,
// participants (active per channel, joined, left, app devices), actions that reached residents,
// messages to residents per channel and what it all cost, next to the old contribution of
// €0.03 per inhabitant a year. Only usage records are read: per municipality and month one Query
// of its partition, per action reached one Query of the action's partition (to share its counted
// AWS requests out by recipients). Participants and deliveries are never scanned.
import { z } from 'zod';
import { channels, type Channel } from '#shared/domain/vocabulary';
import type { ActionStore } from '#shared/ports/action-store';
import type { Clock } from '#shared/ports/clock';
import type { Municipality } from '#shared/ports/municipality-store';
import type { InfraRecord, MunicipalityMessageRecord, ParticipantMonthRecord, ParticipantSummary, UsageStore } from '#shared/ports/usage-store';
import { inhabitantsIn } from './municipality-import';
import type { PoliceUnit } from './police-units';
import { awsCost, type PriceTable } from './prices';
import { suppress, SUPPRESS_BELOW, type Suppressed } from './suppression';
import { actionKey, addMonths, applyChange, emptySummary, MONTH, monthOf, monthsBetween, municipalityMonthKey, NO_MUNICIPALITY } from './usage';

/** The contribution municipalities paid per inhabitant and year until the 2020 transition year. */
export const OLD_CONTRIBUTION_EUR_PER_INHABITANT_YEAR = 0.03;
/** For putting the old contribution (EUR) beside the costs (price table currency, USD). */
export const DEFAULT_USD_PER_EUR = 1.08;
export const MAX_REPORT_MONTHS = 120;

// Periods compare as strings (`from <= to`), which holds only for four-digit years, and the
// defaults add up to a year to a given month: this century keeps both in range.
const month = z
  .string()
  .regex(MONTH, 'a month such as 2020-01')
  .refine((m) => m >= '2000-01' && m <= '2099-12', 'a month from 2000-01 to 2099-12');
export const periodSchema = z
  .object({ from: month.optional(), to: month.optional() })
  .refine((p) => !p.from || !p.to || p.from <= p.to, { message: 'comes before from', path: ['to'] })
  .refine((p) => !p.from || !p.to || monthsBetween(p.from, p.to).length <= MAX_REPORT_MONTHS, { message: `at most ${MAX_REPORT_MONTHS} months after from`, path: ['to'] });

/** `{file}` of GET /reports/municipalities/{file}: a CBS code, optionally `.html`, `.csv` or `.json`. */
export const municipalityReportPathSchema = z.object({
  file: z
    .string()
    .regex(/^GM\d{4}(\.(html|csv|json))?$/i, 'a CBS code such as GM0344, optionally with .html or .csv')
    .transform((f) => {
      const [code = '', ext] = f.split('.');
      return { code: code.toUpperCase(), ext: ext?.toLowerCase() };
    }),
});

export const unitReportPathSchema = z.object({ unit: z.string().min(1).max(60) });

/** The period asked for; by default the twelve months up to and including the current one. */
export function reportPeriod(q: z.infer<typeof periodSchema>, now: Date): { from: string; to: string } {
  const to = q.to ?? (q.from ? addMonths(q.from, 11) : monthOf(now));
  return { from: q.from ?? addMonths(to, -11), to };
}

export type ReportScope =
  | { readonly kind: 'municipality'; readonly municipality: Municipality }
  | { readonly kind: 'unit'; readonly unit: PoliceUnit; readonly municipalities: readonly Municipality[] }
  | { readonly kind: 'national'; readonly municipalities: readonly Municipality[] };

export interface ReportDeps {
  readonly usage: UsageStore;
  readonly actions: Pick<ActionStore, 'get'>;
  readonly prices: PriceTable;
  readonly clock: Clock;
  readonly usdPerEur?: number;
}

type PerChannel<T> = Record<Channel, T>;
const perChannel = <T>(make: () => T): PerChannel<T> => ({ sms: make(), voice: make(), push: make() });

interface Raw {
  inhabitants: number;
  participants: ParticipantSummary;
  joined: number;
  left: number;
  /** Action id → exercise, for actions with a message sent to residents this month. */
  actions: Map<string, boolean>;
  messages: PerChannel<{ sent: number; failed: number; units: number }>;
  exercise: PerChannel<number>;
  messageCost: number;
  infraCost: number;
}

const emptyRaw = (): Raw => ({
  inhabitants: 0,
  participants: emptySummary(),
  joined: 0,
  left: 0,
  actions: new Map(),
  messages: perChannel(() => ({ sent: 0, failed: 0, units: 0 })),
  exercise: perChannel(() => 0),
  messageCost: 0,
  infraCost: 0,
});

function addRaw(into: Raw, r: Raw): void {
  into.inhabitants += r.inhabitants;
  into.participants = {
    active: into.participants.active + r.participants.active,
    byChannel: { sms: into.participants.byChannel.sms + r.participants.byChannel.sms, voice: into.participants.byChannel.voice + r.participants.byChannel.voice, push: into.participants.byChannel.push + r.participants.byChannel.push },
    devices: into.participants.devices + r.participants.devices,
  };
  into.joined += r.joined;
  into.left += r.left;
  for (const [id, ex] of r.actions) into.actions.set(id, ex);
  for (const c of channels) {
    into.messages[c].sent += r.messages[c].sent;
    into.messages[c].failed += r.messages[c].failed;
    into.messages[c].units += r.messages[c].units;
    into.exercise[c] += r.exercise[c];
  }
  into.messageCost += r.messageCost;
  into.infraCost += r.infraCost;
}

/** Runs `fn` over `items` with a few in flight (one Lambda, one DynamoDB client). */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/** Per action: its counted AWS cost and how many messages it handled, to share the cost out. */
interface ActionShare {
  readonly infraCost: number;
  readonly handled: number;
}

class ReportReader {
  private readonly shares = new Map<string, Promise<ActionShare>>();
  private readonly outcomes = new Map<string, Promise<{ type: string; outcome: string }>>();

  constructor(private readonly deps: ReportDeps) {}

  share(actionId: string): Promise<ActionShare> {
    let p = this.shares.get(actionId);
    if (!p) {
      p = this.deps.usage.query(actionKey(actionId)).then((records) => {
        let infraCost = 0;
        let handled = 0;
        for (const r of records) {
          if (r.kind === 'infra') infraCost += awsCost(this.deps.prices, infraUsage(r));
          else if (r.kind === 'msg' && 'byMunicipality' in r) for (const f of Object.values(r.byMunicipality)) handled += f.sent + f.failed + f.skipped;
        }
        return { infraCost, handled };
      });
      this.shares.set(actionId, p);
    }
    return p;
  }

  outcome(actionId: string, type: string): Promise<{ type: string; outcome: string }> {
    let p = this.outcomes.get(actionId);
    if (!p) {
      p = this.deps.actions.get(actionId).then((a) => ({
        type: a?.type ?? type,
        outcome: a?.outcome ?? (a?.status === 'cancelled' ? 'cancelled' : a?.status === 'ended' ? 'overig' : 'open'),
      }));
      this.outcomes.set(actionId, p);
    }
    return p;
  }

  /** A closed month takes no more records (a day's grace for events stamped just before midnight). */
  private closed(m: string): boolean {
    const end = Date.parse(`${addMonths(m, 1)}-01T00:00:00Z`);
    return end + 2 * 86_400_000 < this.deps.clock.now().getTime();
  }

  /** Participants at the end of the month before `from`: the last kept summary plus later changes. */
  private async stockBefore(code: string, from: string): Promise<ParticipantSummary> {
    const first = await this.deps.usage.firstMonth(code);
    if (!first || first >= from) return emptySummary();
    let base = emptySummary();
    let start = first;
    for (let m = addMonths(from, -1); m >= first; m = addMonths(m, -1)) {
      const kept = await this.deps.usage.summary(municipalityMonthKey(code, m));
      if (kept) {
        base = kept;
        start = addMonths(m, 1);
        break;
      }
    }
    for (let m = start; m < from; m = addMonths(m, 1)) {
      const pk = municipalityMonthKey(code, m);
      for (const r of await this.deps.usage.query(pk, 'par#')) if (r.kind === 'par') base = applyChange(base, r.from, r.to).summary;
      if (this.closed(m)) await this.deps.usage.putSummary(pk, base);
    }
    return base;
  }

  async municipality(code: string, municipality: Municipality | undefined, months: readonly string[]): Promise<Raw[]> {
    let stock = await this.stockBefore(code, months[0]!);
    const out: Raw[] = [];
    for (const m of months) {
      const raw = emptyRaw();
      raw.inhabitants = municipality ? inhabitantsIn(municipality, Number(m.slice(0, 4))) : 0;
      const records = await this.deps.usage.query(municipalityMonthKey(code, m));
      for (const r of records) {
        if (r.kind === 'par') {
          const change = applyChange(stock, (r as ParticipantMonthRecord).from, (r as ParticipantMonthRecord).to);
          stock = change.summary;
          raw.joined += change.joined ? 1 : 0;
          raw.left += change.left ? 1 : 0;
        }
      }
      raw.participants = stock;
      const messages = records.filter((r): r is MunicipalityMessageRecord => r.kind === 'msg' && 'actionId' in r);
      for (const r of messages) {
        if (r.exercise) raw.exercise[r.channel] += r.sent;
        else {
          raw.messages[r.channel].sent += r.sent;
          raw.messages[r.channel].failed += r.failed;
          raw.messages[r.channel].units += r.units;
        }
        if (r.sent > 0) raw.actions.set(r.actionId, r.exercise);
        raw.messageCost += r.cost;
        const share = await this.share(r.actionId);
        if (share.handled > 0) raw.infraCost += (share.infraCost * (r.sent + r.failed + r.skipped)) / share.handled;
      }
      out.push(raw);
    }
    return out;
  }
}

export function infraUsage(r: InfraRecord) {
  return {
    lambdaGbSeconds: r.lambdaGbSeconds,
    lambdaRequests: r.lambdaRequests,
    dynamoReadUnits: r.dynamoReadUnits,
    dynamoWriteUnits: r.dynamoWriteUnits,
    sqsRequests: r.sqsRequests,
  };
}

/** Micro-dollars: a small action's AWS share is far below a hundredth of a cent. */
const money = (n: number) => Math.round(n * 1e6) / 1e6;

/** One month (or the total) as the report shows it, small cells suppressed. */
async function shape(reader: ReportReader, raw: Raw, path: string, suppressed: string[], usdPerEur: number, monthsInPeriod: number) {
  const cell = (name: string, n: number): Suppressed => suppress(n, `${path}.${name}`, suppressed);
  const byType: Record<string, number> = {};
  const byOutcome: Record<string, number> = {};
  let exercises = 0;
  let real = 0;
  for (const [id, exercise] of raw.actions) {
    if (exercise) {
      exercises++;
      continue;
    }
    real++;
    const { type, outcome } = await reader.outcome(id, 'overig');
    byType[type] = (byType[type] ?? 0) + 1;
    byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
  }
  const total = raw.messageCost + raw.infraCost;
  const oldEur = (raw.inhabitants * OLD_CONTRIBUTION_EUR_PER_INHABITANT_YEAR * monthsInPeriod) / 12;
  const m = raw.messages;
  return {
    inhabitants: raw.inhabitants,
    participants: {
      active: cell('participants.active', raw.participants.active),
      byChannel: { sms: cell('participants.byChannel.sms', raw.participants.byChannel.sms), voice: cell('participants.byChannel.voice', raw.participants.byChannel.voice), push: cell('participants.byChannel.push', raw.participants.byChannel.push) },
      appDevices: cell('participants.appDevices', raw.participants.devices),
      joined: cell('participants.joined', raw.joined),
      left: cell('participants.left', raw.left),
    },
    actions: { reachedResidents: real, byType, byOutcome, exercises },
    messages: {
      sms: { sent: cell('messages.sms.sent', m.sms.sent), segments: m.sms.sent > 0 && m.sms.sent < SUPPRESS_BELOW ? null : m.sms.units, failed: m.sms.failed },
      voice: { calls: cell('messages.voice.calls', m.voice.sent), minutes: m.voice.sent > 0 && m.voice.sent < SUPPRESS_BELOW ? null : m.voice.units, failed: m.voice.failed },
      push: { sent: cell('messages.push.sent', m.push.sent), failed: m.push.failed },
      exercise: { sms: raw.exercise.sms, voice: raw.exercise.voice, push: raw.exercise.push },
    },
    cost: { messages: money(raw.messageCost), infrastructure: money(raw.infraCost), total: money(total) },
    costPerInhabitant: raw.inhabitants > 0 ? Math.round((total / raw.inhabitants) * 1e6) / 1e6 : null,
    oldContribution: { eur: money(oldEur), usd: money(oldEur * usdPerEur) },
  };
}

export type ReportFigures = Awaited<ReturnType<typeof shape>>;

export interface UsageReport {
  readonly scope: { readonly kind: ReportScope['kind']; readonly code?: string; readonly name: string; readonly unit?: string; readonly municipalities: number; readonly inhabitants: number };
  readonly period: { readonly from: string; readonly to: string };
  readonly currency: PriceTable['currency'];
  readonly pricesCheckedOn: string;
  readonly oldContributionPerInhabitantYear: { readonly eur: number; readonly usdPerEur: number };
  readonly months: readonly (ReportFigures & { readonly month: string })[];
  readonly total: ReportFigures;
  readonly suppression: { readonly below: number; readonly cells: readonly string[] };
  readonly notes: readonly string[];
}

const NOTES = [
  'participants.active, byChannel and appDevices are as at the end of the month (in the total: at the end of the period); joined and left count changes in the month.',
  'Actions count once per month in which a message of theirs was sent to a resident; exercises are counted apart and not in messages.',
  'cost.messages is what the providers bill for the messages sent to residents (SMS segments, started voice minutes, pushes); cost.infrastructure is the AWS requests counted for each action, shared out by the recipients it handled.',
  'oldContribution is what the structural contribution (€0.03 per inhabitant a year, ended after 2020) would have been for the same period.',
  `Cells for 1 to ${SUPPRESS_BELOW - 1} participants (or messages to them) are null and listed in suppression.cells.`,
];

export async function buildReport(deps: ReportDeps, scope: ReportScope, period: { from: string; to: string }): Promise<UsageReport> {
  const reader = new ReportReader(deps);
  const months = monthsBetween(period.from, period.to);
  const list = scope.kind === 'municipality' ? [scope.municipality] : scope.municipalities;
  const perMunicipality = await mapLimited(list, 8, (m) => reader.municipality(m.code, m, months));
  // The country also has the messages and participants no municipality could be given.
  if (scope.kind === 'national') perMunicipality.push(await reader.municipality(NO_MUNICIPALITY, undefined, months));
  const byMonth = months.map((_, i) => {
    const sum = emptyRaw();
    for (const rows of perMunicipality) addRaw(sum, rows[i]!);
    return sum;
  });
  const total = emptyRaw();
  for (const r of byMonth) addRaw(total, r);
  // Stocks are as at the end of the period, not summed over months; inhabitants as in its last year.
  const last = byMonth.at(-1)!;
  total.participants = last.participants;
  total.inhabitants = last.inhabitants;

  const usdPerEur = deps.usdPerEur ?? DEFAULT_USD_PER_EUR;
  const suppressed: string[] = [];
  const shapedMonths = [];
  for (const [i, m] of months.entries()) shapedMonths.push({ month: m, ...(await shape(reader, byMonth[i]!, `months[${i}]`, suppressed, usdPerEur, 1)) });
  const shapedTotal = await shape(reader, total, 'total', suppressed, usdPerEur, months.length);
  // The old contribution of the whole period: each month at its own year's inhabitants.
  const oldEur = byMonth.reduce((s, r) => s + (r.inhabitants * OLD_CONTRIBUTION_EUR_PER_INHABITANT_YEAR) / 12, 0);

  const name = scope.kind === 'municipality' ? scope.municipality.name : scope.kind === 'unit' ? scope.unit.name : 'Nederland';
  return {
    scope: {
      kind: scope.kind,
      ...(scope.kind === 'municipality' ? { code: scope.municipality.code, unit: scope.municipality.unit } : scope.kind === 'unit' ? { code: scope.unit.code } : {}),
      name,
      municipalities: list.length,
      inhabitants: last.inhabitants,
    },
    period,
    currency: deps.prices.currency,
    pricesCheckedOn: deps.prices.checkedOn,
    oldContributionPerInhabitantYear: { eur: OLD_CONTRIBUTION_EUR_PER_INHABITANT_YEAR, usdPerEur },
    months: shapedMonths,
    total: { ...shapedTotal, oldContribution: { eur: money(oldEur), usd: money(oldEur * usdPerEur) } },
    suppression: { below: SUPPRESS_BELOW, cells: suppressed },
    notes: NOTES,
  };
}
