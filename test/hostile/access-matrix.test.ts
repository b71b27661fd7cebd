// Every HTTP route × every kind of caller, against the real local runtime: who gets in (2xx, or a
// 4xx that is not 401/403 where success needs something only a person has), who gets 401 (no or
// no valid credential for the route) and who gets 403 (a valid credential of the route's kind, the
// wrong role or subject). Routes come from the topology, requests from the contracts' examples,
// and the expectation from ONE table below: a route without a row fails. Refused requests must
// leave every table as it was. Then the object-level rules: whose report, whose registration,
// whose device, and the four-eyes rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpRoutes, type FunctionName, type Role } from '#infra/topology';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import { routeContracts } from '#shared/api/routes';
import { EXAMPLE_REFERENCE } from '#shared/api/openapi';
import type { ExampleCaller, RouteContract, RouteExample } from '#shared/api/contract';
import { snapshotTables, type TableSnapshot } from '../support/table-snapshot';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-access-'));
/** Another deployment's keys: its tokens are well-formed and signed, just not by us. */
const elsewhere = mkdtempSync(join(tmpdir(), 'burgernet-access-other-'));

// ---------------------------------------------------------------------------------------------
// The one table: who may call each route. `everyone` is a public route (no credential needed, any
// sent is ignored); `own` says the path's {id} is the caller's own registration or device.
// ---------------------------------------------------------------------------------------------
type Subject = 'participant' | 'device';
type Column = 'none' | 'garbage' | 'foreign' | 'expired' | Subject | Role;
interface Row {
  readonly allowed: 'everyone' | readonly (Subject | Role)[];
  readonly own?: Subject;
  /** The example's phone number is used once per request (sign-up limits count per number). */
  readonly uniquePhone?: true;
}

const ACCESS: Partial<Record<FunctionName, Row>> = {
  createAction: { allowed: ['operator'] },
  approveAction: { allowed: ['operator'] },
  updateAction: { allowed: ['operator'] },
  endAction: { allowed: ['operator'] },
  cancelAction: { allowed: ['operator'] },
  actionTimeline: { allowed: ['operator'] },
  getAction: { allowed: ['operator'] },
  listActions: { allowed: ['operator'] },
  previewAction: { allowed: ['operator'] },
  listTips: { allowed: ['operator'] },
  actionCost: { allowed: ['operator', 'board'] },
  municipalityReport: { allowed: ['municipality', 'unit', 'board'] },
  unitReport: { allowed: ['unit', 'board'] },
  nationalReport: { allowed: ['board'] },
  createCampaign: { allowed: ['municipality', 'unit'] },
  getCampaign: { allowed: ['municipality', 'unit', 'board'] },
  publicActions: { allowed: 'everyone' },
  publicAction: { allowed: 'everyone' },
  openApi: { allowed: 'everyone' },
  apiDocs: { allowed: 'everyone' },
  signUp: { allowed: 'everyone', uniquePhone: true },
  verifyParticipant: { allowed: 'everyone' },
  requestManageCode: { allowed: 'everyone', uniquePhone: true },
  issueManageToken: { allowed: 'everyone' },
  readRegistration: { allowed: ['participant'], own: 'participant' },
  changeRegistration: { allowed: ['participant'], own: 'participant' },
  eraseRegistration: { allowed: ['participant'], own: 'participant' },
  registerDevice: { allowed: 'everyone' },
  deleteDevice: { allowed: ['device'], own: 'device' },
  putPosition: { allowed: ['device'], own: 'device' },
  putPlaces: { allowed: ['device'], own: 'device' },
  createTip: { allowed: ['device'] },
};

const COLUMNS: readonly Column[] = ['none', 'garbage', 'foreign', 'expired', 'participant', 'device', 'operator', 'municipality', 'unit', 'board'];
const SHORT: Record<Column, string> = { none: 'none', garbage: 'garb', foreign: 'forgn', expired: 'expd', participant: 'part', device: 'dev', operator: 'oper', municipality: 'mun', unit: 'unit', board: 'board' };
const COGNITO: readonly Column[] = ['operator', 'municipality', 'unit', 'board'];
const NO_CREDENTIAL: readonly Column[] = ['none', 'garbage', 'foreign', 'expired'];

/** Which kind of credential a route checks: the user pool's JWT, a manage token, a device token, or none. */
type Realm = 'cognito' | Subject | 'public';
const realmOfRow = (row: Row): Realm => (row.allowed === 'everyone' ? 'public' : row.allowed.every((r) => COGNITO.includes(r)) ? 'cognito' : (row.allowed[0] as Subject));
const realmOfColumn = (c: Column): Realm | undefined => (COGNITO.includes(c) ? 'cognito' : c === 'participant' || c === 'device' ? c : undefined);

type Expected = '2xx' | '4xx' | 401 | 403;
/**
 * Allowed: a 2xx, or for a public route whose success needs a code sent to a phone, a 4xx that is
 * not 401/403. Refused: 403 for a credential of the route's own kind (wrong role or subject), 401
 * for none, an invalid one, or one of another kind (API Gateway's JWT authorizer cannot read a
 * device or manage token, and a user-pool JWT is no device or manage token).
 */
function expected(name: FunctionName, row: Row, column: Column): Expected {
  if (row.allowed === 'everyone') return routeContracts[name]?.successNeeds ? '4xx' : '2xx';
  if (row.allowed.includes(column as Subject | Role)) return '2xx';
  if (NO_CREDENTIAL.includes(column)) return 401;
  return realmOfColumn(column) === realmOfRow(row) ? 403 : 401;
}
const fits = (status: number, e: Expected) => (e === '2xx' ? status >= 200 && status < 300 : e === '4xx' ? status >= 400 && status < 500 && status !== 401 && status !== 403 : status === e);

// ---------------------------------------------------------------------------------------------
// Callers and requests.
// ---------------------------------------------------------------------------------------------
let rt: Runtime;
/** The runtime's clock: the system's, unless a test sets another time. */
let clockAt: (() => Date) | undefined;
const UTRECHT = 'GM0344';
const AMSTERDAM = 'GM0363';
/** The unit that covers Utrecht (shared/domain/police-units.ts, the municipality fixture). */
const UTRECHT_UNIT = 'Midden-Nederland';
const tokens: Record<string, string> = {};
interface Owner {
  readonly id: string;
  readonly token: string;
}
let participantA: Owner;
let participantB: Owner;
let deviceA: Owner;
let deviceB: Owner;

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly contentType: string;
}
let clients = 0;
/** Every request from a client address of its own: sign-up limits per address are not what this tests. */
async function send(method: string, path: string, options: { auth?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const n = ++clients;
  const headers: Record<string, string> = { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, ...options.headers };
  if (options.auth !== undefined) headers.authorization = options.auth;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${rt.url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') ?? '' };
}
const parsed = <T>(a: Answer): T => JSON.parse(a.text) as T;

let phones = 0;
/** A mobile number in a number range of its own (limits count per number and per range). */
const freshPhone = () => `+3162${String(++phones).padStart(4, '0')}987`;

const exampleTokens = new Map<string, Promise<string>>();
const tokenFor = (c: ExampleCaller) => {
  const key = JSON.stringify(c);
  if (!exampleTokens.has(key)) exampleTokens.set(key, signToken(dir, c));
  return exampleTokens.get(key)!;
};
const routeOf = (name: FunctionName) => httpRoutes().find((r) => r.name === name)!.spec.trigger;
const contractOf = (name: FunctionName): RouteContract => {
  const c = routeContracts[name];
  if (!c) throw new Error(`${name} has no contract in shared/api/routes.ts`);
  return c;
};
const urlOf = (name: FunctionName, path: Record<string, string>, query: Record<string, string> = {}) => {
  const p = routeOf(name).path.replace(/\{(\w+)\}/g, (_m, k: string) => encodeURIComponent(path[k] ?? ''));
  const q = new URLSearchParams(query).toString();
  return q ? `${p}?${q}` : p;
};

/** Sends an example as its documented caller (references inside resolved first). */
async function sendExample(name: FunctionName, example: RouteExample): Promise<Answer> {
  const trigger = routeOf(name);
  const caller = example.as ?? (trigger.roles === 'public' ? undefined : { role: 'operator' as const, sub: 'docs-operator' });
  const headers = await resolve({ ...example.headers });
  return send(trigger.method, urlOf(name, await resolve({ ...example.path }), await resolve({ ...example.query })), {
    headers,
    body: await resolve(example.body),
    ...(caller && !headers.authorization ? { auth: `Bearer ${await tokenFor(caller)}` } : {}),
  });
}

/** Answers to references for requests that change nothing: one action serves every refused caller. */
const reused = new Map<string, Promise<string>>();
async function answerTo(ref: string, route: string, name: string, field: string): Promise<string> {
  const example = contractOf(route as FunctionName).examples.find((e) => e.name === name);
  if (!example) throw new Error(`${ref}: no such example`);
  const answer = await sendExample(route as FunctionName, example);
  const got = answer.status < 300 ? (parsed<Record<string, unknown>>(answer)[field] as unknown) : undefined;
  if (typeof got !== 'string') throw new Error(`${ref}: answered ${answer.status} without a ${field}`);
  return got;
}

/**
 * Replaces `{{route.example.field}}` with that field of an answer to the referenced example: a
 * fresh one when the request may change what it points at, else one answer reused.
 */
async function resolve<T>(value: T, fresh = false): Promise<T> {
  if (typeof value === 'string') {
    let out: string = value;
    for (const [ref, route, name, field] of value.matchAll(EXAMPLE_REFERENCE)) {
      if (fresh) out = out.replace(ref, await answerTo(ref, route!, name!, field!));
      else {
        if (!reused.has(ref)) reused.set(ref, answerTo(ref, route!, name!, field!));
        out = out.replace(ref, await reused.get(ref)!);
      }
    }
    return out as T;
  }
  if (Array.isArray(value)) return (await Promise.all(value.map((v) => resolve(v, fresh)))) as T;
  if (value && typeof value === 'object') return Object.fromEntries(await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolve(v, fresh)]))) as T;
  return value;
}

/**
 * The example a route is tried with: its first successful one, else (success needs what only a
 * person has) the first well-formed one: refused by the domain, or only lacking a token.
 */
function exampleFor(name: FunctionName): RouteExample {
  const { examples } = contractOf(name);
  const chosen = examples.find((e) => e.status < 300) ?? examples.find((e) => e.refusedBy !== undefined || e.status === 401);
  if (!chosen) throw new Error(`${name}: no example to derive a request from`);
  return chosen;
}

interface Prepared {
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}
/** The route's example as a request, with `own` pointing at the given subject; no credential yet. */
async function prepare(name: FunctionName, row: Row, owner: Owner | undefined, fresh: boolean): Promise<Prepared> {
  const example = exampleFor(name);
  // The credential is the column's, never the example's.
  const { authorization: _dropped, ...headers } = example.headers ?? {};
  const path = await resolve({ ...example.path }, fresh);
  if (row.own) path.id = owner!.id;
  let body = await resolve(example.body, fresh);
  if (row.uniquePhone) body = { ...(body as Record<string, unknown>), phone: freshPhone() };
  return { method: routeOf(name).method, url: urlOf(name, path, await resolve({ ...example.query }, fresh)), body, headers: await resolve(headers, fresh) };
}

/** The credential a column sends. A subject column on its own route sends that route's fresh owner. */
function credentialOf(column: Column, owner?: Owner): string | undefined {
  switch (column) {
    case 'none':
      return undefined;
    case 'participant':
      return `Bearer ${(owner ?? participantA).token}`;
    case 'device':
      return `Bearer ${(owner ?? deviceA).token}`;
    default:
      return `Bearer ${tokens[column]}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Owners: participants with a manage token (through sign-up, verify and a manage code), devices.
// ---------------------------------------------------------------------------------------------
async function latestCode(participantId: string): Promise<string> {
  await rt.pollers.idle();
  const sent = parsed<{ participantId: string; text: string }[]>(await send('GET', '/_local/outbox?actionId=codes')).filter((e) => e.participantId === participantId);
  return /(\d{6})/.exec(sent.at(-1)?.text ?? '')?.[1] ?? '';
}
/**
 * A verified participant with a manage token. They live in Amsterdam (demo postcode table), so
 * the Utrecht actions of the examples do not fan out to them: less work, same access rules.
 */
async function newParticipant(): Promise<Owner> {
  const phone = freshPhone();
  const base = contractOf('signUp').examples.find((e) => e.status === 201)!.body as Record<string, unknown>;
  const signed = await send('POST', '/participants', { body: { ...base, phone, postcode: '1011 AA', houseNumber: 5 } });
  expect(signed.status, signed.text).toBe(201);
  const { id } = parsed<{ id: string }>(signed);
  expect((await send('POST', `/participants/${id}/verify`, { body: { code: await latestCode(id) } })).status).toBe(200);
  expect((await send('POST', '/participants/manage-code', { body: { phone } })).status).toBe(202);
  const issued = await send('POST', '/participants/manage-token', { body: { phone, code: await latestCode(id) } });
  expect(issued.status, issued.text).toBe(200);
  return { id, token: parsed<{ token: string }>(issued).token };
}
let pushTokens = 0;
async function newDevice(): Promise<Owner> {
  const res = await send('POST', '/devices', { body: { platform: 'ios', pushToken: `${(++pushTokens).toString(16).padStart(8, '0')}${'acce'.repeat(14)}` } });
  expect(res.status, res.text).toBe(201);
  const { id, deviceToken } = parsed<{ id: string; deviceToken: string }>(res);
  return { id, token: deviceToken };
}
const freshOwner = (s: Subject) => (s === 'participant' ? newParticipant() : newDevice());

/** Every table of the topology, once the queues are quiet: what a refused request must leave as it was. */
async function snapshot(): Promise<TableSnapshot> {
  await rt.pollers.idle();
  return snapshotTables(rt.dynamo);
}

beforeAll(async () => {
  rt = await startRuntime({ keyDir: dir, seed: 0, visibilityScale: 0.01, idleMs: 100, sendRatePerSecond: 0, trustForwardedFor: true, clock: { now: () => clockAt?.() ?? new Date() } });
  tokens.garbage = 'not-a-token';
  tokens.foreign = await signToken(elsewhere, { role: 'operator', sub: 'intruder' });
  tokens.expired = await signToken(dir, { role: 'operator', sub: 'matrix-operator', ttlSeconds: -60 });
  tokens.operator = await signToken(dir, { role: 'operator', sub: 'matrix-operator' });
  tokens.municipality = await signToken(dir, { role: 'municipality', sub: 'matrix-utrecht', municipality: UTRECHT });
  tokens.unit = await signToken(dir, { role: 'unit', sub: 'matrix-midden', unit: UTRECHT_UNIT });
  tokens.board = await signToken(dir, { role: 'board', sub: 'matrix-board' });
  [participantA, participantB, deviceA, deviceB] = [await newParticipant(), await newParticipant(), await newDevice(), await newDevice()];
});

afterAll(async () => {
  clockAt = undefined;
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// The matrix.
// ---------------------------------------------------------------------------------------------
const routes = httpRoutes().map(({ name, spec }) => ({ name, label: `${spec.trigger.method} ${spec.trigger.path}` }));
const matrix = new Map<string, Partial<Record<Column, number>>>();

describe('access matrix', () => {
  it('has exactly one row per HTTP route of the topology, of the kind the gateway checks', () => {
    const missing = routes.filter((r) => !ACCESS[r.name]).map((r) => `${r.label} (${r.name}) has no row in ACCESS: say who may call it`);
    expect(missing, `\n${missing.join('\n')}\n`).toEqual([]);
    const names = new Set<string>(routes.map((r) => r.name));
    expect(Object.keys(ACCESS).filter((n) => !names.has(n))).toEqual([]);
    for (const { name } of routes) {
      const row = ACCESS[name]!;
      const gateway = routeOf(name).roles;
      // A user-pool route is checked by the gateway; every other route is public there and the
      // handler checks its own kind of token.
      if (realmOfRow(row) === 'cognito') expect(gateway, name).not.toBe('public');
      else expect(gateway, name).toBe('public');
      if (row.own) expect(routeOf(name).path, name).toContain('{id}');
    }
  });

  it.each(routes)('$label', async ({ name, label }) => {
    const row = ACCESS[name];
    if (!row) return; // reported by the coverage test above
    const got: Partial<Record<Column, number>> = {};
    matrix.set(label, got);
    const failures: string[] = [];
    const check = (column: Column, a: Answer) => {
      got[column] = a.status;
      const e = expected(name, row, column);
      if (!fits(a.status, e)) failures.push(`${column}: expected ${e}, got ${a.status} ${a.text.slice(0, 200)}`);
    };
    const denied = COLUMNS.filter((c) => typeof expected(name, row, c) === 'number');
    const allowed = COLUMNS.filter((c) => !denied.includes(c));

    // One target for every refused caller, and for every caller of a read; the owner is A.
    let shared: Prepared | undefined;
    const sharedTarget = async () => (shared ??= await prepare(name, row, row.own === 'participant' ? participantA : row.own === 'device' ? deviceA : undefined, false));
    if (denied.length > 0) {
      const target = await sharedTarget();
      const before = await snapshot();
      for (const column of denied) check(column, await send(target.method, target.url, { headers: target.headers, body: target.body, auth: credentialOf(column) }));
      expect(await snapshot(), `${label}: a refused request changed stored data`).toEqual(before);
    }
    // A write gets a fresh target (and owner) per allowed caller: an end or an erase happens once.
    const writes = routeOf(name).method !== 'GET';
    for (const column of allowed) {
      const owner = writes && row.own && column === row.own ? await freshOwner(row.own) : undefined;
      const target = writes ? await prepare(name, row, owner ?? (row.own === 'participant' ? participantA : row.own === 'device' ? deviceA : undefined), true) : await sharedTarget();
      check(column, await send(target.method, target.url, { headers: target.headers, body: target.body, auth: credentialOf(column, owner) }));
    }
    expect(failures, `\n${label}\n${failures.join('\n')}\n`).toEqual([]);
  });

  it('prints the matrix', () => {
    const width = Math.max(...routes.map((r) => r.label.length));
    const lines = [`${'route'.padEnd(width)}  ${COLUMNS.map((c) => SHORT[c].padStart(5)).join(' ')}`];
    for (const { label } of routes) {
      const got = matrix.get(label) ?? {};
      lines.push(`${label.padEnd(width)}  ${COLUMNS.map((c) => String(got[c] ?? '-').padStart(5)).join(' ')}`);
    }
    const cells = [...matrix.values()].reduce((n, got) => n + Object.keys(got).length, 0);
    lines.push(`${routes.length} routes × ${COLUMNS.length} callers = ${cells} cells`);
    console.log(lines.join('\n'));
    expect(cells).toBe(routes.length * COLUMNS.length);
  });
});

// ---------------------------------------------------------------------------------------------
// Object-level rules.
// ---------------------------------------------------------------------------------------------
const report = (path: string, column: Column, headers?: Record<string, string>) => send('GET', path, { auth: credentialOf(column), ...(headers ? { headers } : {}) });
const CSV = { accept: 'text/csv' };

describe('whose report', () => {
  it('lets Utrecht read its own report as JSON, CSV and HTML, and no other municipality’s', async () => {
    const before = await snapshot();
    for (const [path, headers] of [[`/reports/municipalities/${AMSTERDAM}`], [`/reports/municipalities/${AMSTERDAM}.html`], [`/reports/municipalities/${AMSTERDAM}.csv`], [`/reports/municipalities/${AMSTERDAM}`, CSV]] as const) {
      const res = await report(path, 'municipality', headers);
      expect(res.status, `${path} ${JSON.stringify(headers ?? {})}`).toBe(403);
      expect(res.text).not.toMatch(/Amsterdam|GM0363/);
    }
    expect(await snapshot()).toEqual(before);
    for (const [path, headers, type] of [[`/reports/municipalities/${UTRECHT}`, undefined, 'application/json'], [`/reports/municipalities/${UTRECHT}.html`, undefined, 'text/html'], [`/reports/municipalities/${UTRECHT}.csv`, undefined, 'text/csv'], [`/reports/municipalities/${UTRECHT}`, CSV, 'text/csv']] as const) {
      const res = await report(path, 'municipality', headers);
      expect(res.status, path).toBe(200);
      expect(res.contentType, path).toContain(type);
    }
  });

  it('lets a unit read the municipalities in its area only, and its own unit report only', async () => {
    expect((await report(`/reports/municipalities/${UTRECHT}`, 'unit')).status).toBe(200);
    expect((await report(`/reports/municipalities/${UTRECHT}.html`, 'unit')).status).toBe(200);
    for (const path of [`/reports/municipalities/${AMSTERDAM}`, `/reports/municipalities/${AMSTERDAM}.html`, `/reports/municipalities/${AMSTERDAM}.csv`, '/reports/units/Amsterdam', '/reports/units/RE05', '/reports/national']) {
      expect((await report(path, 'unit')).status, path).toBe(403);
    }
    expect((await report('/reports/units/RE03', 'unit')).status).toBe(200);
  });

  it('lets the board read everything, national included', async () => {
    for (const path of ['/reports/national', `/reports/municipalities/${AMSTERDAM}`, `/reports/municipalities/${UTRECHT}.html`, '/reports/units/Amsterdam', `/reports/units/${UTRECHT_UNIT}`]) {
      expect((await report(path, 'board')).status, path).toBe(200);
    }
    expect((await report('/reports/national', 'board', CSV)).contentType).toContain('text/csv');
  });

  it('refuses municipality and operator tokens the national and unit reports', async () => {
    for (const column of ['municipality', 'operator'] as const) {
      for (const path of ['/reports/national', `/reports/units/${UTRECHT_UNIT}`]) expect((await report(path, column)).status, `${column} ${path}`).toBe(403);
    }
  });
});

interface ActionView {
  status: string;
  bulletins: unknown[];
  approval?: { by?: string };
}
const actionState = async (id: string) => {
  const res = await send('GET', `/actions/${id}`, { auth: `Bearer ${tokens.operator}` });
  expect(res.status).toBe(200);
  const a = parsed<ActionView>(res);
  return { status: a.status, bulletins: a.bulletins.length, approvedBy: a.approval?.by };
};
const exampleBody = (name: FunctionName, example: string) => contractOf(name).examples.find((e) => e.name === example)!.body;

describe('the four-eyes rule', () => {
  it('refuses the creator approving their own missing-child action and lets a second operator', async () => {
    const first = await signToken(dir, { role: 'operator', sub: 'op-1' });
    const second = await signToken(dir, { role: 'operator', sub: 'op-2' });
    const created = await send('POST', '/actions', { auth: `Bearer ${first}`, body: exampleBody('createAction', 'missingChild') });
    expect(created.status).toBe(201);
    const { id, status } = parsed<{ id: string; status: string }>(created);
    expect(status).toBe('awaiting-approval');

    const before = await snapshot();
    const own = await send('POST', `/actions/${id}/approve`, { auth: `Bearer ${first}` });
    expect(own.status, own.text).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect(await actionState(id)).toEqual({ status: 'awaiting-approval', bulletins: 1, approvedBy: undefined });

    const approved = await send('POST', `/actions/${id}/approve`, { auth: `Bearer ${second}` });
    expect(approved.status, approved.text).toBe(200);
    expect(await actionState(id)).toMatchObject({ status: 'active', approvedBy: 'op-2' });
  });
});

describe('operator acts', () => {
  it('are refused to every other caller, and the action stays as it was', async () => {
    const created = await send('POST', '/actions', { auth: `Bearer ${tokens.operator}`, body: exampleBody('createAction', 'circle') });
    const held = await send('POST', '/actions', { auth: `Bearer ${tokens.operator}`, body: exampleBody('createAction', 'missingChild') });
    const id = parsed<{ id: string }>(created).id;
    const heldId = parsed<{ id: string }>(held).id;
    const acts: [string, string, unknown][] = [
      ['create', '/actions', exampleBody('createAction', 'circle')],
      ['update', `/actions/${id}/updates`, exampleBody('updateAction', 'moved')],
      ['end', `/actions/${id}/end`, exampleBody('endAction', 'arrested')],
      ['cancel', `/actions/${id}/cancel`, exampleBody('cancelAction', 'error')],
      ['approve', `/actions/${heldId}/approve`, undefined],
    ];
    const before = await snapshot();
    const [active, waiting] = [await actionState(id), await actionState(heldId)];
    for (const column of COLUMNS.filter((c) => c !== 'operator')) {
      const want = COGNITO.includes(column) ? 403 : 401;
      for (const [act, path, body] of acts) {
        const res = await send('POST', path, { auth: credentialOf(column), body });
        expect(res.status, `${column} ${act}: ${res.text.slice(0, 200)}`).toBe(want);
      }
    }
    expect(await snapshot()).toEqual(before);
    expect(await actionState(id)).toEqual(active);
    expect(await actionState(heldId)).toEqual(waiting);
  });

  it('are refused to a valid token without a role, and an Idempotency-Key replays nothing to another caller', async () => {
    const roleless = `Bearer ${await signToken(dir, { sub: 'matrix-operator' })}`;
    // The same subject as the operator, with the municipality role: the key is no way in.
    const sameSub = `Bearer ${await signToken(dir, { role: 'municipality', sub: 'matrix-operator', municipality: UTRECHT })}`;
    const body = exampleBody('createAction', 'circle');
    const key = { 'idempotency-key': 'access-matrix-replay' };
    const first = await send('POST', '/actions', { auth: `Bearer ${tokens.operator}`, body, headers: key });
    expect(first.status).toBe(201);
    const before = await snapshot();
    for (const [auth, want] of [[roleless, 403], [sameSub, 403], [`Bearer ${tokens.expired}`, 401], [undefined, 401]] as const) {
      const res = await send('POST', '/actions', { ...(auth ? { auth } : {}), body, headers: key });
      expect(res.status, `${auth?.slice(0, 20)}: ${res.text.slice(0, 200)}`).toBe(want);
      expect(res.text).not.toContain(parsed<{ id: string }>(first).id);
    }
    expect((await send('GET', '/actions', { auth: roleless })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe('whose registration', () => {
  it("refuses participant A's manage token on participant B, and B stays as it was", async () => {
    const readB = () => send('GET', `/participants/${participantB.id}`, { auth: `Bearer ${participantB.token}` });
    const b = (await readB()).text;
    const before = await snapshot();
    const asA = `Bearer ${participantA.token}`;
    expect((await send('GET', `/participants/${participantB.id}`, { auth: asA })).status).toBe(403);
    expect((await send('PATCH', `/participants/${participantB.id}`, { auth: asA, body: exampleBody('changeRegistration', 'noToken') })).status).toBe(403);
    expect((await send('DELETE', `/participants/${participantB.id}`, { auth: asA })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect((await readB()).text).toBe(b);
    // A still reads their own.
    expect((await send('GET', `/participants/${participantA.id}`, { auth: asA })).status).toBe(200);
  });

  it('refuses an expired manage token with 401', async () => {
    clockAt = () => new Date(Date.now() + 16 * 60_000);
    try {
      expect((await send('GET', `/participants/${participantA.id}`, { auth: `Bearer ${participantA.token}` })).status).toBe(401);
    } finally {
      clockAt = undefined;
    }
  });
});

describe('whose device', () => {
  it("refuses device A's token on device B, and a forged token naming B, and B stays as it was", async () => {
    const position = exampleBody('putPosition', 'noToken');
    const places = exampleBody('putPlaces', 'noToken');
    expect((await send('PUT', `/devices/${deviceB.id}/places`, { auth: `Bearer ${deviceB.token}`, body: places })).status).toBe(200);
    const before = await snapshot();
    const forged = `${deviceB.id}.${'A'.repeat(43)}`;
    for (const [auth, want] of [[`Bearer ${deviceA.token}`, 403], [`Bearer ${forged}`, 401]] as const) {
      expect((await send('PUT', `/devices/${deviceB.id}/position`, { auth, body: position })).status, auth).toBe(want);
      expect((await send('PUT', `/devices/${deviceB.id}/places`, { auth, body: { places: [] } })).status, auth).toBe(want);
      expect((await send('DELETE', `/devices/${deviceB.id}`, { auth })).status, auth).toBe(want);
    }
    expect(await snapshot()).toEqual(before);
    // B still works with its own token.
    expect((await send('PUT', `/devices/${deviceB.id}/position`, { auth: `Bearer ${deviceB.token}`, body: position })).status).toBe(200);
  });

  it("refuses a deleted device's token with 401", async () => {
    const gone = await newDevice();
    expect((await send('DELETE', `/devices/${gone.id}`, { auth: `Bearer ${gone.token}` })).status).toBe(204);
    const before = await snapshot();
    expect((await send('PUT', `/devices/${gone.id}/position`, { auth: `Bearer ${gone.token}`, body: exampleBody('putPosition', 'noToken') })).status).toBe(401);
    expect((await send('DELETE', `/devices/${gone.id}`, { auth: `Bearer ${gone.token}` })).status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });
});
