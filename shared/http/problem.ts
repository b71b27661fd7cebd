// Errors as RFC 9457 problem details: one shape for every 4xx/5xx, naming the offending fields.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }

  static invalid(errors: readonly FieldError[]): HttpProblem {
    const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return new HttpProblem(400, 'Invalid request', detail, errors);
  }

  static notFound(field: string, message: string): HttpProblem {
    return new HttpProblem(404, 'Not found', `${field}: ${message}`, [{ field, message }]);
  }

  /** `root` '' is the body, whose fields go by their own names; a wrong body as a whole is `body`. */
  static fromZod(error: z.ZodError, root: string): HttpProblem {
    return HttpProblem.invalid(
      error.issues.map((i) => ({ field: [root, ...i.path.map(String)].filter(Boolean).join('.') || root || 'body', message: i.code === 'unrecognized_keys' ? unknownKeys(i.keys, i.message) : i.message })),
    );
  }
}

/**
 * What a field name looks like; a key that does not (a phone number, a postcode) is not repeated.
 * Digits are allowed only a few in all (`line2`): `tel_0612345678` or `n06_12_34_56_78` carries a number.
 */
const FIELD_NAME = /^(?!(?:[^0-9]*[0-9]){3})[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** Zod quotes every unknown key back; keys that are data rather than names are only counted. */
function unknownKeys(keys: readonly string[], message: string): string {
  const named = keys.filter((k) => FIELD_NAME.test(k));
  if (named.length === keys.length) return message;
  const others = keys.length - named.length;
  const rest = `${others} unrecognized key${others === 1 ? '' : 's'} that ${others === 1 ? 'is' : 'are'} not a field name`;
  return named.length > 0 ? `Unrecognized key${named.length === 1 ? '' : 's'}: ${named.map((k) => `"${k}"`).join(', ')}; and ${rest}` : rest;
}

const TYPES: Record<number, string> = {
  400: 'invalid-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'too-many-requests',
  500: 'internal',
  503: 'unavailable',
};

export function problemResponse(p: HttpProblem): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: p.status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({
      type: `https://burgernet.nl/problems/${TYPES[p.status] ?? 'error'}`,
      title: p.title,
      status: p.status,
      detail: p.detail,
      ...(p.errors.length > 0 ? { errors: p.errors } : {}),
    }),
  };
}
