// Participants manage themselves, through HTTP on the local runtime: sign-up → code by SMS →
// verify → alerted → STOP; several addresses with time windows; manage with a fresh code; erase
// leaves nothing personal in any table; abuse limits and no enumeration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import { tables } from '#infra/topology';
import { call } from '../support/http';
import { captureLogs, type LogCapture } from '../support/log-capture';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-participants-'));
// Two demo postcodes from shared/local/fixtures/postcodes-demo.csv (synthetic Utrecht positions).
const HOME = { postcode: '3511 AA', houseNumber: 12, lat: 52.093847, lon: 5.1214 };
const WORK = { postcode: '3512AA', houseNumber: 3 };

let rt: Runtime;
let operator: string;
let fixed: Date | undefined;

/** Everything the system logs during the run, searched for personal data at the end. */
let logs: LogCapture | undefined;
const secrets = new Set<string>();

type Entry = { participantId: string; text: string; maskedNumber?: string };
const outbox = async (actionId: string) => {
  await rt.pollers.idle();
  return (await call<Entry[]>(rt.url, 'GET', `/_local/outbox?actionId=${actionId}`)).body;
};
/** The latest code sent to a participant, read from the local outbox. */
const codeFor = async (participantId: string) => {
  const sent = (await outbox('codes')).filter((e) => e.participantId === participantId);
  const code = /(\d{6})/.exec(sent.at(-1)?.text ?? '')?.[1] ?? '';
  secrets.add(code);
  return code;
};
const alert = (center: { lat: number; lon: number }, radiusMeters = 300) => ({
  type: 'heterdaad',
  title: 'Inbraak',
  description: { text: 'Twee personen met een breekijzer' },
  area: { center, radiusMeters },
  channels: ['sms'],
  messages: { sms: 'Burgernet: twee personen met breekijzer gezien. Bel 0800-0011' },
});
const startAction = async (body: unknown) => {
  const res = await call<{ id: string }>(rt.url, 'POST', '/actions', { token: operator, body });
  expect(res.status).toBe(201);
  return res.body.id;
};
let clients = 0;
/** Each sign-up from a client address of its own unless one is given: limits per number are tested apart. */
const signUp = (phone: string, over: Record<string, unknown> = {}, client = `10.0.0.${++clients}`) =>
  call<{ id: string; status: string }>(rt.url, 'POST', '/participants', {
    body: { phone, postcode: HOME.postcode, houseNumber: HOME.houseNumber, channels: ['sms'], ...over },
    headers: { 'x-forwarded-for': client },
  });

beforeAll(async () => {
  // Everything, not only warnings: the privacy check below reads all of it.
  logs = await captureLogs();
  rt = await startRuntime({ keyDir: dir, seed: 0, visibilityScale: 0.01, idleMs: 100, sendRatePerSecond: 0, trustForwardedFor: true, clock: { now: () => fixed ?? new Date() } });
  operator = await signToken(dir, { role: 'operator', sub: 'op-1' });
});

afterAll(async () => {
  await logs?.stop();
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('self-service participants', () => {
  let id: string;

  it('signs up pending, gets a code by SMS, and the code makes them active', async () => {
    const res = await signUp('06 1111 2222');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', id: expect.stringMatching(/^p_[0-9a-f]{24}$/) });
    id = res.body.id;
    const sms = (await outbox('codes')).filter((e) => e.participantId === id);
    expect(sms).toHaveLength(1);
    expect(sms[0]!.maskedNumber).toBe('+316******2222');
    // Not yet active: an action does not reach them.
    const before = await startAction(alert(HOME));
    expect((await outbox(before)).map((e) => e.participantId)).not.toContain(id);

    const wrong = await call<{ errors: { field: string; message: string }[] }>(rt.url, 'POST', `/participants/${id}/verify`, { body: { code: '000000' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]).toEqual({ field: 'code', message: 'wrong code' });
    const ok = await call(rt.url, 'POST', `/participants/${id}/verify`, { body: { code: await codeFor(id) } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ id, status: 'active' });
  });

  it('is alerted once active, and STOP by SMS ends it', async () => {
    const first = await startAction(alert(HOME));
    expect((await outbox(first)).filter((e) => e.participantId === id)).toHaveLength(1);

    expect((await call(rt.url, 'POST', '/_local/inbound-sms', { body: { from: '+31611112222', text: 'stop' } })).status).toBe(202);
    await rt.pollers.idle();
    const after = await startAction(alert(HOME));
    expect((await outbox(after)).map((e) => e.participantId)).not.toContain(id);
  });

  it('answers a sign-up of a registered number exactly like a new one (no enumeration)', async () => {
    const again = await signUp('+31611112222');
    const fresh = await signUp('+31633334444');
    expect(again.status).toBe(fresh.status);
    expect(Object.keys(again.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(again.body.id).toBe(id);
    // The same number always gets the same id, registered or not: repeating tells nothing.
    expect((await signUp('+31633334444')).body.id).toBe(fresh.body.id);
  });

  it('uses each address only while its time window is open, at the edges', async () => {
    const res = await signUp('+31655556666');
    const pid = res.body.id;
    await call(rt.url, 'POST', `/participants/${pid}/verify`, { body: { code: await codeFor(pid) } });
    await call(rt.url, 'POST', '/participants/manage-code', { body: { phone: '+31655556666' } });
    const token = await call<{ token: string }>(rt.url, 'POST', '/participants/manage-token', { body: { phone: '06-55556666', code: await codeFor(pid) } });
    expect(token.status).toBe(200);
    const auth = { authorization: `Bearer ${token.body.token}` };
    const windows = [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }];
    const patched = await call<{ addresses: { postcode: string; windows?: unknown }[] }>(rt.url, 'PATCH', `/participants/${pid}`, {
      headers: auth,
      body: { addresses: [{ label: 'werk', ...WORK, windows }] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.addresses).toEqual([{ slot: 'a1', label: 'werk', postcode: '3512AA', houseNumber: 3, municipalityCode: 'GM0344', windows }]);
    // The work address from the postcode table.
    const work = { lat: 52.087418, lon: 5.126294 };
    const reached = async (at: string) => {
      // The clock stays fixed until the fan-out has selected (it evaluates the windows).
      fixed = new Date(at);
      const a = await startAction(alert(work, 150));
      const sent = (await outbox(a)).some((e) => e.participantId === pid);
      fixed = undefined;
      return sent;
    };
    expect(await reached('2026-01-05T06:59:00Z')).toBe(false); // Monday 07:59 Amsterdam
    expect(await reached('2026-01-05T07:00:00Z')).toBe(true); // Monday 08:00
    expect(await reached('2026-01-05T16:59:00Z')).toBe(true); // Monday 17:59
    expect(await reached('2026-01-05T17:00:00Z')).toBe(false); // Monday 18:00
    expect(await reached('2026-01-10T12:00:00Z')).toBe(false); // Saturday
    // The old home address no longer counts at all.
    expect((await outbox(await startAction(alert(HOME)))).some((e) => e.participantId === pid)).toBe(false);
  });

  it('refuses bad input with a 4xx naming the reason, and stores nothing', async () => {
    const cases: [Record<string, unknown>, string, number][] = [
      [{ phone: '12345' }, 'phone', 400],
      [{ phone: '030 123 4567' }, 'phone', 400], // a landline cannot take SMS
      [{ phone: '+31612348888', postcode: '9999ZZ' }, 'postcode', 400],
      [{ phone: '+31612348888', postcode: 'abc' }, 'postcode', 400],
      [{ phone: '+31612348888', channels: ['push'] }, 'channels.0', 400],
    ];
    for (const [over, field, status] of cases) {
      const res = await call<{ errors: { field: string }[] }>(rt.url, 'POST', '/participants', { body: { phone: '+31612348888', postcode: HOME.postcode, houseNumber: 1, channels: ['sms'], ...over } });
      expect(res.status, JSON.stringify(over)).toBe(status);
      expect(res.body.errors.map((e) => e.field)).toContain(field);
    }
    expect((await outbox('codes')).some((e) => e.maskedNumber === '+316******8888')).toBe(false);
    // A token for another participant, or none.
    expect((await call(rt.url, 'GET', `/participants/${id}`)).status).toBe(401);
    expect((await call(rt.url, 'GET', `/participants/${id}`, { headers: { authorization: 'Bearer nonsense' } })).status).toBe(401);
  });

  it('bounds codes per number, per number range and per client address', async () => {
    const perNumber: number[] = [];
    for (let i = 0; i < 4; i++) perNumber.push((await signUp('+31612399990')).status);
    expect(perNumber).toEqual([201, 201, 201, 429]);
    // Consecutive numbers of one range, each from its own client: the range runs out at 10.
    const perRange: number[] = [];
    for (let i = 0; i < 11; i++) perRange.push((await signUp(`+316124560${String(i).padStart(2, '0')}`)).status);
    expect(perRange.filter((s) => s === 201)).toHaveLength(10);
    expect(perRange.at(-1)).toBe(429);
    // One client address trying many numbers.
    const perClient: number[] = [];
    for (let i = 0; i < 11; i++) perClient.push((await signUp(`+3161${String(i).padStart(3, '0')}7777`, {}, '192.0.2.7')).status);
    expect(perClient.filter((s) => s === 201)).toHaveLength(10);
    const limited = await signUp('+31612121212', {}, '192.0.2.7');
    expect(limited.status).toBe(429);
    expect(JSON.stringify(limited.body)).not.toContain('12121212');
  });

  it('locks a code after 5 wrong attempts', async () => {
    const pid = (await signUp('+31612388880')).body.id;
    for (let i = 0; i < 5; i++) expect((await call(rt.url, 'POST', `/participants/${pid}/verify`, { body: { code: '123456' } })).status).toBe(400);
    const locked = await call(rt.url, 'POST', `/participants/${pid}/verify`, { body: { code: await codeFor(pid) } });
    expect(locked.status).toBe(429);
  });

  it('erases a registration at once: nothing personal left in any table, nothing still queued is sent', async () => {
    // An address nobody else in this test uses, so any trace of it is this participant's.
    const res = await signUp('+31622223333', { postcode: '3511AB', houseNumber: 5 });
    const pid = res.body.id;
    await call(rt.url, 'POST', `/participants/${pid}/verify`, { body: { code: await codeFor(pid) } });
    await call(rt.url, 'POST', '/participants/manage-code', { body: { phone: '+31622223333' } });
    const { token } = (await call<{ token: string }>(rt.url, 'POST', '/participants/manage-token', { body: { phone: '+31622223333', code: await codeFor(pid) } })).body;
    const read = await call<{ phone: string }>(rt.url, 'GET', `/participants/${pid}`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.body.phone).toBe('+31622223333');
    // Another participant's token is refused.
    expect((await call(rt.url, 'GET', `/participants/${id}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);

    expect((await call(rt.url, 'DELETE', `/participants/${pid}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
    for (const table of Object.keys(tables)) {
      const items = (await rt.db.send(new ScanCommand({ TableName: table }))).Items ?? [];
      const text = JSON.stringify(items);
      // No number, no position of the address, no postcode: nothing that points at the person.
      for (const trace of ['+31622223333', '622223333', '52.094738', '5.123433', '3511AB']) expect(text, `${table} holds ${trace}`).not.toContain(trace);
      // The register and the codes forget the id too; the monthly figures keep it only as a
      // pseudonymous key to a count (municipality and channels), so a re-count stays exact.
      if (tables[table as keyof typeof tables].personal) expect(text, table).not.toContain(pid);
    }
    expect((await call(rt.url, 'GET', `/participants/${pid}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    secrets.add(token);
  });

  it('never wrote a phone number, code or manage token to the logs', () => {
    const text = logs!.lines.join('');
    expect(text.length).toBeGreaterThan(0);
    for (const digits of ['611112222', '633334444', '655556666', '622223333', '612399990', '612121212']) expect(text).not.toContain(digits);
    for (const secret of secrets) if (secret) expect(text).not.toContain(secret);
  });
});
