import { describe, expect, it } from 'vitest';
import { DEFAULT_SMS_MAX_SEGMENTS, smsBudgetIssue, smsExcess, smsLength } from '#shared/domain/sms-encoding';

describe('SMS length', () => {
  it('counts plain Dutch text as GSM-7, one segment up to 160', () => {
    expect(smsLength('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1, perSegment: 160, characters: 160, nonGsm: [] });
    expect(smsLength('a'.repeat(161))).toMatchObject({ segments: 2, perSegment: 153 });
    expect(smsLength('a'.repeat(306)).segments).toBe(2);
    expect(smsLength('a'.repeat(307)).segments).toBe(3);
  });

  it('counts escape characters such as € twice', () => {
    expect(smsLength('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1, characters: 80 });
    for (const ch of '^{}\\[~]|€\f') expect(smsLength(ch), JSON.stringify(ch)).toMatchObject({ encoding: 'GSM-7', units: 2 });
  });

  it('knows the default alphabet, including its Greek capitals and accented letters', () => {
    for (const ch of '@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\n\r') expect(smsLength(ch).encoding, JSON.stringify(ch)).toBe('GSM-7');
    // Not in it: backtick, ê, ë, lower-case ç, the typographic apostrophe and a no-break space.
    for (const ch of '`êëç’\u00a0') expect(smsLength(ch).encoding, JSON.stringify(ch)).toBe('UCS-2');
  });

  it('switches to UCS-2 for one ë or emoji, 70 per single segment, and names the culprits', () => {
    expect(smsLength('Citroën')).toMatchObject({ encoding: 'UCS-2', segments: 1, perSegment: 70, nonGsm: ['ë'] });
    expect(smsLength(`${'a'.repeat(160)}`).segments).toBe(1);
    expect(smsLength(`${'a'.repeat(159)}ë`)).toMatchObject({ encoding: 'UCS-2', units: 160, segments: 3 });
    expect(smsLength('Kijk uit’s avonds 🚓 ë ë')).toMatchObject({ nonGsm: ['’', '🚓', 'ë'] });
  });

  it('counts an emoji as two UCS-2 units but one character', () => {
    expect(smsLength(`${'a'.repeat(70)}🚓`)).toMatchObject({ encoding: 'UCS-2', units: 72, segments: 2, characters: 71 });
    expect(smsLength('🚓'.repeat(35))).toMatchObject({ units: 70, segments: 1 });
  });

  it('never ends a segment between an escape and its character', () => {
    // 306 septets would be two segments of 153, but the € straddles the first boundary.
    const text = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
    expect(smsLength(text)).toMatchObject({ encoding: 'GSM-7', units: 306, segments: 3 });
    expect(smsLength(`${'a'.repeat(151)}€${'a'.repeat(153)}`).segments).toBe(2);
  });

  it('never ends a segment between the halves of a surrogate pair', () => {
    // 134 units would be two segments of 67, but the emoji straddles the first boundary.
    const text = `ë${'a'.repeat(65)}🚓${'a'.repeat(66)}`;
    expect(smsLength(text)).toMatchObject({ encoding: 'UCS-2', units: 134, segments: 3 });
    expect(smsLength(`ë${'a'.repeat(64)}🚓${'a'.repeat(67)}`).segments).toBe(2);
  });
});

describe('SMS budget', () => {
  it('says how many characters must go to fit', () => {
    expect(smsExcess('a'.repeat(459), 3)).toBe(0);
    expect(smsExcess('a'.repeat(470), 3)).toBe(11);
    expect(smsExcess('ë'.repeat(205), 3)).toBe(4);
    expect(smsExcess('a'.repeat(161), 1)).toBe(1);
  });

  it('counts characters, not units, and respects the segment boundaries', () => {
    // 76 € fill a segment (152 septets): 228 fit in three.
    expect(smsExcess('€'.repeat(240), 3)).toBe(12);
    // 33 emoji fill a 67-unit segment: 99 fit in three, although 200 units < 201.
    expect(smsExcess('🚓'.repeat(100), 3)).toBe(1);
  });

  it('sees that dropping the one UCS-2 character at the end is enough', () => {
    expect(smsLength(`${'a'.repeat(459)}ë`).segments).toBe(7);
    expect(smsExcess(`${'a'.repeat(459)}ë`, 3)).toBe(1);
  });

  it('defaults the budget to 3 segments', () => {
    // The deployment's own budget (1–10) is settings.smsMaxSegments, validated with the configuration.
    expect(DEFAULT_SMS_MAX_SEGMENTS).toBe(3);
  });

  it('explains an over-long text, naming what forced UCS-2', () => {
    expect(smsBudgetIssue('a'.repeat(459), 3)).toBeUndefined();
    expect(smsBudgetIssue('a'.repeat(470), 3)).toBe('longer than 3 SMS segments: 11 characters must go');
    expect(smsBudgetIssue('a'.repeat(161), 1)).toBe('longer than 1 SMS segment: 1 character must go');
    expect(smsBudgetIssue(`Citroën ${'a'.repeat(200)}`, 3)).toBe('longer than 3 SMS segments (sent as UCS-2, 67 per segment, because of "ë"): 7 characters must go');
  });

  it('takes the deployment budget it is given', () => {
    expect(smsBudgetIssue('a'.repeat(200), 1)).toBe('longer than 1 SMS segment: 40 characters must go');
    expect(smsBudgetIssue('a'.repeat(200), DEFAULT_SMS_MAX_SEGMENTS)).toBeUndefined();
  });
});
