// AWS error messages can quote what was sent (a push token, an endpoint ARN, a position), and the
// handlers log unexpected errors with their message. Adapters that handle personal data rethrow
// through this: the error keeps its name (and so its meaning for retries), the message says only
// which call failed, and the original is not attached as `cause`.
export class SanitizedAwsError extends Error {
  constructor(
    name: string,
    readonly operation: string,
  ) {
    super(`${operation} failed: ${name}`);
    this.name = name;
  }
}

export const errorName = (err: unknown): string => (err instanceof Error ? err.name : 'UnknownError');

export function sanitized(operation: string, err: unknown): SanitizedAwsError {
  return new SanitizedAwsError(errorName(err), operation);
}
