import { describe, expect, it } from 'vitest';
import { decodeWindows, encodeWindows, isOpen, localTime, timeWindowSchema, type TimeWindow } from '#shared/domain/time-window';

const work: TimeWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' };
const night: TimeWindow = { days: ['fri'], from: '22:00', to: '06:00' };

describe('time windows in Dutch local time', () => {
  it('opens at the start minute and closes at the end minute (winter time, UTC+1)', () => {
    // Monday 2026-01-05.
    expect(isOpen([work], new Date('2026-01-05T06:59:59Z'))).toBe(false); // 07:59:59 local
    expect(isOpen([work], new Date('2026-01-05T07:00:00Z'))).toBe(true); // 08:00 local
    expect(isOpen([work], new Date('2026-01-05T16:59:00Z'))).toBe(true); // 17:59 local
    expect(isOpen([work], new Date('2026-01-05T17:00:00Z'))).toBe(false); // 18:00 local
  });

  it('follows summer time (UTC+2) and the change-over night', () => {
    // Monday 2026-07-06: 08:00 local is 06:00 UTC.
    expect(isOpen([work], new Date('2026-07-06T05:59:00Z'))).toBe(false);
    expect(isOpen([work], new Date('2026-07-06T06:00:00Z'))).toBe(true);
    // Sunday 2026-03-29, 01:00 UTC is 03:00 CEST (the clock jumped from 02:00).
    expect(localTime(new Date('2026-03-29T01:00:00Z'))).toEqual({ day: 'sun', minute: 180 });
  });

  it('is closed on days not listed, and always open without windows', () => {
    expect(isOpen([work], new Date('2026-01-10T12:00:00Z'))).toBe(false); // Saturday
    expect(isOpen(undefined, new Date('2026-01-10T12:00:00Z'))).toBe(true);
    expect(isOpen([], new Date('2026-01-10T12:00:00Z'))).toBe(true);
  });

  it('runs a window past midnight into the next day', () => {
    expect(isOpen([night], new Date('2026-01-09T20:59:00Z'))).toBe(false); // Fri 21:59
    expect(isOpen([night], new Date('2026-01-09T21:00:00Z'))).toBe(true); // Fri 22:00
    expect(isOpen([night], new Date('2026-01-10T04:59:00Z'))).toBe(true); // Sat 05:59
    expect(isOpen([night], new Date('2026-01-10T05:00:00Z'))).toBe(false); // Sat 06:00
    expect(isOpen([night], new Date('2026-01-08T23:00:00Z'))).toBe(false); // Fri 00:00 belongs to Thursday's night
  });

  it('round-trips the compact index form', () => {
    expect(decodeWindows(encodeWindows([work, night]))).toEqual([work, night]);
  });

  it('refuses impossible windows, naming the field', () => {
    const bad = (w: unknown) => timeWindowSchema.safeParse(w).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(bad({ days: ['mon'], from: '24:00', to: '08:00' })).toEqual(['from: a time as HH:MM (00:00–23:59)']);
    expect(bad({ days: [], from: '08:00', to: '09:00' })).toEqual(['days: name at least one day']);
    expect(bad({ days: ['mon', 'mon'], from: '08:00', to: '09:00' })).toEqual(['days: a day is listed twice']);
    expect(bad({ days: ['mon'], from: '08:00', to: '08:00' })).toEqual(['to: a window needs a length: from and to are equal']);
    expect(bad({ days: ['maandag'], from: '08:00', to: '09:00' })?.[0]).toMatch(/^days\.0/);
  });
});
