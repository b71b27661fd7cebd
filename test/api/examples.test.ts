// Every documented example, sent to the real local runtime: it must answer with the example's
// status, the documented content type, and a body the document's schema for that status accepts
// (JSON Schema as published, checked with Ajv, so the document itself is what is tested).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { httpRoutes } from '#infra/topology';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { routeContracts } from '#shared/api/routes';
import { buildOpenApi, type JsonObject } from '#shared/api/openapi';
import { exampleRequests } from '../support/example-requests';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-api-'));
const { document } = buildOpenApi();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(document, 'openapi');

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

let rt: Runtime;
const { send } = exampleRequests(() => rt.url, dir);

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
