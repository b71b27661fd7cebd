// Contracts of the participants' own routes: sign-up, verify, manage with a fresh code, and the
// registration itself behind a manage token. Public at the gateway (no Cognito): a code or a
// manage token is the proof. Examples that need a real code show the refusal instead.
import { z } from 'zod';
import { signUpSchema, verifySchema } from '#shared/domain/registration';
import { manageCodeSchema, manageTokenSchema, participantPatchSchema, participantPathSchema, type registrationView } from '#shared/domain/participant-manage';
import { weekdays } from '#shared/domain/time-window';
import { component, contracts, type Assert, type Documents } from './contract';

const participantId = z.string().describe('`p_` and 24 hex digits');
const manageHeaders = z.object({ authorization: z.string().describe('`Bearer <token>` from POST /participants/manage-token') });

export const registrationSchema = component(
  'Registration',
  z.object({
    id: participantId,
    status: z.enum(['active', 'pending', 'stopped', 'deactivated']),
    phone: z.string().nullable().describe('E.164; only ever shown to its owner'),
    channels: z.array(z.enum(['sms', 'voice', 'push'])).readonly(),
    language: z.enum(['nl', 'en']),
    exerciseOptIn: z.boolean(),
    addresses: z
      .array(
        z.object({
          slot: z.string(),
          label: z.string().optional(),
          postcode: z.string(),
          houseNumber: z.int(),
          addition: z.string().optional(),
          municipalityCode: z.string(),
          windows: z.array(z.object({ days: z.array(z.enum(weekdays)), from: z.string(), to: z.string() })).readonly().optional(),
        }),
      )
      .readonly(),
    updatedAt: z.string(),
  }),
);
export type RegistrationDocumented = Assert<Documents<typeof registrationSchema, ReturnType<typeof registrationView>>>;

const NOBODY = 'p_000000000000000000000000';
const signUp = { phone: '06 1234 5678', postcode: '3511 AA', houseNumber: 12, channels: ['sms', 'voice'], language: 'nl' };

export const participantContracts = contracts({
  signUp: {
    summary: 'Sign up',
    description:
      'Number, address, channels. A 6-digit code goes to the number (SMS to a mobile, a call to a landline). The answer is the same for a number already registered, so it reveals nobody. At most 3 codes per number, 10 per number range and 10 per client address an hour.',
    tags: ['participants'],
    body: signUpSchema,
    responses: {
      201: { description: 'Pending until verified', schema: z.object({ id: participantId, status: z.literal('pending'), next: z.string() }), headers: { location: { description: 'The registration' } } },
      429: { problem: 'Too many codes for this number, its range or this client; try again in an hour' },
    },
    examples: [
      { name: 'mobile', summary: 'A mobile number in Utrecht, SMS and voice', body: signUp, status: 201 },
      { name: 'landline', summary: 'A landline cannot take SMS', body: { ...signUp, phone: '030 123 4567' }, status: 400, refusedBy: 'the number type is known only after parsing it' },
      { name: 'malformed', summary: 'No such postcode format, no channels', body: { ...signUp, postcode: 'Utrecht', channels: [] }, status: 400 },
    ],
  },
  verifyParticipant: {
    summary: 'Verify a sign-up',
    description: 'The code from the SMS or call makes the sign-up active. Codes expire after 15 minutes and allow 5 attempts.',
    tags: ['participants'],
    path: participantPathSchema,
    body: verifySchema,
    responses: {
      200: { description: 'Active', schema: z.object({ id: participantId, status: z.literal('active') }) },
      429: { problem: 'Five wrong attempts: ask for a new code' },
    },
    successNeeds: 'the code sent to the phone',
    examples: [
      { name: 'wrong', summary: 'A wrong or expired code', path: { id: NOBODY }, body: { code: '000000' }, status: 400, refusedBy: 'only the stored hash knows the code' },
      { name: 'malformed', summary: 'Not six digits', path: { id: NOBODY }, body: { code: '12-34' }, status: 400 },
    ],
  },
  requestManageCode: {
    summary: 'Ask for a manage code',
    description: 'Sends a code to the number if it belongs to an active participant. Always 202: whether a number is registered is not told.',
    tags: ['participants'],
    body: manageCodeSchema,
    responses: { 202: { description: 'A code was sent if the number is registered', schema: z.object({ next: z.string() }) }, 429: { problem: 'Too many codes' } },
    examples: [{ name: 'any', summary: 'The same answer for every valid number', body: { phone: '06 1234 9999' }, status: 202 }],
  },
  issueManageToken: {
    summary: 'Get a manage token',
    description: 'Number and code buy a token valid for 15 minutes, for GET, PATCH and DELETE /participants/{id}.',
    tags: ['participants'],
    body: manageTokenSchema,
    responses: {
      200: { description: 'The token', schema: z.object({ participantId, token: z.string(), expiresAt: z.string() }) },
      429: { problem: 'Five wrong attempts: ask for a new code' },
    },
    successNeeds: 'the code sent to the phone',
    examples: [{ name: 'wrong', summary: 'A wrong code', body: { phone: '06 1234 9999', code: '000000' }, status: 400, refusedBy: 'only the stored hash knows the code' }],
  },
  readRegistration: {
    successNeeds: 'a manage token, bought with the code sent to the phone',
    summary: 'Read your registration',
    tags: ['participants'],
    path: participantPathSchema,
    headers: manageHeaders,
    responses: { 200: { description: 'The registration', schema: registrationSchema }, 401: { problem: 'No or an expired manage token' }, 403: { problem: 'A token for another registration' }, 404: { problem: 'No such registration' } },
    examples: [{ name: 'noToken', summary: 'Without a manage token', path: { id: NOBODY }, status: 401 }],
  },
  changeRegistration: {
    successNeeds: 'a manage token, bought with the code sent to the phone',
    summary: 'Change your registration',
    description: 'Channels, language, exercise opt-in, and up to 5 addresses with optional weekly windows (Dutch local time); an address alerts only while a window is open.',
    tags: ['participants'],
    path: participantPathSchema,
    headers: manageHeaders,
    body: participantPatchSchema,
    responses: { 200: { description: 'The registration as it is now', schema: registrationSchema }, 401: { problem: 'No or an expired manage token' }, 403: { problem: 'A token for another registration' }, 404: { problem: 'No such registration' } },
    examples: [
      {
        name: 'noToken',
        summary: 'Without a manage token',
        path: { id: NOBODY },
        body: { addresses: [{ label: 'werk', postcode: '3512AA', houseNumber: 3, windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }] }] },
        status: 401,
      },
    ],
  },
  eraseRegistration: {
    successNeeds: 'a manage token, bought with the code sent to the phone',
    summary: 'Erase your registration',
    description: 'Number, addresses and codes are erased at once (AVG); anything still queued for you is not sent.',
    tags: ['participants'],
    path: participantPathSchema,
    headers: manageHeaders,
    responses: { 204: { description: 'Erased' }, 401: { problem: 'No or an expired manage token' }, 403: { problem: 'A token for another registration' }, 404: { problem: 'No such registration' } },
    examples: [{ name: 'noToken', summary: 'Without a manage token', path: { id: NOBODY }, status: 401 }],
  },
});
