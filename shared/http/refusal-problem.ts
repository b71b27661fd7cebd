// Maps a refused request (a DomainError) to its HTTP answer: 400 invalid, 401 unauthorized,
// 403 forbidden, 404 unknown, 409 wrong state, 429 limited; the problem names the field.
// Anything else is not the caller's fault and is rethrown.
import { DomainError } from '#shared/domain/domain-error';
import { HttpProblem } from './problem';

const STATUS = { invalid: 400, unauthorized: 401, forbidden: 403, 'not-found': 404, conflict: 409, limited: 429 } as const;
const TITLE = {
  invalid: 'Invalid request',
  unauthorized: 'Unauthenticated',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  conflict: 'Conflict',
  limited: 'Too many requests',
} as const;

export async function asProblem<T>(act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const field = err.field ?? (err.kind === 'not-found' ? 'path.id' : undefined);
    throw new HttpProblem(STATUS[err.kind], TITLE[err.kind], field ? `${field}: ${err.message}` : err.message, field ? [{ field, message: err.message }] : []);
  }
}
