import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRICES,
  PriceTableError,
  awsCost,
  billedMinutes,
  deliveryUsage,
  priceTableFrom,
  priceTableSchema,
  priceTableWith,
  providerCost,
  speechSeconds,
  SPEECH_CHARS_PER_SECOND,
} from '#shared/domain/prices';
import { voiceSsml } from '#shared/domain/render';

describe('price table', () => {
  it('has valid defaults for eu-west-1 in USD, with the date they were checked', () => {
    expect(priceTableSchema.parse(DEFAULT_PRICES)).toEqual(DEFAULT_PRICES);
    expect(DEFAULT_PRICES).toMatchObject({ currency: 'USD', region: 'eu-west-1' });
    expect(DEFAULT_PRICES.checkedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('takes partial overrides from PRICE_TABLE_JSON, keeping the other defaults', () => {
    const t = priceTableFrom({ json: JSON.stringify({ checkedOn: '2027-01-15', channels: { smsPerSegment: 0.07 }, aws: { sqsPerMillionRequests: 0.5 } }) });
    expect(t.channels).toEqual({ ...DEFAULT_PRICES.channels, smsPerSegment: 0.07 });
    expect(t.aws).toEqual({ ...DEFAULT_PRICES.aws, sqsPerMillionRequests: 0.5 });
    expect(t.checkedOn).toBe('2027-01-15');
  });

  it('reads PRICE_TABLE_FILE when no inline JSON is given', () => {
    const files: Record<string, string> = { '/etc/prices.json': '{"channels":{"voicePerMinute":0.2}}' };
    expect(priceTableFrom({ file: '/etc/prices.json' }, (p) => files[p]!).channels.voicePerMinute).toBe(0.2);
    expect(priceTableFrom({})).toBe(DEFAULT_PRICES);
  });

  it('refuses broken overrides, naming the field', () => {
    expect(() => priceTableFrom({ json: '{' })).toThrow(PriceTableError);
    expect(() => priceTableFrom({ json: '{"channels":{"smsPerSegment":-1}}' })).toThrow(/PRICE_TABLE_JSON: price table: channels\.smsPerSegment/);
    expect(() => priceTableWith({ channels: { faxPerPage: 1 } })).toThrow(/channels/);
    expect(() => priceTableWith({ currency: 'EUR' })).toThrow(/currency/);
    expect(() => priceTableWith({ checkedOn: 'yesterday' })).toThrow(/checkedOn/);
  });
});

describe('pricing messages', () => {
  it('prices SMS per segment, voice per started minute and push per publish', () => {
    expect(providerCost(DEFAULT_PRICES, { channel: 'sms', count: 1000, segments: 2 })).toBeCloseTo(2000 * DEFAULT_PRICES.channels.smsPerSegment, 9);
    expect(providerCost(DEFAULT_PRICES, { channel: 'voice', count: 100, callSeconds: 50 })).toBeCloseTo(100 * 1 * DEFAULT_PRICES.channels.voicePerMinute, 9);
    expect(providerCost(DEFAULT_PRICES, { channel: 'voice', count: 100, callSeconds: 56 })).toBeCloseTo(100 * 2 * DEFAULT_PRICES.channels.voicePerMinute, 9);
    expect(providerCost(DEFAULT_PRICES, { channel: 'push', count: 2_000_000 })).toBeCloseTo(2 * DEFAULT_PRICES.channels.pushPerMillion, 9);
  });

  it('bills a call by started minute, dialling included', () => {
    expect(billedMinutes(0)).toBe(1);
    expect(billedMinutes(55)).toBe(1);
    expect(billedMinutes(55.5)).toBe(2);
    expect(billedMinutes(175)).toBe(3);
  });

  it('estimates speech from the text at the stated rate plus the explicit breaks', () => {
    expect(speechSeconds(`<speak><p>${'a'.repeat(SPEECH_CHARS_PER_SECOND * 10)}</p></speak>`)).toBeCloseTo(10, 6);
    expect(speechSeconds('<speak><break time="1s"/><break time="500ms"/></speak>')).toBeCloseTo(1.5, 6);
    // An escaped character is one spoken character.
    expect(speechSeconds('<speak>&amp;</speak>')).toBeCloseTo(1 / SPEECH_CHARS_PER_SECOND, 6);
    // The rendered script: spoken twice with the call-back line, a pause in between.
    const text = 'Dit is Burgernet. De politie zoekt een man met een donkere jas.';
    const seconds = speechSeconds(voiceSsml({ exercise: false }, { messages: { voice: text } }, 'nl'));
    expect(seconds).toBeGreaterThan((2 * text.length) / SPEECH_CHARS_PER_SECOND + 1.5);
    expect(seconds).toBeLessThan((2 * text.length + 120) / SPEECH_CHARS_PER_SECOND + 1.5);
  });

  it('prices AWS usage by unit', () => {
    expect(awsCost(DEFAULT_PRICES, {})).toBe(0);
    const a = DEFAULT_PRICES.aws;
    expect(awsCost(DEFAULT_PRICES, { lambdaGbSeconds: 10, lambdaRequests: 1e6, dynamoReadUnits: 1e6, dynamoWriteUnits: 2e6, dynamoGbMonths: 3, sqsRequests: 1e6, locationGeofenceEvaluations: 1000, locationPositionWrites: 2000, apiRequests: 1e6 })).toBeCloseTo(
      10 * a.lambdaPerGbSecond + a.lambdaPerMillionRequests + a.dynamoPerMillionReadUnits + 2 * a.dynamoPerMillionWriteUnits + 3 * a.dynamoPerGbMonth + a.sqsPerMillionRequests + a.locationPerThousandGeofenceEvaluations + 2 * a.locationPerThousandPositionWrites + a.apiPerMillionRequests,
      12,
    );
  });

  it('estimates the platform usage of a delivery from the paced sender', () => {
    expect(deliveryUsage(250, { memoryMb: 512, ratePerInstance: 20 })).toEqual({
      dynamoReadUnits: 250,
      dynamoWriteUnits: 1000,
      sqsRequests: 9,
      lambdaRequests: 3,
      lambdaGbSeconds: (250 / 20) * 0.5,
    });
  });
});
