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

  static fromZod(error: z.ZodError, root: string): HttpProblem {
    return HttpProblem.invalid(
      error.issues.map((i) => ({ field: [root, ...i.path.map(String)].filter(Boolean).join('.') || root, message: i.message })),
    );
  }
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
