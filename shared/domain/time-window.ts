// When an address counts: optional weekly windows in Dutch local time (e.g. work, Mon–Fri
// 08:00–18:00). A window's start is inside and its end outside; a window whose end is before its
// start runs past midnight into the next day. No windows means always.
import { z } from 'zod';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
export const TIME_ZONE = 'Europe/Amsterdam';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (00:00–23:59)');

export const timeWindowSchema = z
  .object({
    days: z
      .array(z.enum(weekdays))
      .min(1, 'name at least one day')
      .refine((d) => new Set(d).size === d.length, 'a day is listed twice'),
    from: hhmm,
    to: hhmm,
  })
  .strict()
  .refine((w) => w.from !== w.to, { message: 'a window needs a length: from and to are equal', path: ['to'] });

export type TimeWindow = z.infer<typeof timeWindowSchema>;

export const windowsSchema = z.array(timeWindowSchema).max(7, 'at most 7 windows');

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

const local = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Weekday and minute of the day in Dutch local time (summer and winter time included). */
export function localTime(at: Date): { day: Weekday; minute: number } {
  const parts = Object.fromEntries(local.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: (parts.weekday ?? 'Mon').toLowerCase().slice(0, 3) as Weekday, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

export function isOpen(windows: readonly TimeWindow[] | undefined, at: Date): boolean {
  if (!windows || windows.length === 0) return true;
  const { day, minute } = localTime(at);
  const yesterday = weekdays[(weekdays.indexOf(day) + 6) % 7]!;
  return windows.some((w) => {
    const from = minutes(w.from);
    const to = minutes(w.to);
    if (from < to) return w.days.includes(day) && minute >= from && minute < to;
    // Past midnight: the evening part on a listed day, the morning part on the day after one.
    return (w.days.includes(day) && minute >= from) || (w.days.includes(yesterday) && minute < to);
  });
}

/** Compact text form for the geo index projection: `mon,tue@08:00-18:00|sat@10:00-14:00`. */
export const encodeWindows = (windows: readonly TimeWindow[]): string => windows.map((w) => `${w.days.join(',')}@${w.from}-${w.to}`).join('|');

export function decodeWindows(text: string): TimeWindow[] {
  return text.split('|').map((part) => {
    const [days = '', span = ''] = part.split('@');
    const [from = '', to = ''] = span.split('-');
    return { days: days.split(',') as Weekday[], from, to };
  });
}
