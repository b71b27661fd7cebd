// Amazon Location's batch calls (device positions, position history, geofences) answer per item
// in a 200: the call can succeed while the item failed. One handler for all of them: a failed call
// and a failed item both become a SanitizedAwsError named by the code alone, since a message
// could quote a position.
import { sanitized, SanitizedAwsError } from './sanitized-error';

interface BatchItemError {
  readonly Error?: { readonly Code?: string };
}

/**
 * Runs one batch call. With `missingIsDone`, an item the service does not know
 * (ResourceNotFoundError) counts as done: deleting what is already gone is no failure.
 */
export async function locationBatch(operation: string, call: () => Promise<{ Errors?: readonly BatchItemError[] }>, { missingIsDone = false } = {}): Promise<void> {
  let errors: readonly BatchItemError[];
  try {
    errors = (await call()).Errors ?? [];
  } catch (err) {
    throw sanitized(operation, err);
  }
  const failed = errors.find((e) => !(missingIsDone && e.Error?.Code === 'ResourceNotFoundError'));
  if (failed) throw new SanitizedAwsError(failed.Error?.Code ?? 'BatchItemError', operation);
}
