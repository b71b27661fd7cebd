// The usage figures under retries, against the real local stores: a redelivered chunk, a chunk
// that failed halfway and was redelivered, a follow-up that sent the alert late and the alert
// chunk that came after it, a re-imported register, and participants carried across months.
import { describe, expect, it } from 'vitest';
import { useLocalStore } from '../support/local-store';
import { DynamoParticipantStore } from '#shared/adapters/dynamodb/participant-store';
import { DynamoDeliveryStore } from '#shared/adapters/dynamodb/delivery-store';
import { DynamoUsageStore } from '#shared/adapters/dynamodb/usage-store';
import { ChannelError, type ChannelSender, type OutboundMessage } from '#shared/ports/channel-sender';
import type { Participant } from '#shared/ports/participant-store';
import type { MunicipalityMessageRecord } from '#shared/ports/usage-store';
import { deliverChunk } from '#shared/domain/deliver';
import { recordAttemptUsage, watchDelivery } from '#shared/domain/delivery-usage';
import { importParticipants } from '#shared/domain/participant-import';
import { recordParticipantChanges } from '#shared/domain/participant-usage';
import { buildReport } from '#shared/domain/usage-report';
import { municipalityLocator } from '#shared/domain/municipality-locator';
import { fixtureMunicipalities } from '#shared/local/municipality-fixture';
import { Pacer } from '#shared/domain/pacer';
import { DEFAULT_PRICES } from '#shared/domain/prices';
import { smsLength } from '#shared/domain/sms-encoding';
import { smsText } from '#shared/domain/render';
import type { Action, Bulletin } from '#shared/domain/action';
import type { ChunkMessage } from '#shared/domain/messages';
import { monthOf } from '#shared/domain/usage';
import { systemClock, type Clock } from '#shared/ports/clock';

const store = useLocalStore();
const AREA = { center: { lat: 52.09, lon: 5.12 }, radiusMeters: 1000 };
const AT = '2026-03-10T09:00:00Z';

const person = (id: string, municipalityCode: string): Participant => ({
  id,
  phone: `+3161${String(Math.abs([...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7)) % 1e7).padStart(7, '0')}`,
  channels: ['sms'],
  lat: 52.09,
  lon: 5.12,
  municipalityCode,
  language: 'nl',
  status: 'active',
  exerciseOptIn: false,
  updatedAt: AT,
});

const bulletin = (seq: number, over: Partial<Bulletin> = {}): Bulletin => ({
  seq,
  kind: seq === 0 ? 'alert' : 'update',
  at: AT,
  by: 'op',
  channels: ['sms'],
  messages: { sms: seq === 0 ? 'Burgernet: gezocht man met rode jas. Bel 0800-0011' : 'Burgernet update: gezien bij het station' },
  text: 'x',
  ...(seq === 0 ? { area: AREA } : {}),
  ...over,
});

const makeAction = (id: string, bulletins: Bulletin[]): Action => ({
  id,
  type: 'heterdaad',
  title: 'Test',
  description: { text: 'test' },
  area: AREA,
  channels: ['sms'],
  messages: { sms: bulletins[0]!.messages.sms },
  exercise: false,
  status: 'active',
  createdAt: AT,
  createdBy: 'op',
  bulletins,
  rev: bulletins.length,
});

class Sender implements ChannelSender {
  readonly channel = 'sms' as const;
  sends = 0;
  constructor(private readonly failOnce = new Set<string>()) {}
  async send(m: OutboundMessage): Promise<string> {
    this.sends++;
    if (this.failOnce.delete(m.participantId)) throw new ChannelError('transient', 'TimeoutError');
    return `pid-${m.deliveryId}`;
  }
}

const stores = () => ({
  participants: new DynamoParticipantStore(store.db, 'participants'),
  deliveries: new DynamoDeliveryStore(store.db, 'deliveries'),
  usage: new DynamoUsageStore(store.db, 'usage'),
});

/** One sender attempt as send-chunk runs it: watched stores, then the attempt's usage records. */
async function attempt(action: Action, chunk: ChunkMessage, attemptId: string, sender: ChannelSender, clock: Clock = systemClock) {
  const s = stores();
  const watch = watchDelivery(s.deliveries, s.participants);
  const result = await deliverChunk({ participants: watch.participants, deliveries: watch.deliveries, sender, pacer: new Pacer(0), clock }, chunk, action).finally(() =>
    recordAttemptUsage(s.usage, DEFAULT_PRICES, action, chunk, attemptId, watch),
  );
  return result;
}

/** Sent messages of an action in a municipality's month, summed over every usage record, per chunk seq. */
async function sentBySeq(code: string, actionId: string): Promise<Record<string, number>> {
  const records = (await stores().usage.query(`${code}#${monthOf(AT)}`, `msg#${actionId}#`)) as MunicipalityMessageRecord[];
  const out: Record<string, number> = {};
  for (const r of records) {
    const seq = r.sk.split('#')[2]!;
    out[seq] = (out[seq] ?? 0) + r.sent;
  }
  return out;
}

describe('message counters', () => {
  it('count a redelivered chunk once, and a chunk finished on redelivery in full', async () => {
    const people = [...Array.from({ length: 6 }, (_, i) => person(`uc_a_${i}`, 'GM0344')), ...Array.from({ length: 4 }, (_, i) => person(`uc_b_${i}`, 'GM0356'))];
    await stores().participants.putMany(people);
    const action = makeAction('act_usage_redeliver', [bulletin(0)]);
    const chunk: ChunkMessage = { actionId: action.id, seq: 0, channel: 'sms', chunkId: 'c0', recipients: people.map((p) => p.id) };
    // First attempt: two recipients time out, so the chunk is left for redelivery.
    const first = await attempt(action, chunk, 'msg1-1', new Sender(new Set(['uc_a_1', 'uc_b_2'])));
    expect(first.pending).toBe(2);
    expect(await sentBySeq('GM0344', action.id)).toEqual({ '0': 5 });
    // Redelivered: only the two left go out now; then a duplicate delivery of the same chunk.
    const second = new Sender();
    await attempt(action, chunk, 'msg1-2', second);
    expect(second.sends).toBe(2);
    await attempt(action, chunk, 'msg2-1', new Sender());
    expect(await sentBySeq('GM0344', action.id)).toEqual({ '0': 6 });
    expect(await sentBySeq('GM0356', action.id)).toEqual({ '0': 4 });
    // Segments and cost follow the messages actually sent.
    const segments = smsLength(smsText(action, action.bulletins[0]!)).segments;
    const records = (await stores().usage.query(`GM0344#${monthOf(AT)}`, `msg#${action.id}#`)) as MunicipalityMessageRecord[];
    expect(records.reduce((s, r) => s + r.units, 0)).toBe(6 * segments);
    expect(records.reduce((s, r) => s + r.cost, 0)).toBeCloseTo(6 * segments * DEFAULT_PRICES.channels.smsPerSegment, 9);
    // Rewriting an attempt's record (a retried usage write) changes nothing.
    const again = (await stores().usage.query(`action#${action.id}`)).length;
    await attempt(action, chunk, 'msg2-1', new Sender());
    expect((await stores().usage.query(`action#${action.id}`)).length).toBe(again);
    expect(await sentBySeq('GM0344', action.id)).toEqual({ '0': 6 });
  });

  it('count an alert sent late by an update once, when the alert chunk arrives after it', async () => {
    const people = Array.from({ length: 5 }, (_, i) => person(`uc_late_${i}`, 'GM0344'));
    await stores().participants.putMany(people);
    const ids = people.map((p) => p.id);
    const action = makeAction('act_usage_late', [bulletin(0), bulletin(1)]);
    // The update's chunk overtakes the alert's: everyone in the area gets the alert first, then the update.
    await attempt(action, { actionId: action.id, seq: 1, channel: 'sms', chunkId: 'u0', recipients: ids, inArea: ids }, 'u-1', new Sender());
    // Ten messages, counted with the update's chunk that sent them (each priced by its own text).
    expect(await sentBySeq('GM0344', action.id)).toEqual({ '1': 10 });
    // The alert's own chunk comes later: nobody is sent anything, and nothing is counted again.
    const late = new Sender();
    await attempt(action, { actionId: action.id, seq: 0, channel: 'sms', chunkId: 'a0', recipients: ids }, 'a-1', late);
    expect(late.sends).toBe(0);
    expect(await sentBySeq('GM0344', action.id)).toEqual({ '1': 10 });
  });
});

describe('participant counters', () => {
  const report = async (code: string, from: string, to: string, now = '2026-06-15T00:00:00Z') => {
    const municipality = fixtureMunicipalities().find((m) => m.code === code)!;
    return buildReport({ usage: stores().usage, actions: { get: () => Promise.resolve(undefined) }, prices: DEFAULT_PRICES, clock: { now: () => new Date(now) } }, { kind: 'municipality', municipality }, { from, to });
  };
  const line = (i: number, over: Record<string, unknown> = {}) =>
    JSON.stringify({ externalId: `ext-${i}`, phone: `+3161${String(1_000_000 + i)}`, channels: ['sms', 'voice'], lat: 52.37 + i * 1e-4, lon: 4.89, municipalityCode: 'GM0363', ...over });
  async function* lines(list: string[]) {
    yield* list;
  }

  it('count a re-imported register once, and its changes as they happen', async () => {
    const usage = { usage: stores().usage };
    const at = (iso: string) => ({ now: () => iso, usage });
    const first = Array.from({ length: 8 }, (_, i) => line(i));
    await importParticipants(stores().participants, lines(first), at('2026-02-03T10:00:00Z'));
    await importParticipants(stores().participants, lines(first), at('2026-02-20T10:00:00Z'));
    // March: one drops voice, one more joins; April: the same file again, nothing changes.
    const march = [...first.slice(0, 7), line(7, { channels: ['sms'] }), line(8)];
    await importParticipants(stores().participants, lines(march), at('2026-03-05T10:00:00Z'));
    await importParticipants(stores().participants, lines(march), at('2026-04-05T10:00:00Z'));
    const r = await report('GM0363', '2026-02', '2026-05');
    const m = Object.fromEntries(r.months.map((x) => [x.month, x.participants]));
    expect(m['2026-02']).toMatchObject({ active: 8, byChannel: { sms: 8, voice: 8, push: 0 }, joined: 8, left: 0 });
    expect(m['2026-03']).toMatchObject({ active: 9, byChannel: { sms: 9, voice: 8 }, joined: null, left: 0 });
    expect(m['2026-04']).toMatchObject({ active: 9, joined: 0 });
    expect(r.total.participants).toMatchObject({ active: 9, joined: 9 });
  });

  it('carry participants across months, keeping a summary of closed months, and count leavers', async () => {
    const usage = stores().usage;
    const people = Array.from({ length: 7 }, (_, i) => person(`uc_m_${i}`, 'GM0310'));
    await recordParticipantChanges({ usage }, people.map((participant) => ({ participant, at: '2025-11-20T10:00:00Z' })));
    // Two stop in January (and one of them stops twice: the same record).
    const stop = (p: Participant) => ({ participant: { ...p, status: 'stopped' as const }, at: '2026-01-08T10:00:00Z' });
    await recordParticipantChanges({ usage }, [stop(people[0]!), stop(people[1]!)]);
    await recordParticipantChanges({ usage }, [stop(people[0]!)]);
    const r = await report('GM0310', '2026-01', '2026-03');
    expect(r.months.map((x) => x.participants.active)).toEqual([5, 5, 5]);
    expect(r.months[0]!.participants.left).toBeNull();
    // December was closed and summed on the way: kept for the next report.
    expect(await usage.summary('GM0310#2025-12')).toMatchObject({ active: 7, byChannel: { sms: 7 } });
    expect((await report('GM0310', '2026-02', '2026-02')).months[0]!.participants.active).toBe(5);
  });

  it('places a line without a municipality by the boundaries, and refuses one outside them', async () => {
    const locate = municipalityLocator(fixtureMunicipalities().map((m) => ({ code: m.code, geometry: m.boundary })));
    const noCode = (i: number, lat: number, lon: number) => JSON.stringify({ externalId: `loc-${i}`, phone: `+3161${String(2_000_000 + i)}`, channels: ['sms'], lat, lon });
    const result = await importParticipants(stores().participants, lines([noCode(1, 52.0907, 5.1214), noCode(2, 52.3728, 4.8936), noCode(3, 51.44, 5.47)]), { locate });
    expect(result.imported).toBe(2);
    expect(result.rejected).toEqual([{ line: 3, reason: 'municipalityCode: missing, and the position lies in no known municipality' }]);
    const without = await importParticipants(stores().participants, lines([noCode(4, 52.09, 5.12)]), {});
    expect(without.rejected[0]?.reason).toMatch(/^municipalityCode: required/);
  });
});
