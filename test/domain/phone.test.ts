import { describe, expect, it } from 'vitest';
import { normalisePhone, numberRange } from '#shared/domain/phone';

describe('phone numbers', () => {
  it.each([
    ['06 1234 5678', '+31612345678'],
    ['+31 6-12345678', '+31612345678'],
    ['0031612345678', '+31612345678'],
  ])('normalises the mobile %s to E.164', (input, e164) => {
    expect(normalisePhone(input, ['sms'])).toEqual({ e164, mobile: true });
  });

  it('takes a landline for voice but not for SMS', () => {
    expect(normalisePhone('030 123 4567', ['voice'])).toEqual({ e164: '+31301234567', mobile: false });
    expect(normalisePhone('030 123 4567', ['sms', 'voice'])).toEqual({ error: 'sms needs a mobile number (06…)' });
  });

  it('refuses invalid, foreign and service numbers with a reason', () => {
    expect(normalisePhone('12345', ['sms'])).toEqual({ error: 'not a valid phone number' });
    expect(normalisePhone('+32 470 12 34 56', ['sms'])).toEqual({ error: 'Burgernet reaches Dutch numbers only (+31)' });
    expect(normalisePhone('0900 1234567', ['voice'])).toEqual({ error: 'not a number that can be called' });
  });

  it('groups numbers into ranges by all but the last three digits', () => {
    expect(numberRange('+31612345678')).toBe('+31612345');
  });
});
