// The OpenAPI 3.1 document, built from the topology's HTTP routes and their contracts: the same
// zod schemas that validate requests, turned into JSON Schema 2020-12 by zod itself. Named
// schemas (contract.ts `component`) are listed once under components and referred to.
import { z } from 'zod';
import { httpRoutes, type FunctionName } from '#infra/topology';
import { areaSchema } from '#shared/domain/area';
import { MAX_BODY_BYTES } from '#shared/http/http-handler';
import { componentName, isProblem, type Contracts, type RouteContract, type RouteExample } from './contract';
import { PROBLEM_CONTENT_TYPE, problemSchema } from './problem-details';
import { areaViewSchema } from './action-views';
import { routeContracts } from './routes';

export type JsonObject = { [key: string]: unknown };
type Io = 'input' | 'output';

export const OPENAPI_VERSION = '3.1.0';

/** What a `{{route.example.field}}` reference shows in the document, by field. */
export const SAMPLES: Readonly<Record<string, string>> = { id: 'act_3b1f9c2e-7a4d-4e8b-9c6f-1d2e3f4a5b6c' };
/** `{{route.example.field}}`: the field of the answer to another route's example. */
export const EXAMPLE_REFERENCE = /\{\{(\w+)\.(\w+)\.(\w+)\}\}/g;

/** The example as the document shows it: references replaced by samples. */
export function withSamples<T>(value: T): T {
  if (typeof value === 'string') return value.replace(EXAMPLE_REFERENCE, (_m, _route: string, _example: string, field: string) => SAMPLES[field] ?? `<${field}>`) as T;
  if (Array.isArray(value)) return value.map(withSamples) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSamples(v)])) as T;
  return value;
}

/** Output mode closes non-strict objects (zod strips unknown keys on parse); that is no conflict. */
const comparable = (text: string) => text.replaceAll(',"additionalProperties":false', '');

/** Drops what zod adds that says nothing to a reader: the date-time regex, 2^53 bounds, readOnly of readonly arrays. */
function tidy(json: JsonObject): void {
  if (json.format === 'date-time') delete json.pattern;
  if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
  if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
  delete json.readOnly;
}

/** Turns zod schemas into JSON Schema, naming components once and referring to them after. */
class Schemas {
  readonly components: Record<string, JsonObject> = {};
  private readonly modes = new Map<string, { io: Io; text: string }>();

  /** A schema where it is used: a $ref when it is named, else inline. */
  use(schema: z.ZodType, io: Io): JsonObject {
    const name = componentName(schema);
    return name ? this.ref(name, schema, io) : this.convert(schema, io);
  }

  private ref(name: string, schema: z.ZodType, io: Io): JsonObject {
    const known = this.modes.get(name);
    if (!known) {
      // Claim the name first: a schema that contains itself must find its own reference.
      this.modes.set(name, { io, text: '' });
      const json = this.convert(schema, io);
      this.components[name] = json;
      this.modes.set(name, { io, text: JSON.stringify(json) });
    } else if (known.io !== io && known.text !== '' && comparable(JSON.stringify(this.convert(schema, io))) !== comparable(known.text)) {
      throw new Error(`schema ${name} reads differently in requests and in responses (defaults or transforms): give each use its own name`);
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  private convert(schema: z.ZodType, io: Io): JsonObject {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      // Refinements (SMS length, ring closed) cannot be said in JSON Schema; descriptions say them.
      unrepresentable: 'any',
      override: (ctx) => {
        tidy(ctx.jsonSchema as JsonObject);
        const node: object = ctx.zodSchema;
        if (node === schema) return;
        // The area is parsed by a transform that picks the branch; documented as the union it accepts.
        const named = node === areaSchema ? areaViewSchema : (node as z.ZodType);
        const name = componentName(named);
        if (!name) return;
        const target = ctx.jsonSchema as JsonObject;
        const { description } = target;
        for (const key of Object.keys(target)) delete target[key];
        Object.assign(target, this.ref(name, named, io), typeof description === 'string' ? { description } : {});
      },
    }) as JsonObject;
    delete json.$schema;
    return json;
  }
}

interface Built {
  readonly document: JsonObject;
  /** Routes of the topology without a contract (listed in the document as x-undocumented). */
  readonly missing: readonly FunctionName[];
}

const problem = (description: string): JsonObject => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } });

function parameters(schemas: Schemas, where: 'path' | 'query' | 'header', shape: z.ZodObject | undefined, examples: readonly RouteExample[], pick: (e: RouteExample) => Readonly<Record<string, string>> | undefined): JsonObject[] {
  if (!shape) return [];
  const json = schemas.use(shape, 'input') as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema;
    const shown = examples.flatMap((e) => (pick(e)?.[name] !== undefined ? [[e.name, { summary: e.summary, value: withSamples(pick(e)![name]) }] as const] : []));
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
      ...(shown.length > 0 ? { examples: Object.fromEntries(shown) } : {}),
    };
  });
}

function operation(schemas: Schemas, name: FunctionName, roles: readonly string[] | 'public', c: RouteContract): JsonObject {
  const responses: Record<string, JsonObject> = {};
  for (const [status, spec] of Object.entries(c.responses)) {
    if (isProblem(spec)) {
      responses[status] = problem(spec.problem);
      continue;
    }
    const type = spec.contentType ?? 'application/json';
    responses[status] = {
      description: spec.description,
      ...(spec.headers ? { headers: Object.fromEntries(Object.entries(spec.headers).map(([h, d]) => [h, { description: d.description, schema: { type: 'string' } }])) } : {}),
      ...(spec.schema ? { content: { [type]: { schema: schemas.use(spec.schema, 'output') } } } : {}),
    };
  }
  const hasInput = Boolean(c.path ?? c.query ?? c.body ?? c.headers);
  // What every route of its kind can answer, so no contract has to repeat it.
  const defaults: [number, string][] = [
    ...(hasInput ? [[400, 'Invalid request: `errors` names each offending field'] as [number, string]] : []),
    ...(roles !== 'public' ? ([[401, 'No valid bearer token'], [403, `The token has none of the roles ${roles.join(', ')}`]] as [number, string][]) : []),
    ...(c.body ? ([[413, `Body over ${MAX_BODY_BYTES / 1024} KB`], [415, 'Body is not application/json']] as [number, string][]) : []),
    [500, 'Something went wrong on our side; the request can be retried'],
  ];
  for (const [status, description] of defaults) responses[status] ??= problem(description);
  const bodyExamples = c.examples.filter((e) => e.body !== undefined);
  return {
    operationId: name,
    summary: c.summary,
    description: [c.description, roles === 'public' ? 'Public: no token needed.' : `Needs a bearer token with the role ${roles.join(' or ')}.`].filter(Boolean).join('\n\n'),
    tags: [...c.tags],
    security: roles === 'public' ? [] : [{ bearer: [] }],
    parameters: [
      ...parameters(schemas, 'path', c.path, c.examples, (e) => e.path),
      ...parameters(schemas, 'query', c.query, c.examples, (e) => e.query),
      ...parameters(schemas, 'header', c.headers, c.examples, (e) => e.headers),
    ],
    ...(c.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: schemas.use(c.body, 'input'),
                ...(bodyExamples.length > 0 ? { examples: Object.fromEntries(bodyExamples.map((e) => [e.name, { summary: e.summary, value: withSamples(e.body) }])) } : {}),
              },
            },
          },
        }
      : {}),
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))),
  };
}

export function buildOpenApi(contracts: Contracts = routeContracts): Built {
  const schemas = new Schemas();
  schemas.use(problemSchema, 'output');
  const paths: Record<string, Record<string, JsonObject>> = {};
  const missing: FunctionName[] = [];
  for (const { name, spec } of httpRoutes()) {
    const contract = contracts[name];
    if (!contract) {
      missing.push(name);
      continue;
    }
    (paths[spec.trigger.path] ??= {})[spec.trigger.method.toLowerCase()] = operation(schemas, name, spec.trigger.roles, contract);
  }
  const document: JsonObject = {
    openapi: OPENAPI_VERSION,
    info: {
      title: 'Burgernet API',
      version: '1',
      description:
        'Citizen alerting: an operator draws an area around an incident and every participant inside is reached by SMS, voice call and app push.\n\n' +
        'Every route but the public ones needs a bearer token (a Cognito JWT; its `cognito:groups` claim carries the role). ' +
        'Errors are RFC 9457 problem details (`application/problem+json`, schema `Problem`) whose `errors` name each offending field; bad input is always a 4xx and stores nothing.',
    },
    servers: [{ url: '/', description: 'This deployment' }],
    tags: [
      { name: 'actions', description: 'Start, follow and close an action' },
      { name: 'reference', description: 'This description of the API' },
    ],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      schemas: Object.fromEntries(Object.entries(schemas.components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
  if (missing.length > 0) document['x-undocumented'] = missing;
  return { document, missing };
}
