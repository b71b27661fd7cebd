// Privacy, end to end on one local runtime: a participant signs up, manages their registration,
// installs the app, is alerted, sends tips, makes mistakes, says STOP and erases themselves — and
// meanwhile every log line and every HTTP answer is kept. None of them may hold their phone number
// (in any common spelling), their postcode, a position of theirs, their push token, a code or a
// token, except where the route deliberately hands their own data back to them. Reports are
// aggregates: they hold no row per participant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import { call, type Reply } from '../support/http';
import { captureLogs, type LogCapture } from '../support/log-capture';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-privacy-'));

// ---- the person and their secrets ------------------------------------------------------------

const PHONE = '+31647291385';
/** Signs up and never verifies: their number must not surface either. */
const PENDING_PHONE = '+31658203746';
// Demo postcodes (shared/local/fixtures/postcodes-demo.csv); the table puts them at these positions.
const HOME = { postcode: '3516AB', houseNumber: 17, lat: 52.099178, lon: 5.117632 };
const WORK = { postcode: '3518AC', houseNumber: 41, lat: 52.092035, lon: 5.10353 };
// Where the phone is, a saved place and where a tip was seen: none near the action's (rounded)
// centre, an openapi example or each other, so a match can only be a leak.
const DEVICE_AT = { lat: 52.0962847, lon: 5.1157392 };
/** Where the phone was before it came into the area (in Amsterdam). */
const FAR_AT = { lat: 52.3719284, lon: 4.9031756 };
const PLACE = { lat: 52.1023716, lon: 5.1128453 };
const TIP_AT = { lat: 52.0947163, lon: 5.1236819 };
/** An APNs token no other test or example uses: hex, 64 digits. */
const PUSH_TOKEN = createHash('sha256').update('burgernet privacy test push token').digest('hex');
// The operator's areas (public by design): the feed shows them rounded to 3 decimals.
const AREA = { center: { lat: 52.0978, lon: 5.1172 }, radiusMeters: 1800 };
const MOVED = { center: { lat: 52.1004, lon: 5.1203 }, radiusMeters: 2000 };

/**
 * What a secret is, for the exemptions: a route that hands a person's own data back to them
 * (their registration, their saved places, the token just bought) may carry exactly that kind.
 */
type Kind = 'phone' | 'address' | 'addressPosition' | 'devicePosition' | 'placePosition' | 'tipPosition' | 'pushToken' | 'code' | 'manageToken' | 'deviceToken';

interface Secret {
  readonly kind: Kind;
  /** Says what leaked, never the value. */
  readonly name: string;
  readonly found: (text: string) => boolean;
}

const secrets: Secret[] = [];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const literal = (kind: Kind, name: string, value: string, caseless = false) =>
  secrets.push({ kind, name, found: caseless ? (t) => t.toLowerCase().includes(value.toLowerCase()) : (t) => t.includes(value) });
const pattern = (kind: Kind, name: string, re: RegExp) => secrets.push({ kind, name, found: (t) => re.test(t) });

function addPhone(e164: string, whose: string) {
  const sub = e164.slice(3); // 647291385
  const national = `0${sub}`;
  const spellings: Record<string, string> = {
    'E.164': e164,
    '0031…': `0031${sub}`,
    '06…': national,
    '06-…': `06-${sub.slice(1)}`,
    '06 xxxx xxxx': `06 ${sub.slice(1, 5)} ${sub.slice(5)}`,
    '06 xx xx xx xx': `06 ${sub.slice(1, 3)} ${sub.slice(3, 5)} ${sub.slice(5, 7)} ${sub.slice(7)}`,
    '+31 6 xxxxxxxx': `+31 6 ${sub.slice(1)}`,
    '+31 (0)6…': `+31 (0)6${sub.slice(1)}`,
    'digits only': sub,
  };
  for (const [how, value] of Object.entries(spellings)) literal('phone', `phone of ${whose} (${how})`, value);
  // Any other spelling: separators taken out, the nine digits after +31 stay.
  secrets.push({ kind: 'phone', name: `phone of ${whose} (with other separators)`, found: (t) => t.replace(/[\s\-.()/]/g, '').includes(sub) });
  // A cut-off echo ("{"phone":+316472913"…) still gives most of the number away: 8 digits in a row.
  const digits = e164.slice(1);
  for (let i = 0; i + 8 <= digits.length; i++) literal('phone', `phone of ${whose} (8 of its digits)`, digits.slice(i, i + 8));
}

function addPostcode(postcode: string, whose: string) {
  pattern('address', `postcode of ${whose}`, new RegExp(`${postcode.slice(0, 4)}[\\s-]*${postcode.slice(4)}`, 'i'));
}

/** One coordinate at 4 to 7 decimals, rounded or cut off, as a number of its own (more digits may follow). */
const coordinate = (x: number) => {
  const spellings = new Set<string>([String(x)]);
  for (const d of [7, 6, 5, 4]) {
    spellings.add(x.toFixed(d));
    spellings.add((Math.trunc(x * 10 ** d) / 10 ** d).toFixed(d));
  }
  return [...spellings].map((s) => new RegExp(`(?<![\\d.])${escape(s)}`));
};

function addPosition(kind: Kind, p: { lat: number; lon: number }, what: string) {
  for (const re of coordinate(p.lat)) pattern(kind, `latitude of ${what}`, re);
  for (const re of coordinate(p.lon)) pattern(kind, `longitude of ${what}`, re);
  // At 3 decimals (~100 m) a single number is too common to search for; as a pair, either order.
  const three = (x: number) => [...new Set([x.toFixed(3), (Math.trunc(x * 1000) / 1000).toFixed(3)])].map((s) => `(?<![\\d.])${escape(s)}\\d*`);
  for (const lat of three(p.lat)) {
    for (const lon of three(p.lon)) {
      pattern(kind, `position of ${what} (3 decimals)`, new RegExp(`${lat}[^\\d]{1,12}${lon}|${lon}[^\\d]{1,12}${lat}`));
    }
  }
}

addPhone(PHONE, 'the participant');
addPhone(PENDING_PHONE, 'the pending sign-up');
addPostcode(HOME.postcode, 'the home address');
addPostcode(WORK.postcode, 'the work address');
addPosition('addressPosition', HOME, 'the home address');
addPosition('addressPosition', WORK, 'the work address');
addPosition('devicePosition', DEVICE_AT, 'the phone');
addPosition('devicePosition', FAR_AT, 'the phone before it moved');
addPosition('placePosition', PLACE, 'the saved place');
addPosition('tipPosition', TIP_AT, 'the tip');
literal('pushToken', 'push token', PUSH_TOKEN, true);
for (let i = 0; i + 16 <= PUSH_TOKEN.length; i += 8) literal('pushToken', 'push token (16 of its digits)', PUSH_TOKEN.slice(i, i + 16), true);

/** Codes and tokens become known as the story runs. */
function addCode(code: string, what: string) {
  expect(code, what).toMatch(/^\d{6}$/);
  pattern('code', what, new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`));
}
function addManageToken(token: string) {
  const [, payload, signature] = token.split('.');
  literal('manageToken', 'manage token', token);
  literal('manageToken', 'manage token (claims part)', payload!);
  literal('manageToken', 'manage token (signature)', signature!);
}
function addDeviceToken(token: string) {
  // `dev_<id>.<secret>`: the id is no secret, the part after the dot is.
  literal('deviceToken', 'device token', token.split('.')[1]!);
}

// ---- everything seen on the way out ----------------------------------------------------------

interface Seen {
  readonly where: string;
  readonly headers: string;
  readonly body: unknown;
  readonly text: string;
  /** Kinds this answer may carry because it is the person's own data, returned to them. */
  readonly own: ReadonlySet<Kind>;
}
const seen: Seen[] = [];
let rt: Runtime;
let logs: LogCapture;
const tokens: Record<string, string> = {};

type Options = Parameters<typeof call>[3] & { own?: Kind[] };
async function http<T = unknown>(method: string, path: string, options: Options = {}): Promise<Reply<T>> {
  const { own = [], ...rest } = options;
  const res = await call<T>(rt.url, method, path, rest);
  const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  const headers = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
  seen.push({ where: `${method} ${pathLabel(path)} → ${res.status}`, headers, body: res.body, text, own: new Set(own) });
  return res;
}

/** The path as a failure message may show it: a segment holding a secret becomes `{personal}`, the query goes. */
const pathLabel = (path: string) =>
  path
    .replace(/\?.*/, '')
    .split('/')
    .map((segment) => (secrets.some((s) => s.found(decodeURIComponent(segment))) ? '{personal}' : segment))
    .join('/');

/** Where in a JSON value a secret sits: `$.errors.0.message`, never the value. */
function locate(value: unknown, secret: Secret, path = '$'): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') return secret.found(String(value)) ? path : undefined;
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (secret.found(k)) return `${path} (a key)`;
      const at = locate(v, secret, `${path}.${k}`);
      if (at) return at;
    }
  }
  return undefined;
}

type Entry = { channel: string; participantId: string; text: string };
const outbox = async (actionId: string) => {
  await rt.pollers.idle();
  // The local outbox is the recipient's phone: the codes sent to them are meant to be in it.
  return (await http<Entry[]>('GET', `/_local/outbox?actionId=${actionId}`, { own: actionId === 'codes' ? ['code'] : [] })).body;
};
const lastCode = async (participantId: string) => {
  const sent = (await outbox('codes')).filter((e) => e.participantId === participantId);
  return /(\d{6})/.exec(sent.at(-1)?.text ?? '')?.[1] ?? '';
};

beforeAll(async () => {
  logs = await captureLogs();
  // 40 demo residents besides our participant, so report cells are figures, not suppressed.
  rt = await startRuntime({ keyDir: dir, seed: 40, visibilityScale: 0.01, idleMs: 100, sendRatePerSecond: 0, trustForwardedFor: true });
  const sign = (role: 'operator' | 'municipality' | 'unit' | 'board', extra: { municipality?: string; unit?: string } = {}) => signToken(dir, { role, sub: `privacy-${role}`, ...extra });
  tokens.operator = await sign('operator');
  tokens.utrecht = await sign('municipality', { municipality: 'GM0344' });
  tokens.midden = await sign('unit', { unit: 'Midden-Nederland' });
  tokens.board = await sign('board');
});

afterAll(async () => {
  await logs?.stop();
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// ---- the story -------------------------------------------------------------------------------

let participantId: string;
let manage: Record<string, string>;
let device: { id: string; deviceToken: string };
let deviceAuth: Record<string, string>;
let actionId: string;
let campaignId: string;
/** Its flyer code, random (`UTR-4829KX`): it can look like a postcode, and is no one's. */
let campaignCode: string;
const NO_ACTION = 'act_00000000-0000-4000-8000-000000000000';

/**
 * The read-only surfaces: reports in three formats, campaigns, the public feed, action views,
 * docs. After the erasure (`again`) only those the erasure could change, to keep the run short.
 */
async function readEverything(again = false) {
  const { utrecht, midden, board, operator } = tokens;
  const csv = { accept: 'text/csv' };
  await http('GET', '/reports/municipalities/GM0344', { token: utrecht });
  await http('GET', '/reports/municipalities/GM0344', { token: utrecht, headers: csv });
  await http('GET', '/reports/units/Midden-Nederland', { token: midden });
  await http('GET', '/reports/national', { token: board });
  await http('GET', `/campaigns/${campaignId}`, { token: utrecht });
  await http('GET', '/public/actions');
  await http('GET', `/public/actions/${actionId}.cap`);
  await http('GET', `/actions/${actionId}`, { token: operator });
  await http('GET', `/actions/${actionId}/timeline`, { token: operator });
  // Operators read tips with the tipster's position: that is what a tip is for (they go and look
  // there), the route is operator-only and the position is the one the tipster chose to send.
  // It stays exempt for that one secret only; the phone's own position must not be in it.
  await http('GET', `/actions/${actionId}/tips`, { token: operator, own: ['tipPosition'] });
  if (again) return;
  await http('GET', '/reports/municipalities/GM0344.html', { token: utrecht });
  await http('GET', '/reports/municipalities/GM0344.csv', { token: midden });
  await http('GET', '/reports/units/Midden-Nederland', { token: midden, headers: csv });
  await http('GET', '/reports/national', { token: board, headers: csv });
  await http('GET', '/public/actions?format=atom');
  await http('GET', `/public/actions/${actionId}`);
  await http('GET', '/actions', { token: operator });
  await http('GET', `/actions/${actionId}/cost`, { token: operator });
  await http('GET', '/openapi.json');
  await http('GET', '/docs');
}

describe('privacy, end to end', () => {
  it('signs up, verifies and manages the registration', async () => {
    const campaign = await http<{ id: string; code: string }>('POST', '/campaigns', {
      token: tokens.utrecht,
      body: { name: 'Buurtflyer Zuilen', period: { from: '2020-01-01', to: '2099-12-31' }, channels: ['sms', 'voice', 'push'] },
    });
    expect(campaign.status).toBe(201);
    campaignId = campaign.body.id;
    campaignCode = campaign.body.code;

    const signUp = await http<{ id: string }>('POST', '/participants', {
      body: { phone: '06-47291385', postcode: '3516 ab', houseNumber: HOME.houseNumber, channels: ['sms', 'voice'], campaign: campaign.body.code },
      headers: { 'x-forwarded-for': '198.51.100.1' },
    });
    expect(signUp.status).toBe(201);
    participantId = signUp.body.id;
    for (const wrong of ['000000', '999999']) expect((await http('POST', `/participants/${participantId}/verify`, { body: { code: wrong } })).status).toBe(400);
    const code = await lastCode(participantId);
    addCode(code, 'verification code');
    expect((await http('POST', `/participants/${participantId}/verify`, { body: { code } })).status).toBe(200);

    expect((await http('POST', '/participants/manage-code', { body: { phone: '+31 6 47291385' }, headers: { 'x-forwarded-for': '198.51.100.1' } })).status).toBe(202);
    const manageCode = await lastCode(participantId);
    addCode(manageCode, 'manage code');
    expect((await http('POST', '/participants/manage-token', { body: { phone: PHONE, code: manageCode === '123456' ? '654321' : '123456' } })).status).toBe(400);
    const bought = await http<{ token: string }>('POST', '/participants/manage-token', { body: { phone: '0647291385', code: manageCode }, own: ['manageToken'] });
    expect(bought.status).toBe(200);
    addManageToken(bought.body.token);
    manage = { authorization: `Bearer ${bought.body.token}` };

    // Their own registration, to them: number and addresses are the point of the answer.
    const own = await http<{ phone: string }>('GET', `/participants/${participantId}`, { headers: manage, own: ['phone', 'address'] });
    expect(own.body.phone).toBe(PHONE);
    const windows = [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }];
    const patched = await http('PATCH', `/participants/${participantId}`, {
      headers: manage,
      body: { addresses: [{ label: 'thuis', postcode: HOME.postcode, houseNumber: HOME.houseNumber }, { label: 'werk', postcode: WORK.postcode, houseNumber: WORK.houseNumber, windows }] },
      own: ['phone', 'address'],
    });
    expect(patched.status).toBe(200);

    // Someone else signs up and never verifies.
    const pending = await http<{ id: string }>('POST', '/participants', {
      body: { phone: PENDING_PHONE, postcode: WORK.postcode, houseNumber: 2, channels: ['sms'] },
      headers: { 'x-forwarded-for': '198.51.100.2' },
    });
    expect(pending.status).toBe(201);
    addCode(await lastCode(pending.body.id), 'verification code of the pending sign-up');
  });

  it('installs the app: push token, position, saved places', async () => {
    const registered = await http<{ id: string; deviceToken: string }>('POST', '/devices', { body: { platform: 'ios', pushToken: PUSH_TOKEN, language: 'nl' }, own: ['deviceToken'] });
    expect(registered.status).toBe(201);
    device = registered.body;
    addDeviceToken(device.deviceToken);
    deviceAuth = { authorization: `Bearer ${device.deviceToken}` };
    // Far away for now: it comes into the area after the alert (the geofence path).
    expect((await http('PUT', `/devices/${device.id}/position`, { headers: deviceAuth, body: { ...FAR_AT, accuracyMeters: 12 } })).status).toBe(200);
    // The places as they are now, to the device that set them. No windows: it alerts at any hour.
    const places = await http('PUT', `/devices/${device.id}/places`, { headers: deviceAuth, body: { places: [{ name: 'Sportclub', ...PLACE }] }, own: ['placePosition'] });
    expect(places.status).toBe(200);
  });

  it('alerts them by sms, voice and push; an update, tips, the end', async () => {
    const alert = {
      type: 'heterdaad',
      title: 'Inbraak Zuilen',
      description: { text: 'Twee mannen met een breekijzer, vluchtten op een scooter' },
      area: AREA,
      channels: ['sms', 'voice', 'push'],
      messages: {
        sms: 'Burgernet: inbraak in Zuilen. Gezocht: twee mannen op een scooter. Gezien? Bel 0800-0011.',
        voice: 'Dit is Burgernet. Bij een inbraak in Zuilen zoekt de politie twee mannen op een scooter.',
        push: { title: 'Burgernet: inbraak Zuilen', body: 'Twee mannen op een scooter. Gezien? Bel 0800-0011.' },
      },
    };
    expect((await http('POST', '/actions/preview', { token: tokens.operator, body: alert })).status).toBe(200);
    const created = await http<{ id: string }>('POST', '/actions', { token: tokens.operator, body: alert });
    expect(created.status).toBe(201);
    actionId = created.body.id;
    const sent = await outbox(actionId);
    const to = (id: string) => sent.filter((e) => e.participantId === id).map((e) => e.channel).sort();
    expect(to(participantId)).toEqual(['sms', 'voice']);
    // Reached through its saved place; then the phone itself walks into the area (ENTER).
    expect(to(device.id)).toEqual(['push']);
    expect((await http('PUT', `/devices/${device.id}/position`, { headers: deviceAuth, body: { ...DEVICE_AT, accuracyMeters: 8 } })).status).toBe(200);

    expect((await http('POST', `/actions/${actionId}/updates`, { token: tokens.operator, body: { text: 'Gezien richting Amsterdamsestraatweg', area: MOVED } })).status).toBe(201);
    expect((await http('POST', `/actions/${actionId}/tips`, { headers: deviceAuth, body: { text: 'Twee mannen op een scooter bij de bakker', position: TIP_AT } })).status).toBe(201);
    expect((await http('POST', `/actions/${actionId}/tips`, { headers: deviceAuth, body: { text: 'Ze reden richting het spoor' } })).status).toBe(201);
    await outbox(actionId);
  });

  it('reads every report, feed and view while they take part', async () => {
    await readEverything();
  });

  it('refuses hostile and mistaken input without repeating what was sent', async () => {
    const base = { phone: PHONE, postcode: HOME.postcode, houseNumber: HOME.houseNumber, channels: ['sms'] };
    const client = { 'x-forwarded-for': '198.51.100.3' };
    // An invalid field next to valid personal data.
    const invalid: Record<string, unknown>[] = [
      { ...base, postcode: '9999ZZ' },
      { ...base, postcode: 'Zuilen' },
      { ...base, houseNumber: 'zeventien' },
      { ...base, houseNumber: 0 },
      { ...base, channels: ['push'] },
      { ...base, addition: '#17' },
      { ...base, phoneNumber: PHONE },
      { ...base, [PHONE]: true },
      { ...base, phone: `${PHONE}${'0'.repeat(30)}` },
      { ...base, phone: '+32470123456' },
      { ...base, campaign: `${PHONE}!` },
      { ...base, language: PHONE },
    ];
    for (const body of invalid) expect((await http('POST', '/participants', { body, headers: client })).status, JSON.stringify(Object.keys(body))).toBe(400);
    // Not JSON at all, or broken JSON, full of personal data.
    const raw = [
      `phone=${encodeURIComponent(PHONE)}&postcode=${HOME.postcode}&houseNumber=${HOME.houseNumber}`,
      `{"phone":${PHONE},"postcode":"${HOME.postcode}","houseNumber":${HOME.houseNumber}}`,
      `{"postcode":"${HOME.postcode}" "houseNumber":${HOME.houseNumber},"phone":"${PHONE}"}`,
      `${PHONE}`,
      `"${PHONE}`,
      `{"phone":"0647291385","postcode":${HOME.postcode}}`,
    ];
    for (const body of raw) expect((await http('POST', '/participants', { raw: body, headers: client })).status).toBe(400);
    expect((await http('POST', '/participants', { raw: JSON.stringify(base), headers: { ...client, 'content-type': 'text/plain' } })).status).toBe(415);

    // Codes and tokens: wrong, malformed, someone else's, unknown ids.
    expect((await http('POST', '/participants/manage-code', { body: { phone: `${PHONE}9999` } })).status).toBe(400);
    expect((await http('POST', '/participants/manage-code', { raw: `{"phone":${PHONE}}` })).status).toBe(400);
    expect((await http('POST', '/participants/manage-token', { body: { phone: PHONE, code: '12-34' } })).status).toBe(400);
    expect((await http('POST', '/participants/manage-token', { body: { phone: `06 ${PHONE.slice(4)} x`, code: '000000' } })).status).toBe(400);
    expect((await http('POST', '/participants/manage-token', { body: { phone: PHONE, code: '000000', postcode: HOME.postcode } })).status).toBe(400);
    expect((await http('POST', `/participants/${participantId}/verify`, { body: { code: PHONE } })).status).toBe(400);
    expect((await http('POST', '/participants/p_000000000000000000000000/verify', { body: { code: '123456' } })).status).toBe(400);
    expect((await http('GET', '/participants/p_000000000000000000000000', { headers: manage })).status).toBe(403);
    expect((await http('GET', `/participants/${participantId}`)).status).toBe(401);
    expect((await http('GET', `/participants/${participantId}`, { headers: { authorization: `Bearer ${PUSH_TOKEN}` } })).status).toBe(401);
    expect((await http('GET', `/participants/${participantId}`, { headers: deviceAuth })).status).toBe(401);
    expect((await http('GET', `/participants/${PHONE}`, { headers: manage })).status).toBe(400);
    expect((await http('PATCH', `/participants/${participantId}`, { headers: manage, body: { addresses: [{ postcode: HOME.postcode, houseNumber: HOME.houseNumber, addition: '!!' }] } })).status).toBe(400);
    expect((await http('PATCH', `/participants/${participantId}`, { headers: manage, body: { addresses: [{ postcode: '9999ZZ', houseNumber: HOME.houseNumber }], phone: PHONE } })).status).toBe(400);
    expect((await http('PATCH', `/participants/${participantId}`, { headers: manage, raw: `{"addresses":[{"postcode":"${HOME.postcode}","houseNumber":${HOME.houseNumber}}` })).status).toBe(400);

    // The app: a push token of the wrong shape or platform, positions refused, a foreign device.
    expect((await http('POST', '/devices', { body: { platform: 'windows', pushToken: PUSH_TOKEN } })).status).toBe(400);
    expect((await http('POST', '/devices', { body: { platform: 'ios', pushToken: `${PUSH_TOKEN}!` } })).status).toBe(400);
    expect((await http('POST', '/devices', { body: { platform: 'ios', pushToken: PUSH_TOKEN, phone: PHONE } })).status).toBe(400);
    expect((await http('POST', '/devices', { raw: `{"platform":"ios","pushToken":${PUSH_TOKEN}}` })).status).toBe(400);
    expect((await http('POST', '/devices', { raw: `pushToken=${PUSH_TOKEN}` })).status).toBe(400);
    expect((await http('PUT', `/devices/${device.id}/position`, { headers: deviceAuth, body: { ...DEVICE_AT, speed: 3 } })).status).toBe(400);
    expect((await http('PUT', `/devices/${device.id}/position`, { headers: deviceAuth, body: { ...DEVICE_AT, at: '2000-01-01T00:00:00Z' } })).status).toBe(400);
    expect((await http('PUT', `/devices/${device.id}/position`, { headers: deviceAuth, raw: `{"lat":${DEVICE_AT.lat} "lon":${DEVICE_AT.lon}}` })).status).toBe(400);
    expect((await http('PUT', `/devices/${device.id}/position`, { headers: deviceAuth, raw: `lat=${DEVICE_AT.lat}&lon=${DEVICE_AT.lon}` })).status).toBe(400);
    expect((await http('PUT', '/devices/dev_00000000000000000000000000000000/position', { headers: deviceAuth, body: DEVICE_AT })).status).toBe(403);
    expect((await http('PUT', `/devices/${device.id}/position`, { headers: { authorization: `Bearer ${PUSH_TOKEN}` }, body: DEVICE_AT })).status).toBe(401);
    expect((await http('PUT', `/devices/${device.id}/places`, { headers: deviceAuth, body: { places: [{ name: 'Sportclub', ...PLACE }, { name: 'sportclub', ...PLACE }] } })).status).toBe(400);
    expect((await http('PUT', `/devices/${device.id}/places`, { headers: deviceAuth, body: { places: [{ name: 'Thuis', ...PLACE, postcode: HOME.postcode }] } })).status).toBe(400);
    expect((await http('POST', `/actions/${actionId}/tips`, { headers: deviceAuth, body: { text: ' ', position: TIP_AT } })).status).toBe(400);
    expect((await http('POST', `/actions/${actionId}/tips`, { headers: deviceAuth, body: { text: 'Gezien', position: { ...TIP_AT, alt: 3 } } })).status).toBe(400);
    expect((await http('POST', `/actions/${actionId}/tips`, { headers: deviceAuth, raw: `{"text":"Gezien","position":{"lat":${TIP_AT.lat},"lon":${TIP_AT.lon}}` })).status).toBe(400);
    expect((await http('POST', `/actions/${NO_ACTION}/tips`, { headers: deviceAuth, body: { text: 'Gezien', position: TIP_AT } })).status).toBe(404);

    // Unknown ids and routes.
    expect((await http('GET', `/actions/${NO_ACTION}`, { token: tokens.operator })).status).toBe(404);
    expect((await http('GET', `/actions/${NO_ACTION}/timeline`, { token: tokens.operator })).status).toBe(404);
    expect((await http('GET', `/actions/${NO_ACTION}/cost`, { token: tokens.operator })).status).toBe(404);
    expect((await http('GET', `/actions/${NO_ACTION}/tips`, { token: tokens.operator })).status).toBe(404);
    expect((await http('GET', `/public/actions/${NO_ACTION}.cap`)).status).toBe(404);
    expect((await http('GET', '/campaigns/cmp_00000000-0000-4000-8000-000000000000', { token: tokens.board })).status).toBe(404);
    expect((await http('GET', '/reports/municipalities/GM9999', { token: tokens.board })).status).toBe(404);
    expect((await http('GET', '/reports/units/Atlantis', { token: tokens.board })).status).toBe(404);
    expect((await http('GET', `/participants/${participantId}/phone`, { headers: manage })).status).toBe(404);
    // Personal data where an id, a name or a cursor belongs.
    expect((await http('GET', `/participants/${encodeURIComponent(PHONE)}/addresses`, { headers: manage })).status).toBe(404);
    expect((await http('GET', `/public/actions/${encodeURIComponent(PHONE)}.cap`)).status).toBe(400);
    expect((await http('GET', `/reports/units/${HOME.postcode}`, { token: tokens.board })).status).toBe(404);
    expect((await http('GET', `/reports/municipalities/GM0344?from=${encodeURIComponent(PHONE)}`, { token: tokens.utrecht })).status).toBe(400);
    expect((await http('GET', `/actions?cursor=${encodeURIComponent(PHONE)}`, { token: tokens.operator })).status).toBe(400);
    expect((await http('GET', `/actions/${actionId}/tips?cursor=${PUSH_TOKEN}`, { token: tokens.operator })).status).toBe(400);
    expect((await http('GET', `/_local/outbox?actionId=${encodeURIComponent(PHONE)}`)).status).toBe(200);

    // STOP by SMS, a broken inbound message, then erasure of registration and app install.
    expect((await http('POST', '/_local/inbound-sms', { raw: `from=${PHONE}&text=STOP` })).status).toBe(400);
    expect((await http('POST', '/_local/inbound-sms', { body: { from: PHONE, text: 'STOP', to: PHONE } })).status).toBe(400);
    expect((await http('POST', '/_local/inbound-sms', { body: { from: '06 4729 1385', text: 'Stop' } })).status).toBe(202);
    expect((await http('POST', '/_local/inbound-sms', { body: { from: PENDING_PHONE, text: 'wat is dit?' } })).status).toBe(202);
    await rt.pollers.idle();
    expect((await http('POST', `/actions/${actionId}/end`, { token: tokens.operator, body: { outcome: 'aangehouden', text: 'Twee verdachten aangehouden. Dank voor uw hulp.' } })).status).toBe(201);
    await outbox(actionId);
    expect((await http('DELETE', `/participants/${participantId}`, { headers: manage })).status).toBe(204);
    expect((await http('GET', `/participants/${participantId}`, { headers: manage })).status).toBe(404);
    expect((await http('DELETE', `/participants/${participantId}`, { headers: manage })).status).toBe(404);
    expect((await http('DELETE', `/devices/${device.id}`, { headers: deviceAuth })).status).toBe(204);
    expect((await http('PUT', `/devices/${device.id}/position`, { headers: deviceAuth, body: DEVICE_AT })).status).toBe(401);
    await rt.pollers.idle();
  });

  it('reads them again once they are gone', async () => {
    await readEverything(true);
  });

  it('the detector finds each secret where it is meant to be, and in every spelling', () => {
    const own = (where: RegExp, kind: Kind) => seen.filter((s) => where.test(s.where) && s.own.has(kind));
    const hit = (kind: Kind, text: string) => secrets.some((s) => s.kind === kind && s.found(text));
    // The exempt answers really hold what they are exempt for: the search is not blind.
    for (const [where, kind] of [
      [/^GET \/participants\/p_\w+ → 200$/, 'phone'],
      [/^GET \/participants\/p_\w+ → 200$/, 'address'],
      [/^POST \/participants\/manage-token → 200$/, 'manageToken'],
      [/^POST \/devices → 201$/, 'deviceToken'],
      [/^PUT \/devices\/dev_\w+\/places → 200$/, 'placePosition'],
      [/^GET \/actions\/act_[\w-]+\/tips → 200$/, 'tipPosition'],
      [/^GET \/_local\/outbox → 200$/, 'code'],
    ] as const) {
      const answers = own(where, kind);
      expect(answers.length, `${where}`).toBeGreaterThan(0);
      expect(answers.some((s) => hit(kind, s.text)), `${kind} in ${where}`).toBe(true);
    }
    for (const spelling of ['06 47 29 13 85', '0031 6 4729 1385', '+31(0)6-4729-1385', '"phone":"+316472913"...', '6.47291385']) expect(hit('phone', spelling), spelling).toBe(true);
    for (const spelling of ['3516ab 17', '3516 AB', '3516-AB']) expect(hit('address', spelling), spelling).toBe(true);
    for (const spelling of ['{"lat":52.0962847', '"lon":5.11574,', 'lat=52.0963', '[5.116,52.096]', '52.096 5.115', '52.09628,5.1157']) expect(hit('devicePosition', spelling), spelling).toBe(true);
    expect(hit('pushToken', `…${PUSH_TOKEN.slice(20, 40).toUpperCase()}…`)).toBe(true);
    // Near misses stay quiet: the areas the operator drew, a similar number, another postcode.
    for (const [kind, text] of [
      ['devicePosition', JSON.stringify(AREA)],
      ['addressPosition', JSON.stringify({ center: { lat: 52.098, lon: 5.117 } })],
      ['phone', '+31647201385 0612345678'],
      ['address', '3516AC 3517AB'],
    ] as const) {
      expect(hit(kind, text), `${kind} in ${text}`).toBe(false);
    }
  });

  it('never returns a secret in an HTTP answer, except a person’s own data to themselves', () => {
    const leaks: string[] = [];
    for (const s of seen) {
      for (const secret of secrets) {
        if (s.own.has(secret.kind)) continue;
        if (secret.found(s.headers)) leaks.push(`${secret.name} in the headers of ${s.where}`);
        if (secret.found(s.text)) leaks.push(`${secret.name} in the body of ${s.where}${typeof s.body === 'string' ? '' : ` at ${locate(s.body, secret) ?? '?'}`}`);
      }
    }
    expect([...new Set(leaks)]).toEqual([]);
    expect(seen.length).toBeGreaterThan(100);
  });

  it('never logs a secret', () => {
    // The console is read too (third-party code logs through it, around the streams).
    console.warn('privacy: the console is captured');
    const lines = logs.lines.flatMap((l) => l.split('\n')).filter((l) => l.trim());
    expect(lines).toContain('privacy: the console is captured');
    // The logs are really read: lines from the API, the queues and the senders are all here.
    const functions = new Set(lines.map((l) => /"function_name":"(\w+)"/.exec(l)?.[1]).filter(Boolean));
    for (const fn of ['signUp', 'verifyParticipant', 'issueManageToken', 'changeRegistration', 'registerDevice', 'putPosition', 'createAction', 'fanout', 'sendSms', 'sendVoice', 'sendPush', 'createTip', 'geofenceEnter', 'previewAction', 'inboundSms', 'eraseRegistration', 'deleteDevice']) {
      expect(functions, fn).toContain(fn);
    }
    const leaks: string[] = [];
    lines.forEach((line, i) => {
      for (const secret of secrets) {
        if (!secret.found(line)) continue;
        let where = `log line ${i + 1}`;
        try {
          const item = JSON.parse(line) as Record<string, unknown>;
          where += ` (${String(item.level)} from ${String(item.function_name ?? 'the runtime')}, "${secret.found(String(item.message)) ? '…' : String(item.message)}", at ${locate(item, secret) ?? '?'})`;
        } catch {
          where += ' (not JSON)';
        }
        leaks.push(`${secret.name} in ${where}`);
      }
    });
    expect(leaks).toEqual([]);
  });

  it('keeps reports to aggregates: no row, id, number, postcode or position of anyone', () => {
    const reports = seen.filter((s) => /^GET \/(reports|campaigns)\//.test(s.where) && s.where.endsWith('→ 200'));
    expect(reports.length).toBeGreaterThanOrEqual(13);
    // Anyone's, not only our participant's: the 40 demo residents are counted in the same reports.
    const personal: Record<string, RegExp> = {
      'a participant id': /\bp_[0-9a-f]{24}\b|\bdemo_\d+/,
      'a device id': /\bdev_[0-9a-f]{32}\b/,
      'a tip id': /\btip_/,
      'a phone number': /\+31\d{9}\b|\b06-?\d{8}\b/,
      'a postcode': /\b[1-9]\d{3} ?[A-Z]{2}\b(?!\w)/,
      'an operator or reader': /privacy-(operator|municipality|unit|board)/,
    };
    const found: string[] = [];
    const personalKeys = /^(phone|phoneKey|postcode|houseNumber|addition|address(es)?|lat|lon|position|participantId|deviceId|pushToken|endpoint|tipster|name)$/i;
    for (const r of reports) {
      const text = r.text.replaceAll(campaignCode, '[campaign code]');
      for (const [what, re] of Object.entries(personal)) if (re.test(text)) found.push(`${what} in ${r.where}`);
      if (typeof r.body === 'object' && r.body) {
        const walk = (v: unknown, path: string): void => {
          if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}.${i}`));
          if (v && typeof v === 'object') {
            for (const [k, x] of Object.entries(v)) {
              // `name` is the municipality's or campaign's, at the top of a scope only.
              if (personalKeys.test(k) && !(k === 'name' && /^\$(\.scope|\.campaigns\.\d+|)$/.test(path))) found.push(`a per-person field ${path}.${k} in ${r.where}`);
              walk(x, `${path}.${k}`);
            }
          }
        };
        walk(r.body, '$');
      }
      if (r.where.startsWith('GET /reports/') && typeof r.body === 'string' && r.body.includes('\r\n')) {
        // CSV: a header, one row per month and a total, whatever the number of participants.
        const rows = r.body.trimEnd().split('\r\n');
        const months = rows.filter((row) => /,\d{4}-\d{2},/.test(row));
        expect(rows.length, r.where).toBe(months.length + 2);
        expect(rows.at(-1), r.where).toMatch(/^\w+,[^,]*,[^,]+,total,/);
      }
    }
    expect(found).toEqual([]);
    // The figures are there, not suppressed: our participant is one count among the residents.
    const json = reports.find((r) => r.where === 'GET /reports/municipalities/GM0344 → 200' && typeof r.body === 'object')!.body as { total: { participants: { active: number | null } } };
    expect(json.total.participants.active).toBeGreaterThanOrEqual(5);
  });
});
