// Classification of AWS errors into the port's kinds, and that no personal data survives it.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { EndpointDisabledException, InvalidParameterException, NotFoundException, PlatformApplicationDisabledException, ThrottledException } from '@aws-sdk/client-sns';
import { ChannelError } from '#shared/ports/channel-sender';
import { toChannelError } from '#shared/adapters/aws/provider-errors';

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
const PHONE = '+31612345678';
const ARN = 'arn:aws:sns:eu-west-1:123456789012:endpoint/APNS/burgernet/0f2b9c1e-aaaa-bbbb-cccc-1234567890ab';
const netError = (code: string) => Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code });
const named = (name: string, extra: object = {}) => Object.assign(new Error('boom'), { name }, extra);

describe('toChannelError', () => {
  it.each([
    ['EUM ThrottlingException', new ThrottlingException({ message: 'slow down', ...meta(400) }), 'ThrottlingException'],
    ['SNS ThrottledException', new ThrottledException({ message: 'slow down', ...meta(400) }), 'ThrottledException'],
    ['TooManyRequestsException', named('TooManyRequestsException', meta(429)), 'TooManyRequestsException'],
    ['Throttled', named('Throttled'), 'Throttled'],
    ['an unnamed 429', named('Error', meta(429)), 'HTTP429'],
  ])('%s is throttled', (_label, err, reason) => {
    expect(toChannelError(err)).toMatchObject({ kind: 'throttled', reason });
  });

  it.each([
    ['InternalServerException', new InternalServerException({ message: 'oops', ...meta(500) }), 'InternalServerException'],
    ['ServiceUnavailable', named('ServiceUnavailable', meta(503)), 'ServiceUnavailable'],
    ['SDK TimeoutError', named('TimeoutError'), 'TimeoutError'],
    ['ECONNRESET', netError('ECONNRESET'), 'ECONNRESET'],
    ['ETIMEDOUT', netError('ETIMEDOUT'), 'ETIMEDOUT'],
    ['an unnamed 502', named('Unknown', meta(502)), 'HTTP502'],
    ['a server fault with an unknown name', named('WeirdServerThing', { $fault: 'server', ...meta(400) }), 'WeirdServerThing'],
    ['a non-error', 'something odd', 'UnknownError'],
  ])('%s is transient', (_label, err, reason) => {
    expect(toChannelError(err)).toMatchObject({ kind: 'transient', reason });
  });

  it.each([
    [
      'a destination country AWS blocks',
      new ValidationException({ message: 'blocked', Reason: 'DESTINATION_COUNTRY_BLOCKED', ...meta(400) }),
      'ValidationException:DESTINATION_COUNTRY_BLOCKED',
    ],
    [
      'an invalid destination number',
      new ValidationException({ message: 'bad', Reason: 'FIELD_VALIDATION_FAILED', Fields: [{ Name: 'DestinationPhoneNumber', Message: 'bad' }], ...meta(400) }),
      'ValidationException:FIELD_VALIDATION_FAILED',
    ],
    ['SNS InvalidParameter', new InvalidParameterException({ message: 'bad', ...meta(400) }), 'InvalidParameterException'],
    ['SNS EndpointDisabled', new EndpointDisabledException({ message: 'Endpoint is disabled', ...meta(400) }), 'EndpointDisabledException'],
    ['SNS NotFound (endpoint deleted)', new NotFoundException({ message: 'gone', ...meta(404) }), 'NotFoundException'],
    [
      'an opted-out number',
      new ConflictException({ message: 'opted out', Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT', ...meta(409) }),
      'ConflictException:DESTINATION_PHONE_NUMBER_OPTED_OUT',
    ],
    [
      'the daily call limit of one destination',
      new ServiceQuotaExceededException({ message: 'limit', Reason: 'DAILY_DESTINATION_CALL_LIMIT', ...meta(402) }),
      'ServiceQuotaExceededException:DAILY_DESTINATION_CALL_LIMIT',
    ],
  ])('%s is permanent', (_label, err, reason) => {
    expect(toChannelError(err)).toMatchObject({ kind: 'permanent', reason });
  });

  // These fail every recipient alike and heal once the set-up is fixed: redelivery, not a drop.
  it.each([
    ['AccessDenied', new AccessDeniedException({ message: 'no', ...meta(403) })],
    ['a missing origination identity', new ResourceNotFoundException({ message: 'no such pool', ResourceType: 'pool', ...meta(404) })],
    ['a monthly spend limit', new ServiceQuotaExceededException({ message: 'limit', Reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT', ...meta(402) })],
    ['a disabled platform application', new PlatformApplicationDisabledException({ message: 'disabled', ...meta(400) })],
    ['a conflict in our own configuration', new ConflictException({ message: 'x', Reason: 'NO_ORIGINATION_IDENTITIES_FOUND', ...meta(409) })],
    ["the sandbox's unverified destination", new ConflictException({ message: 'x', Reason: 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED', ...meta(409) })],
    ['an unregistered sender id', new ValidationException({ message: 'x', Reason: 'SENDER_ID_NOT_REGISTERED', ...meta(400) })],
    ['an identity that may not send to the country', new ValidationException({ message: 'x', Reason: 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY', ...meta(400) })],
    ['a number without voice', new ValidationException({ message: 'x', Reason: 'VOICE_CAPABILITY_NOT_AVAILABLE', ...meta(400) })],
    ['a message too long', new ValidationException({ message: 'x', Reason: 'MAXIMUM_SIZE_EXCEEDED', ...meta(400) })],
    ['an invalid field of our request', new ValidationException({ message: 'x', Reason: 'FIELD_VALIDATION_FAILED', Fields: [{ Name: 'ConfigurationSetName', Message: 'x' }], ...meta(400) })],
    ['an invalid parameter naming no field', new ValidationException({ message: 'x', Reason: 'INVALID_PARAMETER', ...meta(400) })],
    ['a validation error without a reason', new ValidationException({ message: 'x', ...meta(400) })],
  ])('%s (configuration, not the message) is transient', (_label, err) => {
    expect(toChannelError(err).kind).toBe('transient');
  });

  it('passes a ChannelError through unchanged', () => {
    const original = new ChannelError('permanent', 'already-classified');
    expect(toChannelError(original)).toBe(original);
  });

  it('never carries the number or endpoint from the provider error', () => {
    const leaks = [
      new ValidationException({ message: `Invalid DestinationPhoneNumber ${PHONE}`, Reason: 'INVALID_PARAMETER', ...meta(400) }),
      new ConflictException({ message: `${PHONE} opted out`, Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT', ResourceId: PHONE, ...meta(409) }),
      new EndpointDisabledException({ message: `Endpoint ${ARN} is disabled`, ...meta(400) }),
      named(PHONE),
      named('Error', { code: ARN, Reason: PHONE }),
    ];
    for (const err of leaks) {
      const mapped = toChannelError(err);
      const shown = [mapped.message, mapped.reason, mapped.stack ?? '', inspect(mapped), JSON.stringify(mapped)].join('\n');
      expect(shown).not.toContain(PHONE);
      expect(shown).not.toContain('612345678');
      expect(shown).not.toContain(ARN);
      expect(shown).not.toContain('0f2b9c1e');
      expect(mapped.cause).toBeUndefined();
    }
  });
});
