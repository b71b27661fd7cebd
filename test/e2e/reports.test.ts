// Municipality reports, campaigns and the cost of an action over HTTP on the local runtime: an
// action reaches residents of two municipalities; the figures show up per municipality, unit and
// nationally, as JSON and CSV; every role is tried against every report; bad input gets 4xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import type { Participant } from '#shared/ports/participant-store';
import { DEFAULT_PRICES } from '#shared/domain/prices';
import { smsLength } from '#shared/domain/sms-encoding';
import { monthOf } from '#shared/domain/usage';
import { recordParticipantChanges } from '#shared/domain/participant-usage';
import { recordCampaignSignup, recordCampaignVerified } from '#shared/domain/campaigns';
import { call } from '../support/http';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-reports-'));
const UTRECHT = { lat: 52.0907, lon: 5.1214 };
const north = (m: number) => ({ lat: UTRECHT.lat + m / 111_195, lon: UTRECHT.lon });
const SMS = 'Burgernet: gezocht man 1.85 m, donkere jas. Gezien? Bel 0800-0011';

const person = (id: string, i: number, municipalityCode: string): Participant => ({
  id,
  phone: `+3162${String(5000 + i).padStart(7, '0')}`,
  channels: ['sms'],
  ...north(50 + i * 40),
  municipalityCode,
  language: 'nl',
  status: 'active',
  exerciseOptIn: false,
  updatedAt: new Date().toISOString(),
});
// 12 residents of Utrecht (shown) and 3 of Nieuwegein (fewer than 5: suppressed), all near the incident.
const utrecht = Array.from({ length: 12 }, (_, i) => person(`rp_utr_${i}`, i, 'GM0344'));
const nieuwegein = Array.from({ length: 3 }, (_, i) => person(`rp_nwg_${i}`, 20 + i, 'GM0356'));

let rt: Runtime;
const tokens: Record<string, string> = {};
let actionId: string;
const month = monthOf(new Date());

type Problem = { status: number; detail: string; errors?: { field: string; message: string }[] };
interface Figures {
  participants: { active: number | null; byChannel: { sms: number | null }; joined: number | null };
  actions: { reachedResidents: number; byType: Record<string, number> };
  messages: { sms: { sent: number | null; segments: number | null } };
  cost: { messages: number; infrastructure: number; total: number };
  costPerInhabitant: number | null;
  oldContribution: { eur: number };
  inhabitants: number;
}
interface Report {
  scope: { kind: string; code?: string; name: string; municipalities: number; inhabitants: number };
  period: { from: string; to: string };
  months: (Figures & { month: string })[];
  total: Figures;
  suppression: { cells: string[] };
  campaigns?: { code: string; figures: { signups: number | null } }[];
}
const get = <T = Report>(path: string, token?: string, headers?: Record<string, string>) => call<T>(rt.url, 'GET', path, { ...(token ? { token } : {}), ...(headers ? { headers } : {}) });
const thisMonth = (r: Report) => r.months.find((m) => m.month === month)!;

beforeAll(async () => {
  rt = await startRuntime({ keyDir: dir, seed: 0, visibilityScale: 0.01, idleMs: 100, sendRatePerSecond: 0 });
  await rt.world.stores.participants.putMany([...utrecht, ...nieuwegein]);
  await recordParticipantChanges({ usage: rt.world.stores.usage }, [...utrecht, ...nieuwegein].map((participant) => ({ participant, at: participant.updatedAt })));
  const sign = (role: 'operator' | 'municipality' | 'unit' | 'board', extra: { municipality?: string; unit?: string } = {}) => signToken(dir, { role, sub: `t-${role}`, ...extra });
  tokens.operator = await sign('operator');
  tokens.utrecht = await sign('municipality', { municipality: 'GM0344' });
  tokens.amsterdam = await sign('municipality', { municipality: 'GM0363' });
  tokens.midden = await sign('unit', { unit: 'Midden-Nederland' });
  tokens.unitAmsterdam = await sign('unit', { unit: 'Amsterdam' });
  tokens.board = await sign('board');

  const created = await call<{ id: string }>(rt.url, 'POST', '/actions', {
    token: tokens.operator,
    body: { type: 'heterdaad', title: 'Overval juwelier', description: { text: 'Man, 1.85 m, donkere jas' }, area: { center: UTRECHT, radiusMeters: 2000 }, channels: ['sms'], messages: { sms: SMS } },
  });
  actionId = created.body.id;
  await rt.pollers.idle();
}, 60_000);

afterAll(async () => {
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('municipality report', () => {
  it('counts participants, the action and its messages for the municipality, with their cost', async () => {
    const res = await get(`/reports/municipalities/GM0344`, tokens.utrecht);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const r = res.body;
    expect(r.scope).toMatchObject({ kind: 'municipality', code: 'GM0344', name: 'Utrecht', inhabitants: 357_597 });
    expect(r.months).toHaveLength(12);
    const m = thisMonth(r);
    expect(m.participants).toMatchObject({ active: 12, byChannel: { sms: 12 }, joined: 12 });
    expect(m.actions).toMatchObject({ reachedResidents: 1, byType: { heterdaad: 1 } });
    const segments = smsLength(SMS).segments;
    expect(m.messages.sms).toEqual({ sent: 12, segments: 12 * segments, failed: 0 });
    expect(m.cost.messages).toBeCloseTo(12 * segments * DEFAULT_PRICES.channels.smsPerSegment, 4);
    expect(m.cost.infrastructure).toBeGreaterThan(0);
    expect(m.cost.infrastructure).toBeLessThan(0.01);
    expect(r.total.participants.active).toBe(12);
    expect(r.total.costPerInhabitant).toBeCloseTo(r.total.cost.total / 357_597, 6);
    // The old contribution: inhabitants × €0.03 a year, for the twelve months asked.
    expect(r.total.oldContribution.eur).toBeCloseTo(357_597 * 0.03, 0);
    expect(JSON.stringify(r)).not.toMatch(/\+316|rp_utr/);
  });

  it('suppresses cells of fewer than 5 participants and says which', async () => {
    const r = (await get(`/reports/municipalities/GM0356`, tokens.midden)).body;
    const i = r.months.findIndex((x) => x.month === month);
    expect(r.months[i]!.participants.active).toBeNull();
    expect(r.months[i]!.messages.sms.sent).toBeNull();
    expect(r.months[i]!.messages.sms.segments).toBeNull();
    expect(r.suppression.cells).toEqual(expect.arrayContaining([`months[${i}].participants.active`, `months[${i}].messages.sms.sent`, 'total.participants.active']));
    expect(r.months[i]!.cost.messages).toBeGreaterThan(0);
  });

  it('answers a period with zeros where nothing happened, and CSV when asked', async () => {
    const year = await get('/reports/municipalities/GM0344?from=2020-01&to=2020-12', tokens.board);
    expect(year.status).toBe(200);
    expect(year.body.months.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2020-${String(i + 1).padStart(2, '0')}`));
    expect(year.body.total).toMatchObject({ participants: { active: 0 }, actions: { reachedResidents: 0 }, cost: { total: 0 } });
    expect(year.body.total.oldContribution.eur).toBeCloseTo(357_597 * 0.03, 0);

    const csv = await call<string>(rt.url, 'GET', '/reports/municipalities/GM0344', { token: tokens.utrecht, headers: { accept: 'text/csv' } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 12 + 1);
    const header = lines[0]!.split(',');
    const row = lines.find((l) => l.includes(`,${month},`))!.split(',');
    const col = (name: string) => row[header.indexOf(name)];
    expect(col('participants_active')).toBe('12');
    expect(col('sms_sent')).toBe('12');
    expect(lines.at(-1)).toMatch(/^municipality,GM0344,Utrecht,total,USD,/);
    // A suppressed cell is empty and named in the row's last column.
    const small = await call<string>(rt.url, 'GET', '/reports/municipalities/GM0356.csv', { token: tokens.board });
    const smallRow = small.body.split('\r\n').find((l) => l.includes(`,${month},`))!;
    expect(smallRow).toMatch(/participants_active.*sms_sent/);
  });
});

describe('unit and national reports', () => {
  it('sum their municipalities', async () => {
    const unit = await get('/reports/units/Midden-Nederland', tokens.midden);
    expect(unit.status).toBe(200);
    expect(unit.body.scope).toMatchObject({ kind: 'unit', name: 'Midden-Nederland' });
    expect(thisMonth(unit.body).participants.active).toBe(15);
    expect(thisMonth(unit.body).messages.sms.sent).toBe(15);
    expect(thisMonth(unit.body).actions.reachedResidents).toBe(1);
    // Also by code or slug.
    expect((await get('/reports/units/RE03', tokens.midden)).status).toBe(200);
    expect((await get('/reports/units/midden-nederland', tokens.board)).status).toBe(200);

    const national = await get('/reports/national', tokens.board);
    expect(national.status).toBe(200);
    expect(thisMonth(national.body).participants.active).toBe(15);
    expect(national.body.scope.municipalities).toBeGreaterThanOrEqual(11);
    const csv = await call<string>(rt.url, 'GET', '/reports/national', { token: tokens.board, headers: { accept: 'text/csv' } });
    expect(csv.body.split('\r\n')[1]).toMatch(/^national,,Nederland,/);
  });
});

describe('who reads what', () => {
  const routes = {
    utrecht: '/reports/municipalities/GM0344',
    utrechtHtml: '/reports/municipalities/GM0344.html',
    amsterdam: '/reports/municipalities/GM0363',
    midden: '/reports/units/Midden-Nederland',
    unitAmsterdam: '/reports/units/Amsterdam',
    national: '/reports/national',
  } as const;
  // Who may read each report; everyone else gets 403 (no token: 401).
  const allowed: Record<keyof typeof routes, string[]> = {
    utrecht: ['utrecht', 'midden', 'board'],
    utrechtHtml: ['utrecht', 'midden', 'board'],
    amsterdam: ['amsterdam', 'unitAmsterdam', 'board'],
    midden: ['midden', 'board'],
    unitAmsterdam: ['unitAmsterdam', 'board'],
    national: ['board'],
  };

  it('lets every role read exactly its reports', async () => {
    for (const [report, path] of Object.entries(routes) as [keyof typeof routes, string][]) {
      for (const who of ['operator', 'utrecht', 'amsterdam', 'midden', 'unitAmsterdam', 'board']) {
        const res = await get(path, tokens[who]);
        expect(res.status, `${who} → ${report}`).toBe(allowed[report].includes(who) ? 200 : 403);
      }
      expect((await get(path)).status, `public → ${report}`).toBe(401);
    }
  });

  it('tells a municipality nothing about another one', async () => {
    const other = await get<Problem>('/reports/municipalities/GM0363', tokens.utrecht);
    const unknown = await get<Problem>('/reports/municipalities/GM9999', tokens.utrecht);
    expect(other.status).toBe(403);
    expect(unknown.status).toBe(403);
    expect(other.body).toEqual(unknown.body);
    expect(JSON.stringify(other.body)).not.toMatch(/GM0363|Amsterdam/);
  });

  it('refuses unknown codes and units with 404 and bad input with 400 naming it', async () => {
    expect((await get<Problem>('/reports/municipalities/GM9999', tokens.board)).status).toBe(404);
    expect((await get<Problem>('/reports/units/Atlantis', tokens.board)).status).toBe(404);
    const code = await get<Problem>('/reports/municipalities/Utrecht', tokens.board);
    expect(code.status).toBe(400);
    expect(code.body.errors?.[0]?.field).toBe('path.file');
    for (const [query, field] of [
      ['from=2020-13', 'query.from'],
      ['to=20-01', 'query.to'],
      ['from=2020-06&to=2020-01', 'query.to'],
      ['from=2000-01&to=2020-12', 'query.to'],
    ] as const) {
      const res = await get<Problem>(`/reports/municipalities/GM0344?${query}`, tokens.utrecht);
      expect(res.status, query).toBe(400);
      expect(res.body.errors?.map((e) => e.field), query).toContain(field);
    }
  });
});

describe('cost of an action', () => {
  it('shows message costs per channel and the counted AWS requests, per municipality', async () => {
    const res = await get<{
      messages: { sms: { sent: number; segments: number; cost: number }; total: number };
      infrastructure: { invocations: number; dynamodb: { readUnits: number; writeUnits: number }; sqs: { requests: number }; lambda: { gbSeconds: number }; exact: number; calls: Record<string, number> };
      total: number;
      byMunicipality: { municipalityCode: string; messagesSent: number }[];
    }>(`/actions/${actionId}/cost`, tokens.operator);
    expect(res.status).toBe(200);
    const c = res.body;
    const segments = smsLength(SMS).segments;
    expect(c.messages.sms).toMatchObject({ sent: 15, segments: 15 * segments });
    expect(c.messages.sms.cost).toBeCloseTo(15 * segments * DEFAULT_PRICES.channels.smsPerSegment, 4);
    // The fan-out (a small area plans and selects in one invocation) and one sender chunk, each metered.
    expect(c.infrastructure.invocations).toBeGreaterThanOrEqual(2);
    expect(c.infrastructure.dynamodb.writeUnits).toBeGreaterThan(15 * 3);
    expect(c.infrastructure.dynamodb.readUnits).toBeGreaterThan(0);
    expect(c.infrastructure.sqs.requests).toBeGreaterThan(0);
    expect(c.infrastructure.lambda.gbSeconds).toBeGreaterThan(0);
    expect(c.infrastructure.calls['DynamoDB.UpdateItem']).toBeGreaterThan(0);
    expect(c.byMunicipality).toEqual([expect.objectContaining({ municipalityCode: 'GM0344', messagesSent: 12 }), expect.objectContaining({ municipalityCode: 'GM0356', messagesSent: 3 })]);
    expect((await get(`/actions/${actionId}/cost`, tokens.board)).status).toBe(200);
    expect((await get(`/actions/${actionId}/cost`, tokens.utrecht)).status).toBe(403);
    expect((await get(`/actions/act_00000000-0000-0000-0000-000000000000/cost`, tokens.operator)).status).toBe(404);
  });
});

describe('campaigns', () => {
  it('gives a municipality a code, counts sign-ups with it, and shows them in its report', async () => {
    const body = { name: 'Voorjaarsflyer Lombok', period: { from: '2026-03-01', to: '2026-05-31' }, channels: ['sms', 'push'] };
    const created = await call<{ id: string; code: string; municipalities: string[] }>(rt.url, 'POST', '/campaigns', { token: tokens.utrecht, body });
    expect(created.status).toBe(201);
    expect(created.body.code).toMatch(/^UTR-[A-HJ-NP-Z2-9]{6}$/);
    expect(created.body.municipalities).toEqual(['GM0344']);

    const d = { campaigns: rt.world.stores.campaigns, usage: rt.world.stores.usage };
    const at = new Date().toISOString();
    for (let i = 0; i < 7; i++) {
      expect(await recordCampaignSignup(d, { code: created.body.code.toLowerCase(), participantId: `cp_${i}`, municipalityCode: 'GM0344', at })).toBe(true);
      // A retried sign-up is the same sign-up.
      await recordCampaignSignup(d, { code: created.body.code, participantId: `cp_${i}`, municipalityCode: 'GM0344', at });
    }
    for (let i = 0; i < 5; i++) await recordCampaignVerified(d, { code: created.body.code, participantId: `cp_${i}`, at });
    expect(await recordCampaignSignup(d, { code: 'NOPE-123456', participantId: 'x', at })).toBe(false);

    const view = await get<{ figures: Record<string, number | null>; suppressed: string[] }>(`/campaigns/${created.body.id}`, tokens.utrecht);
    expect(view.status).toBe(200);
    expect(view.body.figures).toEqual({ signups: 7, verified: 5, activeAfter90Days: 0, notYet90Days: 5 });
    expect((await get(`/campaigns/${created.body.id}`, tokens.midden)).status).toBe(200);
    expect((await get(`/campaigns/${created.body.id}`, tokens.board)).status).toBe(200);
    expect((await get(`/campaigns/${created.body.id}`, tokens.amsterdam)).status).toBe(403);
    expect((await get(`/campaigns/${created.body.id}`, tokens.unitAmsterdam)).status).toBe(403);
    expect((await get('/campaigns/cmp_00000000-0000-0000-0000-000000000000', tokens.board)).status).toBe(404);

    const report = await get('/reports/municipalities/GM0344', tokens.utrecht);
    expect(report.body.campaigns).toEqual([expect.objectContaining({ code: created.body.code, figures: expect.objectContaining({ signups: 7 }) })]);
  });

  it('lets a unit run a joint campaign for its municipalities only', async () => {
    const body = { name: 'Burgernet in de regio', period: { from: '2026-09-01', to: '2026-12-31' }, channels: ['push'] };
    const all = await call<{ municipalities: string[]; unit: string; code: string }>(rt.url, 'POST', '/campaigns', { token: tokens.midden, body });
    expect(all.status).toBe(201);
    expect(all.body.unit).toBe('Midden-Nederland');
    expect(all.body.municipalities).toEqual(expect.arrayContaining(['GM0344', 'GM0356', 'GM0310']));
    expect(all.body.municipalities).not.toContain('GM0363');
    const some = await call<{ municipalities: string[] }>(rt.url, 'POST', '/campaigns', { token: tokens.midden, body: { ...body, municipalities: ['GM0344', 'GM0356'] } });
    expect(some.body.municipalities).toEqual(['GM0344', 'GM0356']);
    const outside = await call<Problem>(rt.url, 'POST', '/campaigns', { token: tokens.midden, body: { ...body, municipalities: ['GM0363'] } });
    expect(outside.status).toBe(403);
    expect(outside.body.errors?.[0]?.field).toBe('body.municipalities');
    const joint = await call<Problem>(rt.url, 'POST', '/campaigns', { token: tokens.utrecht, body: { ...body, municipalities: ['GM0344', 'GM0356'] } });
    expect(joint.status).toBe(403);
    expect((await call(rt.url, 'POST', '/campaigns', { token: tokens.operator, body })).status).toBe(403);
    expect((await call(rt.url, 'POST', '/campaigns', { token: tokens.board, body })).status).toBe(403);
    const bad = await call<Problem>(rt.url, 'POST', '/campaigns', { token: tokens.utrecht, body: { ...body, period: { from: '2026-09-01', to: '2026-01-01' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.field).toBe('body.period.to');
  });
});
