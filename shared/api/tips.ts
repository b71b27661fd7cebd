// Contracts of tips: an app user sends one about an active action (device token), operators read
// them. A tip's position is the tipster's personal data: it is shown to operators only.
import { z } from 'zod';
import { actionPathSchema } from '#shared/domain/action';
import { listTipsQuerySchema, tipSchema, type TipView } from '#shared/domain/tips';
import { component, contracts, type Assert, type Documents } from './contract';

const timestamp = z.iso.datetime({ offset: true });
const deviceHeaders = z.object({ authorization: z.string().describe('`Bearer <deviceToken>` from POST /devices') });
const UNKNOWN = 'act_00000000-0000-4000-8000-000000000000';
const deviceToken = 'Bearer {{registerDevice.ios.deviceToken}}';

export const tipViewSchema = component(
  'Tip',
  z.object({
    id: z.string().describe('`tip_` and a UUID'),
    at: timestamp,
    text: z.string(),
    tipster: z.string().describe('The same for every tip of one app install about this action; traces to nobody'),
    position: z.object({ lat: z.number(), lon: z.number() }).optional().describe('Where the tipster saw it'),
    photo: z.object({ contentType: z.string(), bytes: z.int(), url: z.url().describe('Works for 5 minutes'), expiresAt: timestamp }).optional(),
  }),
);
export type TipDocumented = Assert<Documents<typeof tipViewSchema, TipView>>;

export const tipContracts = contracts({
  createTip: {
    summary: 'Send a tip',
    description:
      'While the action is active: a text, optionally where, optionally a photo (JPEG, PNG, HEIC or WebP up to 10 MB). With a photo the answer holds a URL to PUT it to within 5 minutes, with exactly the headers given. At most 5 tips per app install per action in 10 minutes (per deployment).',
    tags: ['app'],
    path: actionPathSchema,
    headers: deviceHeaders,
    body: tipSchema,
    responses: {
      201: {
        description: 'Taken',
        schema: z.object({
          id: z.string(),
          at: timestamp,
          upload: z.object({ url: z.url(), method: z.literal('PUT'), headers: z.record(z.string(), z.string()), expiresAt: timestamp }).optional().describe('Only with a photo'),
        }),
      },
      401: { problem: 'No device token, or not a valid one' },
      404: { problem: 'No such action' },
      409: { problem: 'The action has ended or was cancelled' },
      429: { problem: 'Too many tips about this action from this install or this address; Retry-After says when to try again' },
    },
    examples: [
      { name: 'seen', summary: 'Seen at the Neude, with a photo', path: { id: '{{createAction.circle.id}}' }, headers: { authorization: deviceToken }, body: { text: 'Man in donkere jas liep richting Neude', position: { lat: 52.0931, lon: 5.1189 }, photo: { contentType: 'image/jpeg', bytes: 240_000 } }, status: 201 },
      { name: 'empty', summary: 'No text', path: { id: '{{createAction.circle.id}}' }, headers: { authorization: deviceToken }, body: { text: ' ' }, status: 400 },
      { name: 'unknown', summary: 'An action that does not exist', path: { id: UNKNOWN }, headers: { authorization: deviceToken }, body: { text: 'Gezien' }, status: 404 },
      { name: 'noToken', summary: 'Without a device token', path: { id: UNKNOWN }, body: { text: 'Gezien' }, status: 401 },
    ],
  },
  listTips: {
    summary: "An action's tips",
    description: 'Newest first, with the tipster\'s position and short-lived photo links. Page with `next`.',
    tags: ['actions'],
    path: actionPathSchema,
    query: listTipsQuerySchema,
    responses: {
      200: { description: 'A page of tips', schema: z.object({ items: z.array(tipViewSchema).readonly(), next: z.string().nullable().describe('Pass as `cursor` for the next page') }) },
      404: { problem: 'No such action' },
    },
    examples: [
      { name: 'page', summary: 'The newest tips', path: { id: '{{createAction.circle.id}}' }, query: { limit: '20' }, status: 200 },
      { name: 'unknown', summary: 'An action that does not exist', path: { id: UNKNOWN }, status: 404 },
    ],
  },
});
