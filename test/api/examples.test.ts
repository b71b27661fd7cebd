// Every documented example, sent to the real local runtime: it must answer with the example's
// status, the documented content type, and a body the document's schema for that status accepts
// (JSON Schema as published, checked with Ajv, so the document itself is what is tested).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { httpRoutes, type FunctionName } from '#infra/topology';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import { routeContracts } from '#shared/api/routes';
import { buildOpenApi, EXAMPLE_REFERENCE, type JsonObject } from '#shared/api/openapi';
import type { ExampleCaller, RouteExample } from '#shared/api/contract';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-api-'));
const { document } = buildOpenApi();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(document, 'openapi');

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
const DEFAULT_CALLER: ExampleCaller = { role: 'operator', sub: 'docs-operator' };

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
}

let rt: Runtime;
const tokens = new Map<string, Promise<string>>();
const tokenFor = (c: ExampleCaller) => {
  const key = JSON.stringify(c);
  if (!tokens.has(key)) tokens.set(key, signToken(dir, c));
  return tokens.get(key)!;
};

const routeOf = (name: FunctionName) => httpRoutes().find((r) => r.name === name)!;

function exampleOf(route: string, example: string): { name: FunctionName; example: RouteExample } {
  const found = routeContracts[route as FunctionName]?.examples.find((e) => e.name === example);
  if (!found) throw new Error(`example reference {{${route}.${example}}}: no such example`);
  return { name: route as FunctionName, example: found };
}

/** Replaces `{{route.example.field}}` with that field of a fresh answer to the referenced example. */
async function resolve<T>(value: T): Promise<T> {
  if (typeof value === 'string') {
    let out: string = value;
    for (const [ref, route, example, field] of value.matchAll(EXAMPLE_REFERENCE)) {
      const target = exampleOf(route!, example!);
      const answer = await send(target.name, target.example);
      const got = (answer.body as Record<string, unknown>)[field!];
      if (answer.status >= 300 || typeof got !== 'string') throw new Error(`${ref}: answered ${answer.status} without a ${field}`);
      out = out.replace(ref, got);
    }
    return out as T;
  }
  if (Array.isArray(value)) return (await Promise.all(value.map(resolve))) as T;
  if (value && typeof value === 'object') return Object.fromEntries(await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolve(v)]))) as T;
  return value;
}

async function send(name: FunctionName, example: RouteExample): Promise<Answer> {
  const { trigger } = routeOf(name).spec;
  const path = await resolve(example.path ?? {});
  const query = await resolve(example.query ?? {});
  const body = await resolve(example.body);
  const url = new URL(trigger.path.replace(/\{(\w+)\}/g, (_m, p: string) => encodeURIComponent(path[p] ?? '')), rt.url);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const headers: Record<string, string> = { ...(await resolve(example.headers ?? {})) };
  const caller = example.as ?? (trigger.roles === 'public' ? undefined : DEFAULT_CALLER);
  if (caller) headers.authorization = `Bearer ${await tokenFor(caller)}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method: trigger.method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const contentType = res.headers.get('content-type') ?? '';
  const text = await res.text();
  return { status: res.status, contentType, body: /json/.test(contentType) ? (JSON.parse(text) as unknown) : text };
}

beforeAll(async () => {
  rt = await startRuntime({ dataDir: dir, keyDir: dir, seed: 300, visibilityScale: 0.01, idleMs: 100, sendRatePerSecond: 0 });
});

afterAll(async () => {
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const cases = httpRoutes().flatMap(({ name, spec }) => (routeContracts[name]?.examples ?? []).map((example) => ({ name, method: spec.trigger.method, path: spec.trigger.path, example })));

describe('documented examples against the local runtime', () => {
  it.each(cases)('$method $path: $example.name', async ({ name, method, path, example }) => {
    const answer = await send(name, example);
    expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(example.status);
    const response = (document.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>)[path]![method.toLowerCase()]!.responses[String(example.status)]!;
    const [type] = Object.keys(response.content ?? {});
    if (!type) {
      expect(answer.body).toBe('');
      return;
    }
    expect(answer.contentType.split(';')[0]).toBe(type);
    const validate = ajv.getSchema(`openapi#/${pointer('paths', path, method.toLowerCase(), 'responses', String(example.status), 'content', type, 'schema')}`)!;
    const ok = validate(answer.body);
    expect(ok ? [] : validate.errors, 'the answer matches its documented schema').toEqual([]);
  });

  it('serves the document it tests', async () => {
    const res = await fetch(new URL('/openapi.json', rt.url));
    expect((await res.json()) as JsonObject).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('serves a reference page that loads nothing from elsewhere', async () => {
    const res = await fetch(new URL('/docs', rt.url));
    const html = await res.text();
    expect(html).toContain('SwaggerUIBundle');
    expect(html).toContain("url: 'openapi.json'");
    // No script, style or font from another origin.
    expect(html.match(/<(script|link)[^>]+(src|href)=["']https?:/g)).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
