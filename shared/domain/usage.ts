// The keys and encodings of the usage figures (shared/ports/usage-store.ts): months are calendar
// months in Dutch time, partitions are per municipality and month, and a participant's state is
// one short string so a month's record can say "from" and "to" in two attributes.
import { channels, type Channel } from '#shared/domain/vocabulary';
import type { ParticipantSummary } from '#shared/ports/usage-store';

export const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** Participants without a municipality are counted under this code (national figures only). */
export const NO_MUNICIPALITY = 'none';

const monthFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' });

/** `YYYY-MM` of an instant, in Europe/Amsterdam. */
export const monthOf = (iso: string | Date): string => monthFormat.format(typeof iso === 'string' ? new Date(iso) : iso).slice(0, 7);

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

const monthIndex = (month: string): number => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
};

/** Every month from `from` to `to`, both included. Counted, not compared as strings: 9999-12 is followed by 10000-01, which sorts before it. */
export function monthsBetween(from: string, to: string): string[] {
  return Array.from({ length: Math.max(0, monthIndex(to) - monthIndex(from) + 1) }, (_, i) => addMonths(from, i));
}

export const municipalityMonthKey = (code: string, month: string) => `${code}#${month}`;
export const actionKey = (actionId: string) => `action#${actionId}`;

/** A participant as the reports see them: active or not, on which channels, with an app device. */
export interface ParticipantState {
  readonly active: boolean;
  readonly channels: readonly Channel[];
  readonly device: boolean;
}

export const NOT_ACTIVE = '-';

export function encodeState(s: ParticipantState): string {
  if (!s.active) return NOT_ACTIVE;
  const ch = channels.filter((c) => s.channels.includes(c)).join(',');
  return `${ch || 'none'}${s.device ? '+dev' : ''}`;
}

export function decodeState(s: string): ParticipantState {
  if (s === NOT_ACTIVE) return { active: false, channels: [], device: false };
  const [list = '', dev] = s.split('+');
  return { active: true, channels: channels.filter((c) => list.split(',').includes(c)), device: dev === 'dev' };
}

export const emptySummary = (): ParticipantSummary => ({ active: 0, byChannel: { sms: 0, voice: 0, push: 0 }, devices: 0 });

/** Applies one participant's month (from → to) to a running summary; says whether they joined or left. */
export function applyChange(sum: ParticipantSummary, from: string, to: string): { summary: ParticipantSummary; joined: boolean; left: boolean } {
  const a = decodeState(from);
  const b = decodeState(to);
  const n = (x: boolean) => (x ? 1 : 0);
  const byChannel = { ...sum.byChannel };
  for (const c of channels) byChannel[c] += n(b.active && b.channels.includes(c)) - n(a.active && a.channels.includes(c));
  return {
    summary: { active: sum.active + n(b.active) - n(a.active), byChannel, devices: sum.devices + n(b.active && b.device) - n(a.active && a.device) },
    joined: !a.active && b.active,
    left: a.active && !b.active,
  };
}
