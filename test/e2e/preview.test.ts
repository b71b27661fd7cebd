// POST /actions/preview over HTTP on the local runtime: counts that match a brute-force count per
// channel and municipality, exercise opt-ins only, SMS sizing, 4xx for bad input, and nothing
// stored, queued or sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import { seededRandom } from '#shared/local/seed';
import { containsPoint, type Area } from '#shared/domain/area';
import type { ActionPreview } from '#shared/domain/preview';
import type { Participant } from '#shared/ports/participant-store';
import type { Channel } from '#infra/topology';
import { call } from '../support/http';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-preview-'));
const UTRECHT = { lat: 52.0907, lon: 5.1214 };
const MUNICIPALITIES = ['GM0344', 'GM0310', undefined] as const;

/** 1,500 participants over a 6 × 6 km box around Utrecht, mixed channels and municipalities. */
const random = seededRandom(42);
const crowd: Participant[] = Array.from({ length: 1500 }, (_, i) => {
  const r = random();
  const channels: Channel[] = r < 0.4 ? ['sms', 'voice'] : r < 0.7 ? ['sms'] : r < 0.85 ? ['voice'] : ['push'];
  const municipalityCode = MUNICIPALITIES[i % 3];
  return {
    id: `pp_${i}`,
    phone: `+3161${String(i).padStart(7, '0')}`,
    push: channels.includes('push') ? { platform: 'ios', endpoint: `local-device-${i}` } : undefined,
    channels,
    lat: UTRECHT.lat + (random() - 0.5) * 0.054,
    lon: UTRECHT.lon + (random() - 0.5) * 0.088,
    ...(municipalityCode ? { municipalityCode } : {}),
    language: 'nl',
    status: 'active',
    exerciseOptIn: i % 4 === 0,
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
});

const action = {
  type: 'heterdaad',
  title: 'Overval juwelier',
  description: { text: 'Man, 1.85 m, donkere jas' },
  area: { center: UTRECHT, radiusMeters: 1500 },
  channels: ['sms', 'voice', 'push'],
  messages: {
    sms: 'Burgernet: gezocht man 1.85 m, donkere jas. Gezien? Bel 0800-0011',
    voice: 'Dit is Burgernet. De politie zoekt een man met een donkere jas.',
    push: { title: 'Burgernet: overval Utrecht', body: 'Gezocht: man, 1.85 m, donkere jas' },
  },
};

/** What the preview should say, counted by hand over the whole crowd. */
function expected(area: Area, channels: readonly Channel[], exercise = false) {
  const inside = containsPoint(area);
  const people = crowd.filter((p) => inside(p.lat, p.lon) && (!exercise || p.exerciseOptIn));
  const reached = people.filter((p) => p.channels.some((c) => channels.includes(c)));
  const byChannel = Object.fromEntries(channels.map((c) => [c, people.filter((p) => p.channels.includes(c)).length]));
  const byMunicipality = new Map<string | null, number>();
  for (const p of reached) byMunicipality.set(p.municipalityCode ?? null, (byMunicipality.get(p.municipalityCode ?? null) ?? 0) + 1);
  return { inArea: people.length, total: reached.length, byChannel, byMunicipality };
}

let rt: Runtime;
let operator: string;

beforeAll(async () => {
  rt = await startRuntime({ keyDir: dir, seed: 0, visibilityScale: 0.01, idleMs: 100, sendRatePerSecond: 0 });
  await rt.world.stores.participants.putMany(crowd);
  operator = await signToken(dir, { role: 'operator', sub: 'op-preview' });
});

afterAll(async () => {
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** `null` sends no token at all. */
const preview = (body: unknown, token: string | null = operator) =>
  call<ActionPreview & { errors?: { field: string; message: string }[] }>(rt.url, 'POST', '/actions/preview', { token: token ?? undefined, body });

describe('POST /actions/preview', () => {
  it('counts recipients per channel and municipality exactly as a brute-force count does', async () => {
    const res = await preview(action);
    expect(res.status).toBe(200);
    const want = expected(action.area, ['sms', 'voice', 'push']);
    expect(want.total).toBeGreaterThan(200);
    expect(res.body.recipients).toMatchObject({ total: want.total, inArea: want.inArea, byChannel: want.byChannel });
    expect(new Map(res.body.recipients.byMunicipality.map((m) => [m.municipalityCode, m.recipients]))).toEqual(want.byMunicipality);
    const counts = res.body.recipients.byMunicipality.map((m) => m.recipients);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(res.body.channels.sms).toMatchObject({ encoding: 'GSM-7', segments: 1, maxSegments: 3 });
    expect(res.body.channels.sms!.cost.provider).toBeGreaterThan(0);
    expect(res.body.approval).toEqual({ required: false, reasons: [] });
    // Aggregates only: no phone number or device leaves the preview.
    expect(JSON.stringify(res.body)).not.toMatch(/\+316|local-device|pp_\d/);
  });

  it('counts only exercise opt-ins for an exercise', async () => {
    const res = await preview({ ...action, exercise: true, channels: ['sms'] });
    expect(res.status).toBe(200);
    const want = expected(action.area, ['sms'], true);
    expect(res.body.recipients).toMatchObject({ total: want.total, inArea: want.inArea, byChannel: want.byChannel });
    expect(res.body.channels.sms!.characters).toBe(`OEFENING ${action.messages.sms}`.length);
  });

  it('reports UCS-2 and segments for an SMS with one ë, and the approval a missing child needs', async () => {
    const sms = `Vermist: Noël (8), blauwe jas. ${'Gezien? Bel 0800-0011. '.repeat(3)}`;
    const res = await preview({ ...action, type: 'vermist-kind', messages: { ...action.messages, sms } });
    expect(res.status).toBe(200);
    expect(res.body.channels.sms).toMatchObject({ encoding: 'UCS-2', segments: 2, nonGsmCharacters: ['ë'] });
    expect(res.body.warnings.some((w) => w.includes('UCS-2'))).toBe(true);
    expect(res.body.approval).toEqual({ required: true, reasons: ['type vermist-kind needs a second operator'] });
  });

  it('refuses an SMS over the segment budget with a 400 saying how many characters must go', async () => {
    const res = await preview({ ...action, messages: { ...action.messages, sms: 'x'.repeat(470) } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'messages.sms', message: expect.stringMatching(/3 SMS segments.*: 11 characters must go$/) }]);
  });

  it.each([
    ['a missing channel text', { ...action, channels: ['sms', 'push'], messages: { sms: 'x' } }, 'messages.push'],
    ['a radius of 0', { ...action, area: { center: UTRECHT, radiusMeters: 0 } }, 'area.radiusMeters'],
    ['an unknown field', { ...action, dryRun: true }, ''],
  ])('answers %s with a 400 naming the field', async (_name, body, field) => {
    const res = await preview(body);
    expect(res.status).toBe(400);
    if (field) expect(res.body.errors?.map((e) => e.field)).toContain(field);
  });

  it('is for operators only', async () => {
    expect((await preview(action, null)).status).toBe(401);
    const municipality = await signToken(dir, { role: 'municipality', municipality: 'GM0344' });
    expect((await preview(action, municipality)).status).toBe(403);
  });

  it('stores, queues and sends nothing', async () => {
    for (let i = 0; i < 3; i++) expect((await preview(action)).status).toBe(200);
    const list = await call<{ items: unknown[] }>(rt.url, 'GET', '/actions?limit=10', { token: operator });
    expect(list.body.items).toEqual([]);
    const queues = await call<Record<string, number>>(rt.url, 'GET', '/_local/queues');
    expect(Object.values(queues.body).every((depth) => depth === 0)).toBe(true);
  });
});
