// Maps what an AWS messaging call threw to the port's ChannelError, so the delivery loop knows
// whether to back off (throttled), leave the recipient for redelivery (transient) or record a
// failure for good (permanent). The reason is built from the error's name/code and AWS's own
// reason enum only: SDK error messages can quote the phone number or endpoint ARN, so they are
// never copied, and the original error is not attached as `cause` (it would be logged with it).
import { ChannelError } from '#shared/ports/channel-sender';

type Kind = ChannelError['kind'];

const THROTTLED = new Set([
  'ThrottlingException', // End User Messaging
  'ThrottledException', // SNS
  'Throttled',
  'Throttling',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'SlowDown',
  'KMSThrottlingException', // SNS endpoint with an encrypted topic/app: the KMS quota, not ours
  'KmsThrottled',
]);

const TRANSIENT = new Set([
  'InternalServerException',
  'InternalErrorException',
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'AbortError',
  'NetworkingError',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

// Per message: sending the same request again can never succeed, so the recipient is recorded as
// failed. Errors of the account/configuration (AccessDenied, a missing origination identity or
// configuration set, a disabled platform application, KMS access, a spend limit) are deliberately
// NOT here: they fail every recipient alike, and once fixed a redelivery (or a dead-letter redrive)
// reaches them, so they count as transient and nothing is lost.
const PERMANENT = new Set([
  'InvalidParameter',
  'InvalidParameterException',
  'InvalidParameterValue',
  'InvalidParameterValueException',
  'EndpointDisabled',
  'EndpointDisabledException', // SNS: the app was uninstalled or the token expired
  'NotFound',
  'NotFoundException', // SNS: the platform endpoint was deleted
  'OptedOut',
  'OptedOutException',
]);

// End User Messaging ValidationException reasons that concern the destination. All others
// (SENDER_ID_NOT_REGISTERED, INVALID_IDENTITY_FOR_DESTINATION_COUNTRY, COUNTRY_NOT_ENABLED,
// VOICE_CAPABILITY_NOT_AVAILABLE, MAXIMUM_SIZE_EXCEEDED, OTHER, ...) are our account, set-up or
// request: they would fail every participant alike, so they are transient (retried, alarmed,
// dead-lettered) and never count against a participant.
const PERMANENT_VALIDATIONS = new Set(['DESTINATION_COUNTRY_BLOCKED']);
// Generic validation reasons, about the destination only when every field they name is the number.
const FIELD_VALIDATIONS = new Set(['FIELD_VALIDATION_FAILED', 'INVALID_PARAMETER', 'CANNOT_PARSE']);
const DESTINATION_FIELD = 'DestinationPhoneNumber';

// End User Messaging ConflictException reasons that concern the destination, not our set-up.
// (DESTINATION_PHONE_NUMBER_NOT_VERIFIED is the sandbox refusing an unverified number: set-up.)
const PERMANENT_CONFLICTS = new Set([
  'DESTINATION_PHONE_NUMBER_OPTED_OUT',
  'DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE',
  'DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION',
]);

// ServiceQuotaExceeded reasons about one destination (it has been called enough today).
const PERMANENT_QUOTAS = new Set(['DAILY_DESTINATION_CALL_LIMIT']);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  Reason?: unknown;
  Fields?: unknown;
  $fault?: unknown;
  $retryable?: { throttling?: unknown };
  $metadata?: { httpStatusCode?: unknown };
}

// Identifier-like values only: anything else (a number, an ARN, free text) is not echoed.
const CODE = /^[A-Za-z][A-Za-z0-9_.]{0,79}$/;
const ENUM = /^[A-Z][A-Z0-9_]{0,79}$/;
const GENERIC_NAMES = new Set(['Error', 'Unknown', 'UnknownError']);

function errorCode(e: ErrorShape): string | undefined {
  const candidates = [e.name, e.Code, e.code].filter((c): c is string => typeof c === 'string' && CODE.test(c));
  // Node network errors are plain `Error`s whose `code` says what happened.
  return candidates.find((c) => !GENERIC_NAMES.has(c)) ?? candidates[0];
}

/** Classifies an error thrown by an SNS or End User Messaging call; safe to log and store. */
export function toChannelError(err: unknown): ChannelError {
  if (err instanceof ChannelError) return err;
  if (typeof err !== 'object' || err === null) return new ChannelError('transient', 'UnknownError');
  const e = err as ErrorShape;
  const code = errorCode(e);
  const subReason = typeof e.Reason === 'string' && ENUM.test(e.Reason) ? e.Reason : undefined;
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const name = code && !GENERIC_NAMES.has(code) ? code : status ? `HTTP${status}` : (code ?? 'UnknownError');
  const reason = subReason ? `${name}:${subReason}` : name;
  return new ChannelError(classify(code, subReason, status, e), reason);
}

function classify(code: string | undefined, subReason: string | undefined, status: number | undefined, e: ErrorShape): Kind {
  if (code && THROTTLED.has(code)) return 'throttled';
  if (status === 429 || e.$retryable?.throttling === true) return 'throttled';
  if (code && TRANSIENT.has(code)) return 'transient';
  if (e.$fault === 'server' || (status !== undefined && status >= 500)) return 'transient';
  if (code && PERMANENT.has(code)) return 'permanent';
  if (code === 'ValidationException') return aboutDestination(subReason, e.Fields) ? 'permanent' : 'transient';
  if (code === 'ConflictException' && subReason && PERMANENT_CONFLICTS.has(subReason)) return 'permanent';
  if (code === 'ServiceQuotaExceededException' && subReason && PERMANENT_QUOTAS.has(subReason)) return 'permanent';
  // Anything unrecognised is retried: a redelivery costs little, a dropped alert does not.
  return 'transient';
}

/** Whether an End User Messaging ValidationException is about the number, not about our set-up. */
function aboutDestination(reason: string | undefined, fields: unknown): boolean {
  if (!reason) return false;
  if (PERMANENT_VALIDATIONS.has(reason)) return true;
  if (!FIELD_VALIDATIONS.has(reason) || !Array.isArray(fields) || fields.length === 0) return false;
  return fields.every((f: unknown) => typeof f === 'object' && f !== null && (f as { Name?: unknown }).Name === DESTINATION_FIELD);
}
