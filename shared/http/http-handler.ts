// The house HTTP handler: parse → authorize → call the domain → map the result. Roles come from
// the function's topology entry, so the access rule lives where the route is declared.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { IdempotencyAlreadyInProgressError, IdempotencyConfig, IdempotencyValidationError } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { functions, type FunctionName, type FunctionSpec } from '#infra/topology';
import { DomainError } from '#shared/domain/domain-error';
import type { Caller } from '#shared/domain/vocabulary';
import type { World } from '#shared/runtime/world';
import { deployedWorld } from '#shared/runtime/deployed-world';
import { logger, setCorrelationId, withLogKeys } from '#shared/runtime/logger';
import { publishMetrics } from '#shared/runtime/metrics';
import { annotateAction, tracing } from '#shared/runtime/tracer';
import { errorSummary } from '#shared/runtime/error-summary';
import { HttpProblem, problemResponse } from './problem';
import { callerFrom } from './claims';
import { domainProblem } from './refusal-problem';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer & { idempotencyKey?: string };
export type HttpResult = APIGatewayProxyStructuredResultV2;

export interface HttpRequest {
  readonly caller: Caller | undefined;
  readonly body: unknown;
  readonly path: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The client's address as API Gateway saw it (for abuse limits; never logged). */
  readonly clientIp: string;
  /** The caller-scoped Idempotency-Key, when the client sent one. */
  readonly idempotencyKey?: string;
}

/** Request bodies above this are refused before parsing (the longest valid action is ~40 KB). */
export const MAX_BODY_BYTES = 256 * 1024;

/** What an Idempotency-Key may be: 1 to 128 visible ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** Action ids as issued; only such a path id or created id becomes a log correlation id. */
const ACTION_ID = /^act_[0-9a-f-]{36}$/;

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export function parse<T extends z.ZodType>(schema: T, value: unknown, root: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw HttpProblem.fromZod(result.error, root);
  return result.data;
}

function lowerHeaders(headers: Record<string, string | undefined> | undefined): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

function readBody(event: HttpEvent): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new HttpProblem(413, 'Body too large', `body: at most ${MAX_BODY_BYTES} bytes`, [{ field: 'body', message: `at most ${MAX_BODY_BYTES} bytes` }]);
  const type = lowerHeaders(event.headers)['content-type'];
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new HttpProblem(415, 'Unsupported media type', 'content-type: send application/json', [{ field: 'content-type', message: 'send application/json' }]);
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch (err) {
    // Where, never what: V8 quotes the start of the body in some messages ("Unexpected token '+',
    // "{"phone":+316…"... is not valid JSON"), and a body is full of numbers and addresses.
    const at = /at position (\d+)/.exec((err as Error).message)?.[1];
    const message = at ? `malformed JSON at position ${at}` : 'malformed JSON';
    throw new HttpProblem(400, 'Invalid request', `body: ${message}`, [{ field: 'body', message }]);
  }
}

function authorize(name: FunctionName, event: HttpEvent): Caller | undefined {
  const trigger: FunctionSpec['trigger'] = functions[name].trigger;
  if (trigger.type !== 'http') throw new Error(`${name} is not an HTTP function`);
  const caller = callerFrom(event.requestContext?.authorizer?.jwt?.claims as Record<string, unknown> | undefined);
  if (trigger.roles === 'public') return caller;
  if (!caller) throw new HttpProblem(401, 'Unauthenticated', 'a valid bearer token is required');
  if (!caller.roles.some((r) => (trigger.roles as readonly string[]).includes(r))) {
    throw new HttpProblem(403, 'Forbidden', `this route needs the role ${trigger.roles.join(' or ')}`);
  }
  return caller;
}

/** Maps anything thrown to a problem response; unexpected errors are logged without the request. */
const problems = (): middy.MiddlewareObj<HttpEvent, HttpResult> => ({
  onError: (request) => {
    const err = request.error;
    if (err instanceof HttpProblem) {
      request.response = problemResponse(err);
      return;
    }
    // Every domain refusal maps here, for every route: no handler has to remember to.
    if (err instanceof DomainError) {
      request.response = problemResponse(domainProblem(err));
      return;
    }
    if (err instanceof IdempotencyAlreadyInProgressError) {
      request.response = problemResponse(new HttpProblem(409, 'Conflict', 'idempotency-key: a request with this key is still being processed', [{ field: 'idempotency-key', message: 'in progress' }]));
      return;
    }
    if (err instanceof IdempotencyValidationError) {
      request.response = problemResponse(new HttpProblem(422, 'Idempotency key reused', 'idempotency-key: was used before with a different body', [{ field: 'idempotency-key', message: 'used before with a different body' }]));
      return;
    }
    logger.error('unhandled error', { error: errorSummary(err) });
    request.response = problemResponse(new HttpProblem(500, 'Internal error', 'something went wrong on our side; the request can be retried'));
  },
});

/**
 * Scopes the client's Idempotency-Key to the caller and the resource the route acts on (its path
 * parameters), so two operators never share a key and ending action B never replays A's answer.
 */
const idempotencyKey = (name: FunctionName): middy.MiddlewareObj<HttpEvent, HttpResult> => ({
  before: (request) => {
    const key = lowerHeaders(request.event.headers)['idempotency-key'];
    if (key === undefined) return;
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw HttpProblem.invalid([{ field: 'idempotency-key', message: '1 to 128 visible ASCII characters' }]);
    }
    const caller = authorize(name, request.event);
    const resource = Object.entries(request.event.pathParameters ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
    const scope = resource.length > 0 ? `${JSON.stringify(resource)}:` : '';
    request.event.idempotencyKey = `${name}:${caller?.sub ?? 'public'}:${scope}${key}`;
    // Powertools hashes the body to spot a reused key and throws on a missing one: no body hashes
    // as the empty body (which readBody reads as no body too).
    request.event.body ??= '';
  },
});

export interface HttpHandlerOptions {
  /** Store the first 2xx response per Idempotency-Key and replay it for retries. */
  readonly idempotent?: boolean;
}

/** The action a request is about: its path id, or the id a create answered with (Location). */
function actionOf(event: HttpEvent, result?: HttpResult): string | undefined {
  const fromPath = event.pathParameters?.id;
  if (fromPath && ACTION_ID.test(fromPath)) return fromPath;
  const location = result?.headers?.location;
  const created = typeof location === 'string' ? location.split('/').pop() : undefined;
  return created && ACTION_ID.test(created) ? created : undefined;
}

/**
 * Runs one invocation with its log keys (function, request id, the action as correlation id),
 * logs one access line (route, status, time: no body, no caller) and publishes its metrics.
 */
function observed(name: FunctionName, handler: (event: HttpEvent, context: Context) => Promise<HttpResult>) {
  return (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const known = actionOf(event);
    return withLogKeys({ function_name: context.functionName || name, function_request_id: context.awsRequestId, ...(known ? { correlation_id: known } : {}) }, async () => {
      const started = performance.now();
      const result = await handler(event, context);
      const created = known ? undefined : actionOf(event, result);
      if (created) setCorrelationId(created);
      logger.info('request', { route: event.routeKey, status: result.statusCode, ms: Math.round(performance.now() - started) });
      publishMetrics();
      return result;
    });
  };
}

/** Annotates the trace with the action, while the handler's segment is still open. */
const traceAction = (): middy.MiddlewareObj<HttpEvent, HttpResult> => ({
  before: (request) => {
    const id = actionOf(request.event);
    if (id) annotateAction(id);
  },
  after: (request) => {
    const created = actionOf(request.event) ? undefined : actionOf(request.event, request.response ?? undefined);
    if (created) annotateAction(created);
  },
});

/** What a handler takes from its world: ports and rules, composed per invocation (shared/runtime/wiring.ts). */
export type Wire<D> = (world: World) => D | Promise<D>;

type Invoke<E, R> = (event: E, context: Context) => Promise<R>;

/** A Lambda handler that runs in the deployed world, or in the one it is given (local runtime, tests). */
export interface WorldHandler<E, R> extends Invoke<E, R> {
  forWorld(world: World): Invoke<E, R>;
}

/** Builds the handler for a world once, and the deployed one on the first invocation without a world. */
export function worldHandler<E, R>(build: (world: World) => Invoke<E, R>): WorldHandler<E, R> {
  let deployed: Invoke<E, R> | undefined;
  const handler = ((event: E, context: Context) => (deployed ??= build(deployedWorld()))(event, context)) as WorldHandler<E, R>;
  handler.forWorld = build;
  return handler;
}

/** No handler's own work: the two wrappers below bind the caller's world to it. */
function bind(name: FunctionName, world: World, fn: (req: HttpRequest) => Promise<HttpResult>, options: HttpHandlerOptions) {
  const handler = middy<HttpEvent, HttpResult, Error, Context>().use(tracing()).use(traceAction()).use(problems());
  if (options.idempotent) {
    const { client, table } = world.idempotency;
    const idempotent = makeHandlerIdempotent({
      persistenceStore: new DynamoDBPersistenceLayer({ tableName: table, awsSdkV3Client: client }),
      config: new IdempotencyConfig({ eventKeyJmesPath: 'idempotencyKey', payloadValidationJmesPath: 'body', throwOnNoIdempotencyKey: false, expiresAfterSeconds: 24 * 3600 }),
    });
    // Powertools deletes the key's record on any error. A reused key (another body, or still in
    // progress) is refused because that record is another request's: deleting it would let a
    // retry of the first request run twice.
    const keepOthersRecord: middy.MiddlewareObj<HttpEvent, HttpResult> = {
      ...idempotent,
      onError: async (request) => {
        if (request.error instanceof IdempotencyValidationError || request.error instanceof IdempotencyAlreadyInProgressError) return;
        await idempotent.onError?.(request);
      },
    };
    handler.use(idempotencyKey(name)).use(keepOthersRecord);
  }
  const invoke = handler.handler(async (event) => {
    const caller = authorize(name, event);
    const body = readBody(event);
    return fn({ caller, body, path: event.pathParameters ?? {}, query: event.queryStringParameters ?? {}, headers: lowerHeaders(event.headers), clientIp: event.requestContext.http.sourceIp, idempotencyKey: event.idempotencyKey });
  });
  return observed(name, invoke);
}

/**
 * The house HTTP handler: `wire` takes what the route uses from the world, `fn` parses, calls the
 * domain and maps the result. Domain refusals become problem details here, for every route.
 */
export function httpHandler<D>(name: FunctionName, wire: Wire<D>, fn: (req: HttpRequest, deps: D) => Promise<HttpResult>, options: HttpHandlerOptions = {}): WorldHandler<HttpEvent, HttpResult> {
  return worldHandler((world) => bind(name, world, async (req) => fn(req, await wire(world)), options));
}
