// Turns a route's documented example into a real request to a running local runtime: resolves
// `{{route.example.field}}` references by sending the referenced example first, and signs a token
// for the example's caller. Used by test/api/examples.test.ts and test/hostile/fuzz.test.ts.
import { httpRoutes, type FunctionName } from '#infra/topology';
import { signToken } from '#shared/local/keys';
import { routeContracts } from '#shared/api/routes';
import { EXAMPLE_REFERENCE } from '#shared/api/openapi';
import type { ExampleCaller, RouteExample } from '#shared/api/contract';

/** Who sends an example that names nobody, on a route with roles. */
export const DEFAULT_CALLER: ExampleCaller = { role: 'operator', sub: 'docs-operator' };

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
}

/** An example with every reference filled in, ready to send (or to mutate first). */
export interface ResolvedExample {
  readonly path: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly caller: ExampleCaller | undefined;
}

export const routeOf = (name: FunctionName) => httpRoutes().find((r) => r.name === name)!;

function exampleOf(route: string, example: string): { name: FunctionName; example: RouteExample } {
  const found = routeContracts[route as FunctionName]?.examples.find((e) => e.name === example);
  if (!found) throw new Error(`example reference {{${route}.${example}}}: no such example`);
  return { name: route as FunctionName, example: found };
}

/** Requests against the runtime at `base()`, with tokens signed by the key in `keyDir`. */
export function exampleRequests(base: () => string, keyDir: string) {
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (c: ExampleCaller): Promise<string> => {
    const key = JSON.stringify(c);
    if (!tokens.has(key)) tokens.set(key, signToken(keyDir, c));
    return tokens.get(key)!;
  };

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

  async function prepare(name: FunctionName, example: RouteExample): Promise<ResolvedExample> {
    const { trigger } = routeOf(name).spec;
    return {
      path: await resolve(example.path ?? {}),
      query: await resolve(example.query ?? {}),
      headers: await resolve(example.headers ?? {}),
      body: await resolve(example.body),
      caller: example.as ?? (trigger.roles === 'public' ? undefined : DEFAULT_CALLER),
    };
  }

  async function send(name: FunctionName, example: RouteExample): Promise<Answer> {
    const { trigger } = routeOf(name).spec;
    const { path, query, headers: exampleHeaders, body, caller } = await prepare(name, example);
    const url = new URL(trigger.path.replace(/\{(\w+)\}/g, (_m, p: string) => encodeURIComponent(path[p] ?? '')), base());
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const headers: Record<string, string> = { ...exampleHeaders };
    if (caller) headers.authorization = `Bearer ${await tokenFor(caller)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url, { method: trigger.method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const contentType = res.headers.get('content-type') ?? '';
    const text = await res.text();
    return { status: res.status, contentType, body: /json/.test(contentType) ? (JSON.parse(text) as unknown) : text };
  }

  return { tokenFor, resolve, prepare, send };
}
