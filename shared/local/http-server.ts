// API Gateway (HTTP API, payload 2.0) in one process: routes from the topology, JWT check with
// the local key like the Cognito authorizer, claims handed over flattened as API Gateway does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { JWTPayload } from 'jose';
import { httpRoutes, type FunctionName } from '#infra/topology';
import type { HttpEvent, HttpResult } from '#shared/http/http-handler';
import { HttpProblem, problemResponse } from '#shared/http/problem';
import type { LocalFunction } from './lambda-context';

type HttpFn = LocalFunction<HttpEvent, HttpResult>;
/** Local-only routes (outbox and the like); they answer with a result or undefined for "not mine". */
/** `body` reads the request body (at most 1 MB) for the local routes that take one; `req` is there for binary bodies and headers. */
export type LocalRoute = (method: string, url: URL, body: () => Promise<string>, req: IncomingMessage) => Promise<HttpResult | undefined>;

interface CompiledRoute {
  readonly name: FunctionName;
  readonly method: string;
  readonly path: string;
  readonly pattern: RegExp;
  readonly params: string[];
  readonly isPublic: boolean;
  /** The route's function, loaded on its first request. */
  handler(): Promise<HttpFn>;
}

/** Literal paths win over parameters (`/participants/manage-code` before `/participants/{id}`), as in API Gateway. */
function compile(functionOf: (name: FunctionName) => Promise<HttpFn>): CompiledRoute[] {
  const specificity = (path: string) => (path.match(/\{/g) ?? []).length;
  const routes = httpRoutes().sort((a, b) => specificity(a.spec.trigger.path) - specificity(b.spec.trigger.path));
  return routes.map(({ name, spec }) => {
    const params: string[] = [];
    const pattern = new RegExp(
      '^' +
        spec.trigger.path.replace(/\{(\w+)\}|[^{}]+/g, (m, p: string | undefined) => {
          if (p) {
            params.push(p);
            return '([^/]+)';
          }
          return m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        }) +
        '$',
    );
    let loaded: Promise<HttpFn> | undefined;
    const handler = () => {
      loaded ??= functionOf(name);
      // A module that failed to load is tried again on the next request.
      loaded.catch(() => (loaded = undefined));
      return loaded;
    };
    return { name, method: spec.trigger.method, path: spec.trigger.path, pattern, params, isPublic: spec.trigger.roles === 'public', handler };
  });
}

/** API Gateway hands JWT claims to Lambda as strings; arrays become "[a b]". */
function flatten(claims: JWTPayload): Record<string, string> {
  return Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]));
}

/** Reads a request body whole, or says it is over `limit` bytes. */
export async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // API Gateway refuses payloads over 10 MB before any Lambda runs.
    if (size > limit) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function write(res: ServerResponse, result: HttpResult): void {
  res.writeHead(result.statusCode ?? 200, { ...(result.headers as Record<string, string> | undefined) });
  // As API Gateway does: a base64-encoded result goes out as the bytes it encodes.
  res.end(result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? ''));
}

export interface HttpServerOptions {
  readonly port: number;
  /** A route's function bound to its world, with its configured deadline and memory; asked once per route. */
  readonly functionOf: (name: FunctionName) => Promise<HttpFn>;
  /** Requests wait for this: the runtime finishes starting once it knows the server's address. */
  readonly ready?: Promise<unknown>;
  readonly verify: (token: string) => Promise<JWTPayload | undefined>;
  readonly localRoutes?: readonly LocalRoute[];
  /** Take the client address from X-Forwarded-For (tests play several clients; never in AWS). */
  readonly trustForwardedFor?: boolean;
}

function clientAddress(req: IncomingMessage, trustForwardedFor: boolean): string {
  const forwarded = trustForwardedFor ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]?.trim() : undefined;
  return forwarded || (req.socket.remoteAddress ?? '127.0.0.1');
}

export async function startHttpServer(options: HttpServerOptions): Promise<{ server: Server; url: string }> {
  const routes = compile(options.functionOf);
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ title: 'Local runtime error', status: 500, detail: err instanceof Error ? err.name : 'error' }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await options.ready;
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = async () => {
      const raw = await readRaw(req, 1024 * 1024);
      return raw === 'too-large' ? '' : raw.toString('utf8');
    };
    for (const local of options.localRoutes ?? []) {
      const result = await local(method, url, body, req);
      if (result) return write(res, result);
    }
    let route: CompiledRoute | undefined;
    let match: RegExpExecArray | null = null;
    /** The template of a route for this path under another method, for the 405. */
    let known: string | undefined;
    for (const r of routes) {
      const m = r.pattern.exec(url.pathname);
      if (!m) continue;
      known ??= r.path;
      if (r.method === method) {
        route = r;
        match = m;
        break;
      }
    }
    if (!route || !match) {
      // Templates, never the path itself: a mistaken URL may hold a phone number or a postcode.
      return write(res, problemResponse(known ? new HttpProblem(405, 'Method not allowed', `no route ${method} ${known}`) : new HttpProblem(404, 'Not found', `no route ${method} for this path`)));
    }
    // Broken percent-encoding (`%zz`, a cut UTF-8 sequence) is the caller's error, not a crash.
    const pathParameters: Record<string, string> = {};
    for (const [i, p] of route.params.entries()) {
      try {
        pathParameters[p] = decodeURIComponent(match[i + 1]!);
      } catch {
        return write(res, problemResponse(HttpProblem.invalid([{ field: `path.${p}`, message: 'not valid percent-encoding' }])));
      }
    }
    let claims: JWTPayload | undefined;
    const auth = req.headers.authorization;
    if (!route.isPublic || auth) {
      const token = /^Bearer\s+(.+)$/i.exec(auth ?? '')?.[1];
      claims = token ? await options.verify(token) : undefined;
      if (!claims && !route.isPublic) return write(res, problemResponse(new HttpProblem(401, 'Unauthenticated', 'a valid bearer token is required')));
    }
    const raw = await readRaw(req, 10 * 1024 * 1024);
    if (raw === 'too-large') return write(res, problemResponse(new HttpProblem(413, 'Body too large', 'body: over 10 MB')));
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const now = new Date();
    const event = {
      version: '2.0',
      routeKey: `${route.method} ${route.path}`,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
      ...(route.params.length > 0 ? { pathParameters } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: clientAddress(req, options.trustForwardedFor ?? false), userAgent: req.headers['user-agent'] ?? '' },
        requestId: randomUUID(),
        routeKey: `${route.method} ${route.path}`,
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
        authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ? flatten(claims) : {}, scopes: [] } },
      },
      body: raw.length > 0 ? raw.toString('utf8') : undefined,
      isBase64Encoded: false,
    } as unknown as HttpEvent;
    const handler = await route.handler();
    write(res, await handler(event));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
