// Hostile input against every HTTP route of the real local runtime, property-based (fast-check).
// Routes, schemas and the requests to mutate come from the registry: the topology's HTTP routes
// and their contracts' documented examples. Each route gets malformed JSON, wrong types, mutated
// example bodies (fields removed or replaced, 100k strings, control characters, NaN-like numbers,
// prototype keys), impossible areas, junk path parameters and query strings, replayed
// Idempotency-Keys and missing or bad tokens. Every answer: never a 5xx, every 4xx a problem
// naming what is wrong, no phone number echoed, and nothing stored by a request that was refused.
//
// FUZZ_RUNS (refused cases per route, default 16; half as many unfiltered ones follow) makes it
// bigger, FUZZ_SEED changes the seed, FUZZ_REQUEST_MS the per-request limit (default 29 s, as
// API Gateway). A failure prints fast-check's seed, path and shrunk counterexample to replay it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import { httpRoutes, type FunctionName, type Role, type TableName } from '#infra/topology';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import { routeContracts } from '#shared/api/routes';
import type { ExampleCaller, RouteContract } from '#shared/api/contract';
import { call } from '../support/http';
import { exampleRequests, routeOf } from '../support/example-requests';
import { snapshotTables, tableChanges, type TableSnapshot } from '../support/table-snapshot';

const RUNS = Number(process.env.FUZZ_RUNS ?? 16);
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_601);

/**
 * Not compared before and after refused requests, because refused requests legitimately write
 * there: `limits` counts every attempt (codes asked, tips sent) in fixed windows, refused or not,
 * and `usage` is written by the report GETs themselves (closed months are summarised on read).
 */
const METERING: readonly TableName[] = ['limits', 'usage'];

const dir = mkdtempSync(join(tmpdir(), 'burgernet-fuzz-'));
const otherKeys = mkdtempSync(join(tmpdir(), 'burgernet-fuzz-other-'));
let rt: Runtime;
const examples = exampleRequests(() => rt.url, dir);

const totals = { cases: 0, routes: 0, serverErrors: 0, refused: 0, compared: 0 };

// ---------------------------------------------------------------------------------------------
// Routes from the registry
// ---------------------------------------------------------------------------------------------

type Credential = 'cognito' | 'device' | 'manage' | 'none';

/** Public routes take their proof in `Authorization`; the contract's header says which proof. */
function credentialOf(name: FunctionName, contract: RouteContract): Credential {
  if (routeOf(name).spec.trigger.roles !== 'public') return 'cognito';
  const said = (contract.headers?.shape.authorization as z.ZodType | undefined)?.description ?? '';
  if (/POST \/devices/.test(said)) return 'device';
  if (/manage-token/.test(said)) return 'manage';
  return 'none';
}

/** The router's own matching (shared/local/http-server.ts): literal paths before parameters. */
const compiled = httpRoutes()
  .map(({ name, spec }) => ({ name, method: spec.trigger.method, specificity: (spec.trigger.path.match(/\{/g) ?? []).length, params: [...spec.trigger.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!), pattern: new RegExp(`^${spec.trigger.path.replace(/\{\w+\}/g, '([^/]+)')}$`) }))
  .sort((a, b) => a.specificity - b.specificity);

function routeFor(method: string, pathname: string): { name: FunctionName; params: Record<string, string> } | undefined {
  for (const r of compiled) {
    const m = r.pattern.exec(pathname);
    if (m && r.method === method) return { name: r.name, params: Object.fromEntries(r.params.map((p, i) => [p, m[i + 1]!])) };
  }
  return undefined;
}

interface RouteContext {
  readonly name: FunctionName;
  readonly method: string;
  readonly template: string;
  readonly contract: RouteContract;
  readonly credential: Credential;
  readonly path: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The Authorization header value of each kind of caller. */
  readonly auth: Readonly<Record<AuthKind, string | undefined>>;
  /** Sent once with the base body before fuzzing; replays with another body must be refused. */
  readonly replay?: { readonly key: string; readonly text: string; readonly answer: string };
  /** Phone numbers the route may legitimately show (the registration to its owner). */
  readonly showsPhone: boolean;
}

type AuthKind = 'valid' | 'none' | 'garbage' | 'tampered' | 'foreign' | 'wrongRole' | 'noSubject';
const ROLES: readonly Role[] = ['operator', 'municipality', 'unit', 'board'];

/** Changes one character well before the end (the last base64 digit may carry only padding bits): a token of the right shape that no longer verifies. */
const tamper = (token: string) => {
  const at = token.length - 10;
  return `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
};

/** A participant with a manage token, through the same HTTP flow a person uses. */
async function manageCredential(): Promise<{ id: string; token: string; phone: string }> {
  const phone = '+31655500017';
  const codeFor = async (id: string) => {
    await rt.pollers.idle();
    const sent = (await call<{ participantId: string; text: string }[]>(rt.url, 'GET', '/_local/outbox?actionId=codes')).body.filter((e) => e.participantId === id);
    return /(\d{6})/.exec(sent.at(-1)?.text ?? '')?.[1] ?? '';
  };
  const signUp = await call<{ id: string }>(rt.url, 'POST', '/participants', { body: { phone, postcode: '3511 AA', houseNumber: 12, channels: ['sms'] } });
  expect(signUp.status).toBe(201);
  const id = signUp.body.id;
  expect((await call(rt.url, 'POST', `/participants/${id}/verify`, { body: { code: await codeFor(id) } })).status).toBe(200);
  expect((await call(rt.url, 'POST', '/participants/manage-code', { body: { phone } })).status).toBe(202);
  const token = await call<{ token: string }>(rt.url, 'POST', '/participants/manage-token', { body: { phone, code: await codeFor(id) } });
  expect(token.status).toBe(200);
  return { id, token: token.body.token, phone };
}

let devices = 0;
async function deviceCredential(): Promise<{ id: string; token: string }> {
  const res = await call<{ id: string; deviceToken: string }>(rt.url, 'POST', '/devices', { body: { platform: 'ios', pushToken: `${(++devices).toString(16).padStart(8, '0')}${'f022'.repeat(14)}`, language: 'nl' } });
  expect(res.status).toBe(201);
  return { id: res.body.id, token: res.body.deviceToken };
}

let manage: Promise<{ id: string; token: string; phone: string }> | undefined;
const knownPhones = new Set<string>();

/** Resolves a route's base request: its first successful example, else one with a body. */
async function contextOf(name: FunctionName): Promise<RouteContext> {
  const { spec } = routeOf(name);
  const contract = routeContracts[name]!;
  const example = contract.examples.find((e) => e.status < 300) ?? contract.examples.find((e) => e.body !== undefined) ?? contract.examples[0]!;
  const base = await examples.prepare(name, example);
  const credential = credentialOf(name, contract);
  const path = { ...base.path };
  let valid: string | undefined;
  let foreign: string | undefined;
  let wrongRole: string | undefined;
  let noSubject: string | undefined;
  if (credential === 'cognito') {
    const caller: ExampleCaller = base.caller!;
    valid = `Bearer ${await examples.tokenFor(caller)}`;
    foreign = `Bearer ${await signToken(otherKeys, caller)}`;
    const other = ROLES.find((r) => !(spec.trigger.roles as readonly Role[]).includes(r));
    wrongRole = other ? `Bearer ${await signToken(dir, { role: other, sub: `fuzz-${other}` })}` : undefined;
    noSubject = `Bearer ${await signToken(dir, { ...caller, sub: '' })}`;
  } else if (credential === 'device' || credential === 'manage') {
    const proof: { id: string; token: string; phone?: string } = credential === 'device' ? await deviceCredential() : await (manage ??= manageCredential());
    if (proof.phone) knownPhones.add(proof.phone);
    valid = `Bearer ${proof.token}`;
    // The device's or registration's own path, where the path takes one: the proof must match it.
    if (contract.path && 'id' in contract.path.shape && contract.path.safeParse({ ...path, id: proof.id }).success) path.id = proof.id;
  }
  const headers = Object.fromEntries(Object.entries(base.headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
  const auth: Record<AuthKind, string | undefined> = {
    valid,
    none: undefined,
    garbage: 'Bearer not-a-token',
    tampered: valid ? tamper(valid) : 'Bearer eyJhbGciOiJub25lIn0.e30.',
    foreign,
    wrongRole,
    noSubject,
  };
  const showsPhone = Object.values(contract.responses).some((r) => 'schema' in r && r.schema instanceof z.ZodObject && 'phone' in r.schema.shape);
  let replay: RouteContext['replay'];
  if (contract.headers?.shape['idempotency-key'] && base.body !== undefined) {
    const key = `fuzz-replay-${name}`;
    const text = JSON.stringify(base.body);
    const first = await call(rt.url, spec.trigger.method, urlPath(spec.trigger.path, encodeAll(path)), { raw: text, headers: { ...headers, 'idempotency-key': key, ...(valid ? { authorization: valid } : {}) } });
    expect(first.status, `${name}: the first request with the replay key`).toBeLessThan(300);
    replay = { key, text, answer: JSON.stringify(first.body) };
  }
  return { name, method: spec.trigger.method, template: spec.trigger.path, contract, credential, path, query: base.query, headers, body: base.body, auth, replay, showsPhone };
}

const encodeAll = (path: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(path).map(([k, v]) => [k, encodeURIComponent(v)]));
const urlPath = (template: string, segments: Readonly<Record<string, string>>) => template.replace(/\{(\w+)\}/g, (_m, p: string) => segments[p] ?? '');

// ---------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------

/** A number JSON.stringify cannot write (1e999 parses to Infinity): spliced into the text as is. */
const RAW = '\u0000RAW:';
const raw = (text: string) => `${RAW}${text}\u0000`;
const serialize = (value: unknown) => JSON.stringify(value).replace(/"\\u0000RAW:([^"\\]*)\\u0000"/g, '$1');

const HUGE = 100_000;
const nanLike = fc.constantFrom<unknown>(raw('1e999'), raw('-1e999'), raw('-0'), raw('1e308'), raw('5e-324'), raw('9007199254740993'), raw('1E400'), 'NaN', 'Infinity', '-Infinity', '1e999', '0x10', '1_000', '١٢٣', '');
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(' ', '\u0000', '\u0000\u0001\u001f\u007f', '\u202e\u202dfdp', '\ufeff', '\ud800', '\udfff\ud800', '💥'.repeat(50), 'a\r\nX-Injected: 1', '<script>alert(1)</script>', "'; DROP TABLE actions;--", '${7*7}{{7*7}}', '%s%n%x', '../../../etc/passwd', 'null', 'undefined', '+31612345678', '06 1234 5678'),
);
const hugeString = fc.constantFrom('x'.repeat(HUGE), 'é'.repeat(HUGE), '🙂'.repeat(HUGE / 2), '\u0000'.repeat(HUGE), `${'a'.repeat(HUGE - 1)}\ud800`);
const deep = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { a: deep(depth - 1, leaf) });
const protoObject = fc.constantFrom<unknown>(
  Object.fromEntries([['__proto__', { polluted: true, isAdmin: true }]]),
  Object.fromEntries([['constructor', { prototype: { polluted: true } }]]),
  Object.fromEntries([['prototype', { polluted: true }], ['toString', 'x'], ['hasOwnProperty', 1], ['valueOf', null]]),
);
const wrongTyped: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  nanLike,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom<unknown>([], [null], {}, [[[]]], { '': '' }),
  fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null)), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.string({ maxLength: 8 })), { maxKeys: 3 }),
  fc.constantFrom(deep(200, 1), deep(40, [])),
  protoObject,
);
const hostileValue = fc.oneof({ weight: 6, arbitrary: wrongTyped }, { weight: 1, arbitrary: hugeString });

// Impossible areas and points, around Utrecht unless the point is the problem.
const ring = (n: number, r: number) => {
  const pts = Array.from({ length: n }, (_, i) => [5.12 + r * Math.cos((2 * Math.PI * i) / n), 52.09 + r * Math.sin((2 * Math.PI * i) / n)]);
  return [...pts, pts[0]!];
};
const badArea = fc.constantFrom<unknown>(
  { center: { lat: 91, lon: 5.12 }, radiusMeters: 1000 },
  { center: { lat: 52.09, lon: 181 }, radiusMeters: 1000 },
  { center: { lat: 52.09, lon: 5.12 }, radiusMeters: -1 },
  { center: { lat: 52.09, lon: 5.12 }, radiusMeters: 0 },
  { center: { lat: 52.09, lon: 5.12 }, radiusMeters: 1e12 },
  { center: { lat: 52.09, lon: 5.12 }, radiusMeters: raw('1e999') },
  { center: { lat: raw('-1e999'), lon: 5.12 }, radiusMeters: 1000 },
  { center: { lat: '52.09', lon: '5.12' }, radiusMeters: '1000' },
  { center: [5.12, 52.09], radiusMeters: 1000 },
  { center: { lat: 0, lon: 0 }, radiusMeters: 1000 },
  { radiusMeters: 1000 },
  { type: 'Polygon', coordinates: [[[5.1, 52.0], [5.2, 52.1]]] },
  { type: 'Polygon', coordinates: [[[4.28, 52.07], [4.32, 52.09], [4.32, 52.07], [4.28, 52.09], [4.28, 52.07]]] },
  { type: 'Polygon', coordinates: [[[4.28, 52.07], [4.32, 52.07], [4.32, 52.09], [4.28, 52.09]]] },
  { type: 'Polygon', coordinates: [[[4.28, 52.07], [4.30, 52.08], [4.32, 52.09], [4.28, 52.07]]] },
  { type: 'Polygon', coordinates: [ring(5_000, 0.2)] },
  { type: 'Polygon', coordinates: [ring(8, 0.1), ring(4, 0.01)] },
  { type: 'Polygon', coordinates: [] },
  { type: 'Polygon', coordinates: [[]] },
  { type: 'Polygon', coordinates: [[[5.1, 52.0, 3], [5.2, 52.1, 4], [5.2, 52.0], [5.1, 52.0, 3]]] },
  { type: 'Polygon', coordinates: [[[raw('1e999'), 52.0], [5.2, 52.1], [5.2, 52.0], [raw('1e999'), 52.0]]] },
  { type: 'Polygon', coordinates: ring(6, 0.1) },
  { type: 'polygon', coordinates: [ring(6, 0.1)] },
  { type: 'MultiPolygon', coordinates: [[ring(6, 0.1)]] },
  { type: 'Polygon', coordinates: [ring(6, 0.1)], center: { lat: 52.09, lon: 5.12 }, radiusMeters: 10 },
  { type: 'Polygon', coordinates: [[[-10, 40], [20, 40], [20, 60], [-10, 60], [-10, 40]]] },
);
/** Not impossible, but the largest shape allowed: 1,000 vertices around most of the country. */
const hugeButValidArea = { type: 'Polygon', coordinates: [ring(1_000, 0.9).map(([lon, lat]) => [lon!, Math.min(53.7, Math.max(50.6, lat! + 0.3))])] };
const badPoint = fc.constantFrom<unknown>({ lat: 91, lon: 5.12 }, { lat: -91, lon: 5.12 }, { lat: 52.09, lon: 181 }, { lat: 0, lon: 0 }, { lat: raw('1e999'), lon: 5.12 }, { lat: 'NaN', lon: 5.12 }, { lat: 52.09 }, [52.09, 5.12]);

// ---------------------------------------------------------------------------------------------
// Mutating the documented body
// ---------------------------------------------------------------------------------------------

type Step = (string | number)[];

function pathsOf(value: unknown, at: Step = []): Step[] {
  const out: Step[] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...at, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  return out;
}

const getAt = (value: unknown, path: Step): unknown => path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], value);

function setAt(value: unknown, path: Step, next: unknown | typeof REMOVE): unknown {
  if (path.length === 0) return next === REMOVE ? undefined : next;
  const [k, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    const child = setAt(copy[k as number], rest, next);
    if (rest.length === 0 && next === REMOVE) copy.splice(k as number, 1);
    else copy[k as number] = child;
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (rest.length === 0 && next === REMOVE) delete copy[k as string];
  else Object.defineProperty(copy, k as string, { value: setAt(copy[k as string], rest, next), enumerable: true, writable: true, configurable: true });
  return copy;
}
const REMOVE = Symbol('remove');

const isArea = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v) && ('center' in v || 'coordinates' in v);
const isPoint = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v) && 'lat' in v && 'lon' in v;

type Mutation = { readonly kind: 'remove' | 'replace' | 'addKey' | 'wrap' | 'geometry' | 'hugeArea'; readonly pick: number; readonly value: unknown; readonly key: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('remove', 'replace', 'replace', 'replace', 'addKey', 'wrap', 'geometry', 'geometry', 'hugeArea'),
  pick: fc.nat(),
  value: hostileValue,
  key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'extra', ''), fc.string({ unit: 'binary', maxLength: 12 })),
});

function mutate(body: unknown, steps: readonly Mutation[], area: unknown, point: unknown): unknown {
  let value = body;
  for (const m of steps) {
    const paths = pathsOf(value);
    if (m.kind === 'geometry' || m.kind === 'hugeArea') {
      const targets = paths.filter((p) => isArea(getAt(value, p)) || isPoint(getAt(value, p)));
      if (targets.length === 0) continue;
      const target = targets[m.pick % targets.length]!;
      value = setAt(value, target, isArea(getAt(value, target)) ? (m.kind === 'hugeArea' ? hugeButValidArea : area) : point);
      continue;
    }
    const path = paths[m.pick % paths.length]!;
    if (m.kind === 'remove') value = path.length === 0 ? undefined : setAt(value, path, REMOVE);
    if (m.kind === 'replace') value = setAt(value, path, m.value);
    if (m.kind === 'wrap') value = setAt(value, path, m.pick % 2 === 0 ? [getAt(value, path)] : { value: getAt(value, path) });
    if (m.kind === 'addKey') {
      const at = getAt(value, path);
      const host = at && typeof at === 'object' && !Array.isArray(at) ? path : path.slice(0, -1);
      // Keys go on objects only: on an array, `length` or `forEach` would break the mutator, not the server.
      const target = getAt(value, host);
      if (!target || typeof target !== 'object' || Array.isArray(target)) continue;
      value = setAt(value, [...host, m.key], m.value);
    }
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// One case: a request built from the route's base request
// ---------------------------------------------------------------------------------------------

type BodyCase = { readonly kind: 'none' } | { readonly kind: 'text'; readonly text: string; readonly why: string };
/** What the server will read: fetch sends lone surrogates as U+FFFD, so judge that text. */
const wellFormed = (text: string) => Buffer.from(text, 'utf8').toString('utf8');

interface FuzzCase {
  readonly segments: Readonly<Record<string, string>>;
  readonly query: readonly (readonly [string, string])[];
  readonly headers: Readonly<Record<string, string>>;
  readonly auth: AuthKind;
  readonly body: BodyCase;
  readonly replay: boolean;
}

const MALFORMED = ['{', '{"a":', '[1,2', 'nul', '{"a":1,}', "{'a':1}", '{"a":1}{"b":2}', '\ufeff{}', 'NaN', '01', '"\\x41"', '{"a":"\\ud800"', '\u0000', `${'['.repeat(20_000)}${']'.repeat(20_000)}`, `{"a":${'['.repeat(5_000)}`];

function bodyArb(ctx: RouteContext): fc.Arbitrary<BodyCase> {
  if (ctx.method === 'GET') return fc.constant({ kind: 'none' });
  const mutated = fc
    .tuple(fc.array(mutation, { minLength: 1, maxLength: 3 }), badArea, badPoint)
    .map(([steps, area, point]): BodyCase => {
      const value = mutate(ctx.body ?? {}, steps, area, point);
      return value === undefined ? { kind: 'none' } : { kind: 'text', text: wellFormed(serialize(value)), why: steps.map((s) => s.kind).join('+') };
    });
  return fc.oneof(
    { weight: ctx.body === undefined ? 1 : 8, arbitrary: mutated },
    { weight: 2, arbitrary: fc.oneof(fc.constantFrom(...MALFORMED), fc.string({ unit: 'binary', maxLength: 30 })).map((text): BodyCase => ({ kind: 'text', text: wellFormed(text), why: 'malformed' })) },
    { weight: 1, arbitrary: fc.constant(ctx.body).map((b): BodyCase => ({ kind: 'text', text: JSON.stringify(b ?? {}).slice(0, Math.max(1, Math.floor(JSON.stringify(b ?? {}).length / 2))), why: 'truncated' })) },
    { weight: 1, arbitrary: fc.oneof(wrongTyped, fc.constant([ctx.body])).map((v): BodyCase => ({ kind: 'text', text: wellFormed(serialize(v)), why: 'wrong top level' })) },
    { weight: 1, arbitrary: fc.constantFrom<BodyCase>({ kind: 'none' }, { kind: 'text', text: `{"text":"${'y'.repeat(300_000)}"}`, why: 'over 256 KB' }) },
  );
}

/** Path segments as they go on the wire (already percent-encoded, or deliberately not). */
function segmentsArb(ctx: RouteContext): fc.Arbitrary<Record<string, string>> {
  const params = Object.keys(ctx.path);
  if (params.length === 0) return fc.constant({});
  const hostile = (value: string) =>
    fc.oneof(
      // Same shape, unknown: every hex digit or digit redrawn.
      fc.nat().map((n) => encodeURIComponent(value.replace(/(?<=_.*)[0-9a-f]/g, (_c, i: number) => ((n + i * 7) % 16).toString(16)))),
      fc.constantFrom('..', '.', '%2e%2e', '%2E%2E', '..%2f..%2fetc%2fpasswd', encodeURIComponent('../x'), '%', '%zz', '%E0%A4%A', '%00', '%ff%fe', '%C0%AF', '%u0041', ';', '~', '*', 'null', '0', '-1'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encodeURIComponent),
      fc.constantFrom(encodeURIComponent(value.toUpperCase()), encodeURIComponent(`${value}.cap`), encodeURIComponent(`${value}.html`), encodeURIComponent(`${value}.csv`), encodeURIComponent(`${value}.xml`), encodeURIComponent(` ${value}`), encodeURIComponent(`${value}\n`)),
      fc.constantFrom('a'.repeat(4_000), `${value}${'0'.repeat(3_000)}`),
    );
  return fc.record(Object.fromEntries(params.map((p) => [p, fc.oneof({ weight: 3, arbitrary: fc.constant(encodeURIComponent(ctx.path[p]!)) }, { weight: 2, arbitrary: hostile(ctx.path[p]!) })]))) as fc.Arbitrary<Record<string, string>>;
}

function queryArb(ctx: RouteContext): fc.Arbitrary<[string, string][]> {
  const base = Object.entries(ctx.query);
  const keys = [...Object.keys(ctx.contract.query?.shape ?? {}), 'period', 'format', 'limit', 'cursor', 'from', 'to', '__proto__', 'constructor', 'toString'];
  const cursorJunk = ['eyJ9', Buffer.from('{"id":{"S":"x"}}').toString('base64url'), Buffer.from('{"kind":"action","createdAt":1,"id":[]}').toString('base64url'), Buffer.from('\u0000').toString('base64url'), '!!!', 'x'.repeat(3_000)];
  const value = fc.oneof(
    fc.constantFrom('', '-1', '0', '1e9', 'NaN', 'Infinity', '1.5', '0x10', '2020-13', '2020-00', '9999-12', '0000-01', '2026-06', '2020-01', 'csv', 'atom', 'rss', 'json', 'html', 'true', ...cursorJunk),
    fc.string({ unit: 'binary', maxLength: 20 }),
  );
  const extra = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), value), { minLength: 1, maxLength: 3 });
  return fc.oneof({ weight: 2, arbitrary: fc.constant(base) }, { weight: 3, arbitrary: extra.map((e) => [...base, ...e]) }, { weight: 1, arbitrary: extra });
}

function headersArb(ctx: RouteContext): fc.Arbitrary<Record<string, string>> {
  const accept = fc.option(fc.constantFrom('text/csv', 'application/atom+xml', 'application/cap+xml', 'text/html', '*/*', 'application/xml', 'text/csv;q=0, application/json', 'é/ü', ''), { nil: undefined });
  const contentType = fc.option(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/merge-patch+json', 'application/json; charset=utf-16', 'application/jsonx', 'multipart/form-data; boundary=x'), { nil: undefined, freq: 4 });
  const idempotency = ctx.contract.headers?.shape['idempotency-key']
    ? fc.option(fc.oneof(fc.uuid(), fc.constantFrom('', ' ', 'a b', 'x'.repeat(129), 'é', 'key\u00ff')), { nil: undefined, freq: 2 })
    : fc.constant(undefined);
  return fc.record({ accept, contentType, idempotency }).map(({ accept: a, contentType: c, idempotency: i }) => ({
    ...ctx.headers,
    ...(a !== undefined ? { accept: a } : {}),
    ...(c !== undefined ? { 'content-type': c } : {}),
    ...(i !== undefined ? { 'idempotency-key': i } : {}),
  }));
}

function authArb(ctx: RouteContext): fc.Arbitrary<AuthKind> {
  const kinds = (Object.keys(ctx.auth) as AuthKind[]).filter((k) => k !== 'valid' && k !== 'none' ? ctx.auth[k] !== undefined : true);
  return fc.oneof({ weight: 6, arbitrary: fc.constant<AuthKind>('valid') }, { weight: 2, arbitrary: fc.constantFrom(...kinds) });
}

const caseArb = (ctx: RouteContext): fc.Arbitrary<FuzzCase> =>
  fc.record({
    segments: segmentsArb(ctx),
    query: queryArb(ctx),
    headers: headersArb(ctx),
    auth: authArb(ctx),
    body: bodyArb(ctx),
    replay: ctx.replay ? fc.boolean() : fc.constant(false),
  });

// ---------------------------------------------------------------------------------------------
// What the contract says must be refused
// ---------------------------------------------------------------------------------------------

const BODY_LIMIT = 256 * 1024;

/** Why the route must refuse the case, from its own schemas and the gateway's rules; undefined if it may succeed. */
function refusal(ctx: RouteContext, c: FuzzCase): string | undefined {
  const url = new URL(urlPath(ctx.template, c.segments), 'http://localhost');
  const hit = routeFor(ctx.method, url.pathname);
  if (!hit) return 'no such route';
  if (hit.name !== ctx.name) return undefined; // `..` led to another route: not this route's contract
  const auth = c.auth === 'valid' ? ctx.auth.valid : ctx.auth[c.auth];
  if (ctx.credential !== 'none' && auth !== ctx.auth.valid) return `authorization ${c.auth}`;
  if (c.replay) return 'idempotency key replayed with another body';
  const key = Object.entries(c.headers).find(([k]) => k === 'idempotency-key')?.[1];
  if (key !== undefined && !/^[\x21-\x7e]{1,128}$/.test(key)) return 'idempotency-key';
  let params: Record<string, string>;
  try {
    params = Object.fromEntries(Object.entries(hit.params).map(([k, v]) => [k, decodeURIComponent(v)]));
  } catch {
    return 'path not decodable';
  }
  if (ctx.contract.path && !ctx.contract.path.safeParse(params).success) return 'path';
  // As the gateway hands the query over: decoded, repeated names joined with commas.
  const wire = new URLSearchParams();
  for (const [k, v] of c.query) wire.append(k, v);
  const query = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(wire.toString())) query.set(k, query.has(k) ? `${query.get(k)},${v}` : v);
  if (ctx.contract.query && !ctx.contract.query.safeParse(Object.fromEntries(query)).success) return 'query';
  let parsed: unknown;
  if (c.body.kind === 'text' && c.body.text !== '') {
    if (Buffer.byteLength(c.body.text) > BODY_LIMIT) return 'body too large';
    const type = c.headers['content-type'] ?? 'application/json';
    if (!/^application\/(.+\+)?json\b/i.test(type)) return 'content-type';
    try {
      parsed = JSON.parse(c.body.text);
    } catch {
      return 'malformed JSON';
    }
  }
  if (ctx.contract.body && !ctx.contract.body.safeParse(parsed).success) return `body (${c.body.kind === 'text' ? c.body.why : 'none'})`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Sending and judging
// ---------------------------------------------------------------------------------------------

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

async function send(ctx: RouteContext, c: FuzzCase): Promise<Answer> {
  const url = new URL(urlPath(ctx.template, c.segments), rt.url);
  for (const [k, v] of c.query) url.searchParams.append(k, v);
  const headers: Record<string, string> = { ...c.headers };
  const auth = ctx.auth[c.auth];
  if (auth) headers.authorization = auth;
  if (c.replay) headers['idempotency-key'] = ctx.replay!.key;
  let body: string | undefined = c.body.kind === 'text' ? c.body.text : undefined;
  // A replay must differ from the first body, or it would rightly be answered from the store.
  if (c.replay && (body ?? '') === ctx.replay!.text) body = `${ctx.replay!.text} `;
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  // A Lambda behind API Gateway has 29 s at most: an answer that takes longer is a failure too.
  const res = await fetch(url, { method: ctx.method, headers, body, signal: AbortSignal.timeout(Number(process.env.FUZZ_REQUEST_MS ?? 29_000)) });
  totals.cases += 1;
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** The digits a phone number is recognisable by, however it was written. */
function phoneDigits(text: string): string | undefined {
  const digits = text.replace(/[\s().-]/g, '');
  const m = /^(?:\+31|0031|0)([1-9]\d{8})$/.exec(digits);
  return m?.[1];
}

function phonesIn(c: FuzzCase): string[] {
  const found = new Set<string>([...knownPhones].map((p) => phoneDigits(p)!));
  if (c.body.kind === 'text') for (const m of c.body.text.matchAll(/"((?:\+31|0031|0)[\d\s().-]{9,16})"/g)) {
    const d = phoneDigits(m[1]!);
    if (d) found.add(d);
  }
  return [...found];
}

function judge(ctx: RouteContext, c: FuzzCase, a: Answer): void {
  const what = `${ctx.method} ${ctx.template} answered ${a.status} ${a.contentType}: ${a.text.slice(0, 400)}`;
  if (a.status >= 500) totals.serverErrors += 1;
  expect(a.status, what).toBeLessThan(500);
  if (a.status >= 400) {
    totals.refused += 1;
    expect(a.contentType.split(';')[0], what).toBe('application/problem+json');
    const problem = JSON.parse(a.text) as { status?: unknown; detail?: unknown; errors?: { field?: unknown; message?: unknown }[] };
    expect(problem.status, what).toBe(a.status);
    const named = Array.isArray(problem.errors) && problem.errors.length > 0 && problem.errors.every((e) => typeof e.field === 'string' && e.field !== '' && typeof e.message === 'string');
    expect(named || (typeof problem.detail === 'string' && problem.detail.length > 0), what).toBe(true);
    // Bad input names its fields.
    if (a.status === 400) expect(named, what).toBe(true);
  }
  const mayShow = ctx.showsPhone && a.status < 300;
  if (!mayShow) for (const digits of phonesIn(c)) expect(a.text.replace(/[\s().-]/g, ''), `${what}\nechoes a phone number`).not.toContain(digits);
}

// ---------------------------------------------------------------------------------------------
// The runs
// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  rt = await startRuntime({ keyDir: dir, seed: 0, visibilityScale: 0.01, idleMs: 100, sendRatePerSecond: 0 });
  // Before any fuzzed sign-up spends this client's hourly codes.
  manage = manageCredential();
  await manage;
});

afterAll(async () => {
  // The figure to quote: every request sent, over how many routes, and that none was a 5xx.
  console.log(`fuzz: ${totals.cases} cases over ${totals.routes} routes (${totals.refused} refused, ${totals.compared} refused-only batches compared with the tables), ${totals.serverErrors} server errors; FUZZ_RUNS=${RUNS} FUZZ_SEED=${SEED}`);
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(otherKeys, { recursive: true, force: true });
});

const routes = httpRoutes().map(({ name, spec }, i) => ({ name, method: spec.trigger.method, path: spec.trigger.path, index: i }));

describe('hostile input against every route', () => {
  it('covers every route of the topology', () => {
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.filter((r) => !routeContracts[r.name]).map((r) => r.name)).toEqual([]);
  });

  it.each(routes)('$method $path', async ({ name, index }) => {
    const ctx = await contextOf(name);
    totals.routes += 1;
    const arb = caseArb(ctx);
    const seed = SEED + index * 1_000;

    // Phase 1: only requests the contract refuses, with the tables compared before and after.
    // A route with no input and no proof to check (the docs) refuses nothing: phase 2 only.
    const refuses = ctx.contract.path || ctx.contract.query || ctx.contract.body || ctx.credential !== 'none' || ctx.method !== 'GET';
    if (refuses) await refusedOnly(ctx, arb, seed);
    // However the key was misused meanwhile, a retry of the first request still gets its answer.
    if (ctx.replay) {
      const retry = await call(rt.url, ctx.method, urlPath(ctx.template, encodeAll(ctx.path)), { raw: ctx.replay.text, headers: { ...ctx.headers, 'idempotency-key': ctx.replay.key, authorization: ctx.auth.valid! } });
      expect(JSON.stringify(retry.body), `${name}: a retry with the replay key`).toBe(ctx.replay.answer);
    }

    // Phase 2: anything, including requests that may succeed; only the answers are judged.
    await fc.assert(
      fc.asyncProperty(arb, async (c) => judge(ctx, c, await send(ctx, c))),
      { numRuns: Math.ceil(RUNS / 2), seed: seed + 1 },
    );
  }, 60_000 + RUNS * 4_000);
});

/** Only requests the contract refuses; the tables (but metering) must be the same after them. */
async function refusedOnly(ctx: RouteContext, arb: fc.Arbitrary<FuzzCase>, seed: number): Promise<void> {
  await rt.pollers.idle();
  const before = await snapshotTables(rt.dynamo, METERING);
  let answeredOk = false;
  await fc.assert(
    fc.asyncProperty(arb, async (c) => {
      const why = refusal(ctx, c);
      fc.pre(why !== undefined);
      const answer = await send(ctx, c);
      judge(ctx, c, answer);
      if (answer.status < 300) answeredOk = true;
      expect(answer.status, `${ctx.method} ${ctx.template}: refused by ${why}, answered ${answer.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    }),
    { numRuns: RUNS, seed },
  );
  await rt.pollers.idle();
  const after: TableSnapshot = await snapshotTables(rt.dynamo, METERING);
  if (!answeredOk) {
    totals.compared += 1;
    expect(tableChanges(before, after), `${ctx.name}: refused requests changed stored data`).toEqual({});
  }
}
