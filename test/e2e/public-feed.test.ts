// The public feed through HTTP on the local runtime, without a token: an action's whole life
// as JSON, Atom and CAP 1.2 (validated against the OASIS schema where ../shared has it), and
// nothing personal or precise on the way out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import type { Participant } from '#shared/ports/participant-store';
import type { PublicAction } from '#shared/domain/public-feed';
import { call } from '../support/http';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-public-'));
const XSD = fileURLToPath(new URL('../../../shared/schemas/CAP-v1.2.xsd', import.meta.url));
const schema = existsSync(XSD) ? readFileSync(XSD, 'utf8') : undefined;

const UTRECHT = { lat: 52.0907123, lon: 5.1214567 };
const people: Participant[] = Array.from({ length: 6 }, (_, i) => ({
  id: `pf_near_${i}`,
  phone: `+3162555000${i}`,
  channels: ['sms'],
  lat: UTRECHT.lat + i * 0.0011,
  lon: UTRECHT.lon,
  municipalityCode: 'GM0344',
  language: 'nl',
  status: 'active',
  exerciseOptIn: true,
  updatedAt: '2026-01-01T00:00:00Z',
}));
const OPERATOR = 'op-public-feed-7731';
const SECRETS = [...people.flatMap((p) => [p.id, p.phone!, p.phone!.slice(1)]), OPERATOR, 'Piet Pietersen', '99-XYZ-9'];

const alertBody = {
  type: 'heterdaad',
  title: 'Overval <tankstation> & "vlucht"',
  description: { text: 'Man met rode jas ]]> richting station', person: { name: 'Piet Pietersen', clothing: 'rode jas' }, vehicle: { licensePlate: '99-XYZ-9' } },
  area: { center: UTRECHT, radiusMeters: 1234 },
  channels: ['sms'],
  messages: { sms: 'Burgernet: man met rode jas. Gezien? Bel 0800-0011' },
};
const polygon = { type: 'Polygon', coordinates: [[[5.1101234, 52.0801234], [5.1309876, 52.0801234], [5.1309876, 52.0998765], [5.1101234, 52.0998765], [5.1101234, 52.0801234]]] };

let rt: Runtime;
let token: string;

type Feed = { items: PublicAction[]; links: { self: string; atom: string } };
const feed = async () => call<Feed>(rt.url, 'GET', '/public/actions');
const cap = async (id: string) => call<string>(rt.url, 'GET', `/public/actions/${id}.cap`);
const start = async (body: unknown) => (await call<{ id: string; status: string }>(rt.url, 'POST', '/actions', { token, body })).body;
const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);

async function expectValidCap(xml: string) {
  expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">/);
  if (!schema) return; // ../shared is absent: the schema tests in test/domain say so
  const result = await validateXML({ xml: [{ fileName: 'message.xml', contents: xml }], schema: [schema] });
  expect(result.errors.map((e) => e.message)).toEqual([]);
}

function expectNothingPersonalOrPrecise(text: string) {
  for (const s of SECRETS) expect(text).not.toContain(s);
  expect(text.match(/\d+\.\d{4,}/g) ?? []).toEqual([]);
}

beforeAll(async () => {
  rt = await startRuntime({ keyDir: dir, seed: 0, visibilityScale: 0.01, idleMs: 100, sendRatePerSecond: 0 });
  await rt.world.stores.participants.putMany(people);
  token = await signToken(dir, { role: 'operator', sub: OPERATOR });
});

afterAll(async () => {
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('public feed', () => {
  let id: string;

  it('lists a started action without a token, with nothing personal and the area rounded', async () => {
    id = (await start(alertBody)).id;
    await rt.pollers.idle();
    // The participants were really reached, so their data is in the system.
    const outbox = (await call<{ participantId: string }[]>(rt.url, 'GET', `/_local/outbox?actionId=${id}`)).body;
    expect(outbox.length).toBeGreaterThan(0);

    const res = await feed();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const item = res.body.items.find((i) => i.id === id)!;
    expect(item).toMatchObject({ status: 'active', title: alertBody.title, text: alertBody.description.text, area: { center: { lat: 52.091, lon: 5.121 }, radiusMeters: 1300 } });
    expect(res.body.links.self).toBe(`${rt.url}/public/actions`);
    expect(item.links.self).toBe(`${rt.url}/public/actions/${id}`);
    expect(decodeURIComponent(item.links.whatsapp.replace('https://wa.me/?text=', ''))).toBe(`Burgernet: ${alertBody.title} ${rt.url}/public/actions/${id}`);
    expectNothingPersonalOrPrecise(JSON.stringify(res.body));

    const one = await call<PublicAction>(rt.url, 'GET', `/public/actions/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(item);
  });

  it('serves Atom on Accept or ?format=atom, escaped and well-formed', async () => {
    for (const res of [await call<string>(rt.url, 'GET', '/public/actions', { headers: { accept: 'application/atom+xml' } }), await call<string>(rt.url, 'GET', '/public/actions?format=atom')]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
      expect(res.body).toContain(`<id>urn:burgernet:${id}</id>`);
      expect(res.body).toContain('Overval &lt;tankstation&gt; &amp; &quot;vlucht&quot;');
      expect(res.body).not.toContain(']]>');
      expectNothingPersonalOrPrecise(res.body);
      const result = await validateXML({ xml: [{ fileName: 'feed.xml', contents: res.body }], normalization: 'format' });
      expect(result.errors).toEqual([]);
    }
  });

  it('serves CAP 1.2 for each step: Alert, Update with the moved polygon, Update all clear', async () => {
    const first = await cap(id);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/cap+xml; charset=utf-8');
    expect(tag(first.body, 'msgType')).toEqual(['Alert']);
    expect(tag(first.body, 'circle')).toEqual(['52.091,5.121 1.3']);
    await expectValidCap(first.body);

    expect((await call(rt.url, 'POST', `/actions/${id}/updates`, { token, body: { text: 'Gezien bij het station', area: polygon } })).status).toBeLessThan(300);
    const second = await cap(id);
    expect(tag(second.body, 'msgType')).toEqual(['Update']);
    expect(tag(second.body, 'references')[0]).toContain(`urn:burgernet:${id}:0,`);
    expect(tag(second.body, 'polygon')).toEqual(['52.08,5.11 52.08,5.131 52.1,5.131 52.1,5.11 52.08,5.11']);
    await expectValidCap(second.body);

    expect((await call(rt.url, 'POST', `/actions/${id}/end`, { token, body: { outcome: 'aangehouden', text: 'Dank voor uw hulp.' } })).status).toBeLessThan(300);
    const third = await cap(id);
    expect(tag(third.body, 'msgType')).toEqual(['Update']);
    expect(tag(third.body, 'responseType')).toEqual(['AllClear']);
    expect(tag(third.body, 'references')[0]!.split(' ')).toHaveLength(2);
    await expectValidCap(third.body);
    for (const doc of [first.body, second.body, third.body]) expectNothingPersonalOrPrecise(doc);

    // Recently ended: still listed, as ended with its outcome.
    expect((await feed()).body.items.find((i) => i.id === id)).toMatchObject({ status: 'ended', outcome: 'aangehouden' });
  });

  it('serves a cancelled action as CAP Cancel', async () => {
    const { id: wrong } = await start({ ...alertBody, title: 'Verkeerd gebied' });
    await call(rt.url, 'POST', `/actions/${wrong}/cancel`, { token, body: { text: 'Dit bericht was een vergissing.' } });
    const doc = await cap(wrong);
    expect(tag(doc.body, 'msgType')).toEqual(['Cancel']);
    await expectValidCap(doc.body);
    expect((await feed()).body.items.find((i) => i.id === wrong)).toMatchObject({ status: 'cancelled' });
  });

  it('never shows an action awaiting a second operator, and keeps exercises out of the list', async () => {
    const held = await start({ ...alertBody, type: 'vermist-kind', title: 'Vermist kind' });
    expect(held.status).toBe('awaiting-approval');
    const exercise = await start({ ...alertBody, title: 'Oefening station', exercise: true });
    await rt.pollers.idle();
    const ids = (await feed()).body.items.map((i) => i.id);
    expect(ids).not.toContain(held.id);
    expect(ids).not.toContain(exercise.id);
    expect((await call(rt.url, 'GET', `/public/actions/${held.id}`)).status).toBe(404);
    expect((await cap(held.id)).status).toBe(404);
    // An exercise is reachable by id, marked as one.
    expect((await call<PublicAction>(rt.url, 'GET', `/public/actions/${exercise.id}`)).body).toMatchObject({ exercise: true, headline: 'OEFENING Oefening station' });
    const doc = await cap(exercise.id);
    expect(tag(doc.body, 'status')).toEqual(['Exercise']);
    await expectValidCap(doc.body);
  });

  it('answers bad and unknown ids with 4xx, and ignores a token it does not need', async () => {
    expect((await call(rt.url, 'GET', '/public/actions/robbery.cap')).status).toBe(400);
    expect((await call(rt.url, 'GET', `/public/actions/${id}.xml`)).status).toBe(400);
    expect((await call(rt.url, 'GET', '/public/actions/act_00000000-0000-0000-0000-000000000000.cap')).status).toBe(404);
    expect((await call(rt.url, 'GET', '/public/actions?format=rss')).status).toBe(400);
    expect((await call(rt.url, 'GET', '/public/actions', { token: 'not-a-token' })).status).toBe(200);
    expect((await call(rt.url, 'GET', '/public/actions?utm_source=whatsapp')).status).toBe(200);
  });
});
