// The preview against an in-memory participant store: counts per channel and municipality,
// exercise opt-ins only, SMS sizing, cost from the price table, approval reasons and warnings.
import { describe, expect, it } from 'vitest';
import { createActionSchema, type CreateActionInput } from '#shared/domain/action';
import { DEFAULT_APPROVAL_RULE } from '#shared/domain/approval';
import { EARTH_RADIUS_M } from '#shared/domain/area';
import { coverRanges, geoKey, type GeoRange } from '#shared/domain/geo-index';
import { previewAction, smsAsSent } from '#shared/domain/preview';
import { DEFAULT_PRICES, priceTableWith } from '#shared/domain/prices';
import type { Candidate, ParticipantStore, ReadStats } from '#shared/ports/participant-store';
import type { Channel } from '#infra/topology';
import { resolveSettings } from '#infra/function-config';

const UTRECHT = { lat: 52.0907, lon: 5.1214 };

function at(meters: number, bearingDeg: number) {
  const d = meters / EARTH_RADIUS_M;
  const θ = (bearingDeg * Math.PI) / 180;
  const φ1 = (UTRECHT.lat * Math.PI) / 180;
  const λ1 = (UTRECHT.lon * Math.PI) / 180;
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(θ));
  const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
  return { lat: (φ2 * 180) / Math.PI, lon: (λ2 * 180) / Math.PI };
}

/** Serves candidates from memory by the same geo keys the DynamoDB adapter stores. */
class MemoryParticipants implements ParticipantStore {
  private readonly entries: { gb: string; gc: string; c: Candidate }[] = [];
  add(c: Candidate): void {
    this.entries.push({ ...geoKey(c.lat, c.lon, c.id), c });
  }
  putMany(): Promise<void> {
    throw new Error('not used');
  }
  contacts(): Promise<ReadonlyMap<string, never>> {
    throw new Error('the preview must not read contacts');
  }
  async *candidatesIn(ranges: readonly GeoRange[], stats: ReadStats): AsyncIterable<readonly Candidate[]> {
    for (const r of ranges) {
      stats.queryCalls++;
      const page = this.entries.filter((e) => e.gb === r.bucket && e.gc >= r.from && e.gc <= r.to).map((e) => e.c);
      stats.itemsRead += page.length;
      yield page;
    }
  }
}

const store = new MemoryParticipants();
let n = 0;
const person = (meters: number, bearing: number, channels: Channel[], municipalityCode: string | undefined, exerciseOptIn = false) => {
  const { lat, lon } = at(meters, bearing);
  store.add({ id: `p${n++}`, lat, lon, channels, exerciseOptIn, ...(municipalityCode ? { municipalityCode } : {}) });
};
// Inside a 1 km circle: 10 in GM0344 on sms+voice (4 opted into exercises), 5 in GM0310 on push,
// 2 without municipality on sms, 3 on voice only in GM0344.
for (let i = 0; i < 10; i++) person(100 + 50 * i, 36 * i, ['sms', 'voice'], 'GM0344', i < 4);
for (let i = 0; i < 5; i++) person(300 + 100 * i, 72 * i + 5, ['push'], 'GM0310');
for (let i = 0; i < 2; i++) person(200, 180 * i + 10, ['sms'], undefined, true);
for (let i = 0; i < 3; i++) person(800, 120 * i + 20, ['voice'], 'GM0344');
// Outside: just past the rim, and far away.
for (let i = 0; i < 12; i++) person(1010 + 5 * i, 30 * i, ['sms', 'voice', 'push'], 'GM0344', true);
person(5000, 0, ['sms'], 'GM0344');

const base = {
  type: 'heterdaad',
  title: 'Overval juwelier',
  description: { text: 'Man, 1.85 m, donkere jas' },
  area: { center: UTRECHT, radiusMeters: 1000 },
  channels: ['sms', 'voice', 'push'],
  messages: {
    sms: 'Burgernet: gezocht man 1.85 m, donkere jas. Gezien? Bel 0800-0011',
    voice: 'Dit is Burgernet. De politie zoekt een man met een donkere jas.',
    push: { title: 'Burgernet: overval Utrecht', body: 'Gezocht: man, 1.85 m, donkere jas' },
  },
};
const input = (over: Record<string, unknown> = {}): CreateActionInput => createActionSchema.parse({ ...base, ...over });
// The senders as the topology deploys them: their memory prices delivery time, their quotas pace it.
const deps = { participants: store, prices: DEFAULT_PRICES, approvalRule: DEFAULT_APPROVAL_RULE, smsMaxSegments: 3, senders: resolveSettings().senders };

describe('action preview', () => {
  it('counts recipients per channel and per municipality, inside the area only', async () => {
    const p = await previewAction(deps, input());
    expect(p.recipients).toEqual({
      total: 20,
      inArea: 20,
      byChannel: { sms: 12, voice: 13, push: 5 },
      byMunicipality: [
        { municipalityCode: 'GM0344', recipients: 13, byChannel: { sms: 10, voice: 13 } },
        { municipalityCode: 'GM0310', recipients: 5, byChannel: { push: 5 } },
        { municipalityCode: null, recipients: 2, byChannel: { sms: 2 } },
      ],
    });
    expect(p.selection.queryCalls).toBe(coverRanges(input().area).length);
    expect(p.selection.itemsRead).toBeGreaterThanOrEqual(20);
  });

  it('counts only the chosen channels, and who is inside whatever their channels', async () => {
    const p = await previewAction(deps, input({ channels: ['push'] }));
    expect(p.recipients).toMatchObject({ total: 5, inArea: 20, byChannel: { push: 5 } });
    expect(Object.keys(p.channels)).toEqual(['push']);
  });

  it('counts only exercise opt-ins for an exercise, and sizes the SMS with its prefix', async () => {
    const p = await previewAction(deps, input({ exercise: true }));
    expect(p.exercise).toBe(true);
    expect(p.recipients).toMatchObject({ total: 6, inArea: 6, byChannel: { sms: 6, voice: 4, push: 0 } });
    expect(p.channels.sms?.characters).toBe(`OEFENING ${base.messages.sms}`.length);
    expect(smsAsSent(input({ exercise: true }))).toBe(`OEFENING ${base.messages.sms}`);
    expect(p.warnings).toContain('nobody in the area receives push');
  });

  it('reports the SMS encoding and segments, and warns when one character forces UCS-2', async () => {
    const plain = await previewAction(deps, input());
    expect(plain.channels.sms).toMatchObject({ encoding: 'GSM-7', segments: 1, maxSegments: 3, perSegment: 160, nonGsmCharacters: [] });
    expect(plain.warnings).toEqual([]);

    const sms = `Citroën gezien? ${'x'.repeat(60)}`;
    const p = await previewAction(deps, input({ messages: { ...base.messages, sms } }));
    expect(p.channels.sms).toMatchObject({ encoding: 'UCS-2', segments: 2, perSegment: 67, nonGsmCharacters: ['ë'], units: 76 });
    expect(p.warnings).toEqual([
      'the SMS goes as UCS-2 (70 characters per SMS instead of 160) because of "ë"',
      'the SMS takes 2 segments: every recipient is billed 2 messages',
    ]);
  });

  it('prices each channel from the table: SMS per segment, voice per started minute, push per publish', async () => {
    const prices = priceTableWith({ channels: { smsPerSegment: 0.1, voicePerMinute: 0.5, pushPerMillion: 1_000_000 } });
    const p = await previewAction({ ...deps, prices }, input({ messages: { ...base.messages, sms: 'x'.repeat(200) } }));
    expect(p.channels.sms!.cost.provider).toBeCloseTo(12 * 2 * 0.1, 6);
    // The short voice script (twice, with the call-back line) is well under a minute.
    expect(p.channels.voice).toMatchObject({ billedMinutesPerCall: 1 });
    expect(p.channels.voice!.estimatedCallSeconds).toBeGreaterThan(10);
    expect(p.channels.voice!.cost.provider).toBeCloseTo(13 * 0.5, 6);
    expect(p.channels.push!.cost.provider).toBeCloseTo(5, 6);
    // A dozen messages cost the platform less than a tenth of a cent (paced voice waits longest).
    for (const c of Object.values(p.channels)) expect(c.cost.platform).toBeLessThan(0.001);
    const sum = Object.values(p.channels).reduce((s, c) => s + c.cost.provider + c.cost.platform, 0);
    expect(p.cost.total).toBeCloseTo(sum, 3);
    expect(p.cost).toMatchObject({ currency: 'USD', region: 'eu-west-1', pricesCheckedOn: DEFAULT_PRICES.checkedOn });
  });

  it('estimates how long each channel takes at its quota', async () => {
    const p = await previewAction(deps, input());
    for (const c of Object.values(p.channels)) expect(c.estimatedSeconds).toBeGreaterThanOrEqual(1);
  });

  it('says when a second operator must approve', async () => {
    expect((await previewAction(deps, input())).approval).toEqual({ required: false, reasons: [] });
    const child = await previewAction(deps, input({ type: 'vermist-kind' }));
    expect(child.approval).toEqual({ required: true, reasons: ['type vermist-kind needs a second operator'] });
    const wide = await previewAction(deps, input({ area: { center: UTRECHT, radiusMeters: 30_000 } }));
    expect(wide.approval.reasons).toEqual(['radius 30 km is over 25 km']);
  });

  it('counts a person with several locations once, skips stale positions and closed windows, as the fan-out does', async () => {
    const local = new MemoryParticipants();
    const near = at(100, 0);
    const far = at(700, 90);
    // Home in GM0344 and work in GM0310, both inside: one recipient, in the nearer one's municipality.
    local.add({ id: 'multi', ...far, channels: ['sms'], exerciseOptIn: false, municipalityCode: 'GM0310' });
    local.add({ id: 'multi', ...near, channels: ['sms'], exerciseOptIn: false, municipalityCode: 'GM0344' });
    // A phone's position that went stale yesterday, and one still fresh for half an hour.
    local.add({ id: 'stale', ...near, channels: ['push'], exerciseOptIn: false, expiresAt: '2026-03-02T09:00:00.000Z' });
    local.add({ id: 'fresh', ...near, channels: ['push'], exerciseOptIn: false, expiresAt: '2026-03-03T11:30:00.000Z' });
    // A work address that counts on weekdays 08:00–18:00 (Tuesday 11:00 here is 12:00 in Utrecht), and one at night only.
    local.add({ id: 'office', ...near, channels: ['sms'], exerciseOptIn: false, windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }] });
    local.add({ id: 'night', ...near, channels: ['sms'], exerciseOptIn: false, windows: [{ days: ['tue'], from: '22:00', to: '06:00' }] });
    const p = await previewAction({ ...deps, participants: local }, input(), new Date('2026-03-03T11:00:00.000Z'));
    expect(p.recipients).toEqual({
      total: 3,
      inArea: 3,
      byChannel: { sms: 2, voice: 0, push: 1 },
      byMunicipality: [
        { municipalityCode: null, recipients: 2, byChannel: { sms: 1, push: 1 } },
        { municipalityCode: 'GM0344', recipients: 1, byChannel: { sms: 1 } },
      ],
    });
  });

  it('warns when nobody would be reached', async () => {
    const p = await previewAction(deps, input({ area: { center: { lat: 53.2, lon: 6.56 }, radiusMeters: 500 } }));
    expect(p.recipients.total).toBe(0);
    expect(p.warnings[0]).toBe('nobody in the area would be reached on these channels');
    expect(p.cost.total).toBe(0);
  });
});
