// The API contract of one route: the zod schemas its handler validates with, what it answers
// and examples that test/api runs end to end. The OpenAPI document is generated from these
// (shared/api/openapi.ts), so the schemas that validate requests are the ones documented.
import type { z } from 'zod';
import type { FunctionName, Role } from '#infra/topology';

/** A response with a body of its own. JSON unless `contentType` says otherwise. */
export interface BodyResponse {
  readonly description: string;
  /** Absent: the response has no body. A string body (XML, HTML) is documented as `type: string`. */
  readonly schema?: z.ZodType;
  /** Default application/json. */
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, { readonly description: string }>>;
}

/**
 * Error statuses a route answers besides the ones every route of its kind has (401/403 for a
 * route with roles, 400 for one with input, 413/415 for one with a body, 500 for all). Their
 * body is always the one problem-details schema; `description` says when this route sends it.
 */
export type ProblemStatus = 400 | 404 | 409 | 422 | 503;
export interface ProblemResponse {
  readonly problem: string;
}

export type ResponseSpec = BodyResponse | ProblemResponse;

/** Who sends an example: a role and a subject, so four-eyes examples can use two operators. */
export interface ExampleCaller {
  readonly role: Role;
  readonly sub: string;
  /** Claims of municipality and unit tokens (custom:municipality, custom:unit). */
  readonly municipality?: string;
  readonly unit?: string;
}

/**
 * A request the documentation shows and test/api sends to the local runtime. Any string may hold
 * a reference `{{route.example.field}}`: the runner first sends that route's example and puts the
 * named field of its answer in place; the document shows a fixed sample instead (see SAMPLES in
 * shared/api/openapi.ts).
 */
export interface RouteExample {
  /** Unique within the route; used as the example's key in the document. */
  readonly name: string;
  readonly summary: string;
  readonly path?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Default: an operator. Ignored on public routes unless set. */
  readonly as?: ExampleCaller;
  /** The status the example must answer with; it must be one of the route's responses. */
  readonly status: number;
  /** A well-formed body the domain refuses (a wrong code): says why, since the schema accepts it. */
  readonly refusedBy?: string;
}

export interface RouteContract {
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** Path parameters as the handler parses them (names must match the topology path). */
  readonly path?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** Request headers the route reads, as a zod object keyed by lower-case header name. */
  readonly headers?: z.ZodObject;
  readonly body?: z.ZodType;
  /** Status → response. Success statuses need a BodyResponse; route-specific errors a ProblemResponse. */
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** At least one; a route with input should show a refused one too. */
  readonly examples: readonly RouteExample[];
  /**
   * Why no example can succeed when run: success needs something only a person has (a code sent
   * to their phone). Without it, a route must show at least one successful example.
   */
  readonly successNeeds?: string;
}

/** A module's contracts, keyed by the topology's function names. */
export type Contracts = Partial<Record<FunctionName, RouteContract>>;

/** Typed identity: checks a contract module's entries against the topology's names. */
export const contracts = <C extends Contracts>(c: C): C => c;

export const isProblem = (r: ResponseSpec): r is ProblemResponse => 'problem' in r;

const names = new WeakMap<object, string>();

/**
 * Names a schema: the document lists it once under components.schemas and refers to it. Use it
 * for schemas that appear in more than one place or deserve a name in the reference.
 */
export function component<T extends z.ZodType>(name: string, schema: T): T {
  names.set(schema, name);
  return schema;
}

/** Takes zod's core schema objects too (what toJSONSchema's override sees). */
export const componentName = (schema: object): string | undefined => names.get(schema);

/** True when a handler's result type V can be produced under schema S (S documents every V). */
export type Documents<S extends z.ZodType, V> = [V] extends [z.input<S>] ? true : false;
/** Compile-time check that a response schema keeps up with its handler's result type. */
export type Assert<T extends true> = T;
