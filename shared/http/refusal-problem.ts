// Maps a refused request (a DomainError) to its HTTP answer: 400 invalid, 401 unauthorized,
// 403 forbidden, 404 unknown, 409 wrong state, 429 limited; the problem names the field.
// Anything else is not the caller's fault: the wrapper answers 500 for it.
import type { DomainError } from '#shared/domain/domain-error';
import { HttpProblem } from './problem';

const STATUS: Record<DomainError['kind'], number> = { invalid: 400, unauthorized: 401, forbidden: 403, 'not-found': 404, conflict: 409, limited: 429 } as const;
const TITLE = {
  invalid: 'Invalid request',
  unauthorized: 'Unauthenticated',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  conflict: 'Conflict',
  limited: 'Too many requests',
} as const;

/** The problem a domain refusal answers with; the HTTP wrapper applies it to every route. */
export function domainProblem(err: DomainError): HttpProblem {
  const field = err.field ?? (err.kind === 'not-found' ? 'path.id' : undefined);
  return new HttpProblem(STATUS[err.kind], TITLE[err.kind], field ? `${field}: ${err.message}` : err.message, field ? [{ field, message: err.message }] : []);
}

/** The HTTP status of each kind of refusal, for the OpenAPI document and the tests. */
export const REFUSAL_STATUS = STATUS;
