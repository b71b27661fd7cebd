// Contracts of the public feed: no token, nothing personal, areas rounded to ~100 m. The JSON
// shapes are documented here; the Atom and CAP 1.2 XML variants of the same routes are named in
// the descriptions (a contract has one content type per status).
import { z } from 'zod';
import { actionTypes, bulletinKinds, outcomes } from '#shared/domain/action';
import { publicFeedQuerySchema, publicFilePathSchema, type jsonFeed, type PublicAction, type PublicBulletin } from '#shared/domain/public-feed';
import { component, contracts, type Assert, type Documents } from './contract';

const timestamp = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time');
const coordinate = z.number().describe('Degrees, at most 3 decimals (~100 m)');

export const publicAreaSchema = component(
  'PublicArea',
  z
    .union([
      z.object({ center: z.object({ lat: coordinate, lon: coordinate }), radiusMeters: z.number().int().min(100).describe('Rounded up to 100 m') }),
      z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([coordinate, coordinate]))).describe('One closed ring of [lon, lat]') }),
    ])
    .meta({ description: 'The area, rounded so no single house can be singled out: a circle, or a GeoJSON Polygon (a polygon that rounding collapses is shown as a covering circle)' }),
);

export const publicBulletinSchema = component(
  'PublicBulletin',
  z.object({
    seq: z.int().min(0).describe('0 is the alert, then updates, then the end or cancel'),
    kind: z.enum(bulletinKinds),
    at: timestamp.describe('When it went public'),
    text: z.string().describe('The public text; an end starts with its outcome'),
    outcome: z.enum(outcomes).optional(),
    area: publicAreaSchema.optional().describe('On an update that moved the area'),
  }),
);

export const publicActionSchema = component(
  'PublicAction',
  z.object({
    id: z.string().describe('`act_` and a UUID'),
    type: z.enum(actionTypes),
    event: z.string().describe('The type in Dutch, as CAP `event`'),
    title: z.string(),
    headline: z.string().describe('The title with what happened last (Update, Beëindigd, Ingetrokken) and OEFENING for an exercise'),
    status: z.enum(['active', 'ended', 'cancelled']),
    exercise: z.boolean().describe('Exercises are never listed, only reachable by id'),
    startedAt: timestamp,
    updatedAt: timestamp,
    endedAt: timestamp.nullable(),
    outcome: z.enum(outcomes).nullable(),
    text: z.string().describe('The latest public text'),
    area: publicAreaSchema,
    bulletins: z.array(publicBulletinSchema).readonly(),
    links: z.object({
      self: z.url().describe('This item as JSON'),
      cap: z.url().describe('The latest CAP 1.2 message of this action'),
      whatsapp: z.url().describe('https://wa.me/?text= with the headline and the link filled in'),
    }),
  }),
);

export const publicFeedSchema = component(
  'PublicFeed',
  z.object({
    title: z.string(),
    generatedAt: timestamp,
    links: z.object({ self: z.url(), atom: z.url() }),
    items: z.array(publicActionSchema).readonly().describe('Active actions and those ended or cancelled in the last 24 hours (per deployment), newest first; at most 100'),
  }),
);

type _Bulletin = Assert<Documents<typeof publicBulletinSchema, PublicBulletin>>;
type _Action = Assert<Documents<typeof publicActionSchema, PublicAction>>;
type _Feed = Assert<Documents<typeof publicFeedSchema, ReturnType<typeof jsonFeed>>>;

export const publicContracts = contracts({
  publicActions: {
    summary: 'Public feed',
    description:
      'No token. Active actions and those ended or cancelled recently, newest first, without personal data and with areas rounded to ~100 m. JSON by default; Atom (`application/atom+xml`, with GeoRSS areas) with `Accept: application/atom+xml` or `?format=atom`. Exercises and actions awaiting approval are never listed.',
    tags: ['public'],
    query: publicFeedQuerySchema,
    headers: z.object({ accept: z.string().optional().describe('`application/atom+xml` for Atom') }),
    responses: { 200: { description: 'The feed (JSON; Atom on request)', schema: publicFeedSchema } },
    examples: [
      { name: 'json', summary: 'The feed as JSON', status: 200 },
      { name: 'badFormat', summary: 'An unknown format', query: { format: 'rss' }, status: 400 },
    ],
  },
  publicAction: {
    summary: 'One public action',
    description:
      'No token. `{file}` is an action id for the JSON item, or the id with `.cap` for the latest OASIS CAP 1.2 message (`application/cap+xml`: Alert, Update, or Cancel with references to the earlier messages; status Exercise for exercises). Actions awaiting approval, and ones closed longer ago than the feed keeps them, are not found.',
    tags: ['public'],
    path: publicFilePathSchema,
    responses: { 200: { description: 'The action (JSON; CAP XML for `.cap`)', schema: publicActionSchema }, 404: { problem: 'No public action with this id' } },
    examples: [
      { name: 'item', summary: 'A running action', path: { file: '{{createAction.circle.id}}' }, status: 200 },
      { name: 'unknown', summary: 'No such action', path: { file: 'act_00000000-0000-4000-8000-000000000000.cap' }, status: 404 },
      { name: 'badFile', summary: 'Neither an id nor an id with .cap', path: { file: 'act_1.xml' }, status: 400 },
    ],
  },
});
