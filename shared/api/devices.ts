// Contracts of the app's device routes: register for push, report the position, name saved
// places, leave. Public at the gateway (no Cognito): the device token POST /devices answers is
// the proof, and it must belong to the device in the path.
import { z } from 'zod';
import { devicePathSchema, placesSchema, positionSchema, registerDeviceSchema } from '#shared/domain/devices';
import type { SavedPlace } from '#shared/ports/device-store';
import { weekdays } from '#shared/domain/time-window';
import { component, contracts, type Assert, type Documents } from './contract';

const deviceId = z.string().describe('`dev_` and 32 hex digits');
const deviceHeaders = z.object({ authorization: z.string().describe('`Bearer <deviceToken>` from POST /devices') });
const NOBODY = 'dev_00000000000000000000000000000000';
const needsToken = 'the device token POST /devices answered for this same device';
const authProblems = {
  401: { problem: 'No device token, or not a valid one (the device was deleted, or the token is wrong)' },
  403: { problem: 'A valid device token of another device' },
} as const;

export const savedPlaceSchema = component(
  'SavedPlace',
  z.object({
    name: z.string(),
    lat: z.number(),
    lon: z.number(),
    windows: z.array(z.object({ days: z.array(z.enum(weekdays)), from: z.string(), to: z.string() })).readonly().optional().describe('Weekly, Dutch local time; none: always'),
  }),
);
export type SavedPlaceDocumented = Assert<Documents<typeof savedPlaceSchema, SavedPlace>>;

export const deviceContracts = contracts({
  registerDevice: {
    summary: 'Register an app install',
    description:
      'Platform, push token and language. Answers the device id and the device token, once: keep the token on the phone; only its hash is stored, and the push token is kept only by the push service. Registering the same push token again (a reinstalled app) retires the device that had it.',
    tags: ['app'],
    body: registerDeviceSchema,
    responses: {
      201: {
        description: 'Registered',
        schema: z.object({ id: deviceId, deviceToken: z.string().describe('`Bearer` token for the other device routes; shown only now') }),
        headers: { location: { description: 'The device' } },
      },
      429: { problem: 'Too many new installs from this address; Retry-After says when to try again' },
    },
    examples: [
      { name: 'ios', summary: 'An iPhone, Dutch', body: { platform: 'ios', pushToken: '8f3c2b1a'.repeat(8), language: 'nl' }, status: 201 },
      { name: 'android', summary: 'An Android phone, English, with exercises', body: { platform: 'android', pushToken: `fcm-${'a1B2_c3D4:'.repeat(15)}`, language: 'en', exerciseOptIn: true }, status: 201 },
      { name: 'malformed', summary: 'Not an APNs token', body: { platform: 'ios', pushToken: 'not-a-token' }, status: 400 },
    ],
  },
  deleteDevice: {
    summary: 'Delete an app install',
    description: 'Push endpoint, position history, last position and saved places are deleted at once; the device token stops working.',
    tags: ['app'],
    path: devicePathSchema,
    headers: deviceHeaders,
    responses: { 204: { description: 'Deleted' }, ...authProblems },
    successNeeds: needsToken,
    examples: [
      { name: 'noToken', summary: 'Without a device token', path: { id: NOBODY }, status: 401 },
      { name: 'badId', summary: 'Not a device id', path: { id: 'p_1' }, status: 400 },
    ],
  },
  putPosition: {
    summary: 'Report where the phone is',
    description:
      'Only this position is kept, and it counts for 2 hours after `at` (per deployment): the fan-out reaches the device while it is fresh, and entering an active action\'s area with it brings the alert (once per action). It must lie in the Netherlands or its border zone; a fix from the future or already stale is refused. Never logged.',
    tags: ['app'],
    path: devicePathSchema,
    headers: deviceHeaders,
    body: positionSchema,
    responses: { 200: { description: 'Kept', schema: z.object({ expiresAt: z.iso.datetime({ offset: true }).describe('When it stops counting') }) }, ...authProblems },
    successNeeds: needsToken,
    examples: [
      { name: 'noToken', summary: 'Without a device token', path: { id: NOBODY }, body: { lat: 52.0907, lon: 5.1214 }, status: 401 },
      { name: 'badId', summary: 'Not a device id', path: { id: 'nonsense' }, body: { lat: 52.0907, lon: 5.1214 }, status: 400 },
    ],
  },
  putPlaces: {
    summary: 'Set the saved places',
    description: 'Up to 5 named places, each with optional weekly windows (Dutch local time; a window starts inside and ends outside). They alert like addresses. The list replaces the previous one; an empty list removes them all.',
    tags: ['app'],
    path: devicePathSchema,
    headers: deviceHeaders,
    body: placesSchema,
    responses: { 200: { description: 'The places as they are now', schema: z.object({ places: z.array(savedPlaceSchema).readonly() }) }, ...authProblems },
    successNeeds: needsToken,
    examples: [
      {
        name: 'noToken',
        summary: 'Without a device token',
        path: { id: NOBODY },
        body: { places: [{ name: 'Werk', lat: 52.0894, lon: 5.1102, windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }] }] },
        status: 401,
      },
      { name: 'badId', summary: 'Not a device id', path: { id: 'nonsense' }, body: { places: [] }, status: 400 },
    ],
  },
});
