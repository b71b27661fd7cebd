import { describe, expect, it } from 'vitest';
import { smsExcess, smsLength } from '#shared/domain/sms-encoding';

describe('SMS length', () => {
  it('counts plain Dutch text as GSM-7, one segment up to 160', () => {
    expect(smsLength('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1, perSegment: 160 });
    expect(smsLength('a'.repeat(161))).toMatchObject({ segments: 2, perSegment: 153 });
  });

  it('counts escape characters such as € twice', () => {
    expect(smsLength('€'.repeat(80)).units).toBe(160);
  });

  it('switches to UCS-2 for one ë or emoji, 70 per single segment', () => {
    expect(smsLength('Citroën')).toMatchObject({ encoding: 'UCS-2', segments: 1, perSegment: 70 });
    expect(smsLength(`${'a'.repeat(70)}🚓`)).toMatchObject({ encoding: 'UCS-2', units: 72, segments: 2 });
  });

  it('says how many characters must go to fit', () => {
    expect(smsExcess('a'.repeat(459), 3)).toBe(0);
    expect(smsExcess('a'.repeat(470), 3)).toBe(11);
    expect(smsExcess('ë'.repeat(205), 3)).toBe(4);
  });
});
