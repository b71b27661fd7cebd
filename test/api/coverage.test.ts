// The OpenAPI document and the topology name the same routes: a route without a contract, or a
// documented route that does not exist, fails here. Also checks the document holds together.
import { describe, expect, it } from 'vitest';
import { functions, httpRoutes, type FunctionName } from '#infra/topology';
import { routeContracts } from '#shared/api/routes';
import { buildOpenApi, OPENAPI_VERSION, withSamples, type JsonObject } from '#shared/api/openapi';
import { isProblem } from '#shared/api/contract';

const { document, missing } = buildOpenApi();
const paths = document.paths as Record<string, Record<string, JsonObject>>;
const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** Where a route's contract belongs: the module named for its handler's folder. */
const contractFile = (name: FunctionName) => `shared/api/${functions[name].entry.split('/')[0]}.ts`;

describe('OpenAPI coverage', () => {
  it('documents every route of the topology', () => {
    const lines = missing.map((name) => {
      const { method, path } = (functions[name] as { trigger: { method: string; path: string } }).trigger;
      return `${method} ${path} (${name}, functions/${functions[name].entry}.ts) has no API contract: add it to ${contractFile(name)} and spread that module into routeContracts in shared/api/routes.ts`;
    });
    expect(lines, `\n${lines.join('\n')}\n`).toEqual([]);
  });

  it('documents no route the topology does not have', () => {
    const topology = new Set(httpRoutes().map(({ spec }) => routeKey(spec.trigger.method, spec.trigger.path)));
    const documented = Object.entries(paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => routeKey(method, path)));
    expect(documented.filter((r) => !topology.has(r))).toEqual([]);
    // A contract for a name that is not an HTTP route would never be served.
    const httpNames = new Set<string>(httpRoutes().map((r) => r.name));
    expect(Object.keys(routeContracts).filter((n) => !httpNames.has(n))).toEqual([]);
  });

  it('names the path parameters the topology path has', () => {
    for (const { name, spec } of httpRoutes()) {
      const contract = routeContracts[name];
      if (!contract) continue;
      const inPath = [...spec.trigger.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(Object.keys(contract.path?.shape ?? {}).sort(), `${name}: path parameters`).toEqual(inPath);
    }
  });

  it('gives every route an example, and every example a documented status', () => {
    for (const { name, spec } of httpRoutes()) {
      const op = paths[spec.trigger.path]?.[spec.trigger.method.toLowerCase()];
      const contract = routeContracts[name];
      if (!op || !contract) continue;
      expect(contract.examples.length, `${name}: examples`).toBeGreaterThan(0);
      if (!contract.successNeeds) expect(contract.examples.some((e) => e.status < 300), `${name}: a successful example`).toBe(true);
      const statuses = Object.keys(op.responses as JsonObject);
      for (const e of contract.examples) expect(statuses, `${name} example ${e.name}`).toContain(String(e.status));
      for (const [status, r] of Object.entries(contract.responses)) if (Number(status) < 400) expect(isProblem(r), `${name} ${status}`).toBe(false);
    }
  });

  it('shows request examples that the request schema accepts exactly when they should succeed', () => {
    for (const [name, contract] of Object.entries(routeContracts)) {
      for (const e of contract.examples) {
        if (!contract.body || e.body === undefined) continue;
        // Only the body decides a 400 here; path-only failures (unknown id) are the runtime's.
        const ok = contract.body.safeParse(withSamples(e.body)).success;
        const pathOk = !contract.path || !e.path || contract.path.safeParse(withSamples(e.path)).success;
        if (e.status === 400 && !e.refusedBy && pathOk) expect(ok, `${name} example ${e.name} is refused`).toBe(false);
        if (e.status < 300) expect(ok, `${name} example ${e.name} is accepted`).toBe(true);
      }
    }
  });

  it('is OpenAPI 3.1 whose references all resolve', () => {
    expect(document.openapi).toBe(OPENAPI_VERSION);
    const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    expect([...new Set(refs)].filter((r) => !(r in schemas))).toEqual([]);
    // Problem details are one shared schema, not a copy per route.
    const problemContents = JSON.stringify(paths).match(/application\/problem\+json":\{"schema":\{"\$ref":"#\/components\/schemas\/Problem"\}/g) ?? [];
    expect(problemContents.length).toBeGreaterThan(10);
    expect(JSON.stringify(paths)).not.toContain('"detail":{"type"');
  });

  it('takes the request schemas from the handlers (no hand-kept copy)', async () => {
    const { createActionSchema } = await import('#shared/domain/action');
    const { listActionsQuerySchema } = await import('#shared/api/actions');
    expect(routeContracts.createAction?.body).toBe(createActionSchema);
    expect(routeContracts.listActions?.query).toBe(listActionsQuerySchema);
  });
});
