// Contracts of the operator's /actions routes: the schemas their handlers validate with, what
// they answer, and examples that test/api sends to the local runtime.
import { z } from 'zod';
import { actionPathSchema, cancelActionSchema, createActionSchema, endActionSchema, updateActionSchema } from '#shared/domain/action';
import { IDEMPOTENCY_KEY_PATTERN } from '#shared/http/http-handler';
import { contracts, type RouteExample } from './contract';
import {
  actionApprovedSchema,
  actionCreatedSchema,
  actionPageSchema,
  actionPreviewSchema,
  actionViewSchema,
  bulletinCreatedSchema,
  timelineSchema,
} from './action-views';

/** GET /actions: page size and the opaque cursor from the previous page's `next`. */
export const listActionsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Actions per page'),
  cursor: z.string().max(2048).optional().describe('`next` of the previous page'),
});

const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(IDEMPOTENCY_KEY_PATTERN)
    .optional()
    .describe('1 to 128 visible ASCII characters, per operator. A retry with the same key returns the first answer; the same key with another body is refused (422).'),
});

/** The documented example action; `npm start` prints it as its demo curl too. */
export const circle = {
  type: 'heterdaad',
  title: 'Overval juwelier Oudegracht',
  description: { text: 'Man, ongeveer 1.85 m, donkere jas, vluchtte te voet richting Neude', person: { height: '1.85 m', clothing: 'donkere jas' } },
  area: { center: { lat: 52.0907, lon: 5.1214 }, radiusMeters: 1500 },
  channels: ['sms', 'voice', 'push'],
  messages: {
    sms: 'Burgernet: overval Oudegracht Utrecht. Gezocht: man, 1.85 m, donkere jas. Gezien? Bel 0800-0011.',
    voice: 'Dit is Burgernet. Bij een overval aan de Oudegracht in Utrecht zoekt de politie een man met een donkere jas.',
    push: { title: 'Burgernet: overval Utrecht', body: 'Gezocht: man, 1.85 m, donkere jas. Gezien? Bel 0800-0011.' },
  },
};
const polygon = {
  type: 'vermissing',
  title: 'Vermiste man Den Haag',
  description: { text: 'Man, 78 jaar, grijze jas, loopt met een stok' },
  area: { type: 'Polygon', coordinates: [[[4.28, 52.07], [4.32, 52.07], [4.32, 52.09], [4.28, 52.09], [4.28, 52.07]]] },
  channels: ['sms'],
  messages: { sms: 'Burgernet: vermist, man 78 jaar, grijze jas, loopt met stok. Gezien? Bel 112.' },
};
const missingChild = {
  type: 'vermist-kind',
  title: 'Vermist meisje Amersfoort',
  description: { text: 'Meisje, 8 jaar, rode jas', person: { age: '8', clothing: 'rode jas' } },
  area: { center: { lat: 52.1561, lon: 5.3878 }, radiusMeters: 3000 },
  channels: ['sms', 'push'],
  messages: { sms: 'Burgernet: vermist meisje, 8 jaar, rode jas. Gezien? Bel 112.', push: { title: 'Burgernet: vermist kind', body: 'Meisje, 8 jaar, rode jas. Gezien? Bel 112.' } },
};
const refused = {
  ...circle,
  area: { center: { lat: 48.85, lon: 2.35 }, radiusMeters: 0 },
  channels: ['sms', 'voice'],
  messages: { sms: circle.messages.sms },
};

/** An id that matches the pattern and was never issued. */
const UNKNOWN_ID = 'act_00000000-0000-4000-8000-000000000000';
const created = (example: string): Record<string, string> => ({ id: `{{createAction.${example}.id}}` });
const unknownAction: RouteExample = { name: 'unknown', summary: 'No such action', path: { id: UNKNOWN_ID }, status: 404 };

export const actionContracts = contracts({
  createAction: {
    summary: 'Start an action',
    description:
      'Stores the action and queues its fan-out to everyone inside the area on the chosen channels. Actions that need four eyes (a missing child, a very large area) are stored as `awaiting-approval` and fan out only after a second operator approves.',
    tags: ['actions'],
    headers: idempotencyHeaders,
    body: createActionSchema,
    responses: {
      201: { description: 'Created; fan-out is queued unless it awaits approval', schema: actionCreatedSchema, headers: { location: { description: 'The new action' } } },
      422: { problem: 'The Idempotency-Key was used before with another body' },
      409: { problem: 'A request with this Idempotency-Key is still being processed' },
    },
    examples: [
      { name: 'circle', summary: 'A robbery suspect around Utrecht Centraal, on every channel', body: circle, status: 201 },
      { name: 'polygon', summary: 'A missing man inside a polygon in Den Haag, SMS only', body: polygon, status: 201 },
      { name: 'missingChild', summary: 'A missing child: waits for a second operator', body: missingChild, as: { role: 'operator', sub: 'first-operator' }, status: 201 },
      { name: 'refused', summary: 'Outside the Netherlands, no radius, a channel without text: every field named', body: refused, status: 400 },
    ],
  },
  previewAction: {
    summary: 'Preview an action',
    description: 'What POST /actions with this body would do: recipients per channel and municipality, SMS segments, estimated time and cost, whether it needs approval. Sends and stores nothing.',
    tags: ['actions'],
    body: createActionSchema,
    responses: { 200: { description: 'The preview', schema: actionPreviewSchema } },
    examples: [
      { name: 'circle', summary: 'The Utrecht robbery before it is sent', body: circle, status: 200 },
      { name: 'refused', summary: 'Refused like POST /actions would be', body: refused, status: 400 },
    ],
  },
  approveAction: {
    summary: 'Approve an action',
    description:
      'A second operator releases an action held for four eyes, or an update held because its area needs four eyes (`heldUpdate`); its fan-out starts. The creator cannot approve their own action, nor the updater their own update.',
    tags: ['actions'],
    path: actionPathSchema,
    responses: {
      200: { description: 'Approved; the fan-out is queued', schema: actionApprovedSchema },
      404: { problem: 'No action with this id' },
      409: { problem: 'Neither the action nor an update of it awaits approval' },
    },
    examples: [
      { name: 'second', summary: 'Another operator approves', path: created('missingChild'), as: { role: 'operator', sub: 'second-operator' }, status: 200 },
      { name: 'own', summary: 'The creator may not approve', path: created('missingChild'), as: { role: 'operator', sub: 'first-operator' }, status: 403 },
    ],
  },
  updateAction: {
    summary: 'Send an update',
    description:
      'A new text, optionally a moved or wider area: to everyone alerted, and the alert first to everyone newly inside. `channels` defaults to the alert\'s; `messages` gives a channel its own wording. An area that would need four eyes at creation needs them here too: the update is held (answer with `approval.reasons`), sent nowhere, until a different operator calls POST /actions/{id}/approve; an end or cancel drops it.',
    tags: ['actions'],
    path: actionPathSchema,
    headers: idempotencyHeaders,
    body: updateActionSchema,
    responses: {
      201: { description: 'The update bulletin; its fan-out is queued, or it awaits approval (`approval`)', schema: bulletinCreatedSchema, headers: { location: { description: 'The action' } } },
      404: { problem: 'No action with this id' },
      409: { problem: 'The action has ended, was cancelled or awaits approval, or an earlier update awaits approval' },
      422: { problem: 'The Idempotency-Key was used before with another body' },
    },
    examples: [
      { name: 'moved', summary: 'Seen elsewhere; the area grows', path: created('circle'), body: { text: 'Man gezien bij het Muntgebouw, richting station', area: { center: { lat: 52.0907, lon: 5.1214 }, radiusMeters: 3000 } }, status: 201 },
      {
        name: 'heldForApproval',
        summary: 'Widened past the four-eyes limit: held, sent nowhere, until a second operator approves',
        path: created('polygon'),
        body: { text: 'Mogelijk met de auto richting Utrecht vertrokken', area: { center: { lat: 52.0907, lon: 5.1214 }, radiusMeters: 30_000 } },
        status: 201,
      },
      { ...unknownAction, body: { text: 'Update' } },
    ],
  },
  endAction: {
    summary: 'End an action',
    description: 'The outcome and a closing text, to everyone who got the alert. Nothing more is sent for this action afterwards.',
    tags: ['actions'],
    path: actionPathSchema,
    headers: idempotencyHeaders,
    body: endActionSchema,
    responses: {
      201: { description: 'The end bulletin; its fan-out is queued', schema: bulletinCreatedSchema, headers: { location: { description: 'The action' } } },
      404: { problem: 'No action with this id' },
      409: { problem: 'The action has already ended or was cancelled' },
      422: { problem: 'The Idempotency-Key was used before with another body' },
    },
    examples: [
      { name: 'arrested', summary: 'The suspect was arrested', path: created('circle'), body: { outcome: 'aangehouden', text: 'De verdachte is aangehouden. Dank voor uw hulp!' }, status: 201 },
      { name: 'again', summary: 'An ended action cannot end twice', path: { id: '{{endAction.arrested.id}}' }, body: { outcome: 'overig', text: 'Nogmaals' }, status: 409 },
      { name: 'noOutcome', summary: 'The outcome is required', path: created('circle'), body: { text: 'Klaar' }, status: 400 },
    ],
  },
  cancelAction: {
    summary: 'Cancel an action',
    description: 'Withdraws an action sent in error, without outcome, with a short correction (at most 300 characters) to everyone alerted.',
    tags: ['actions'],
    path: actionPathSchema,
    headers: idempotencyHeaders,
    body: cancelActionSchema,
    responses: {
      201: { description: 'The cancel bulletin; its fan-out is queued', schema: bulletinCreatedSchema, headers: { location: { description: 'The action' } } },
      404: { problem: 'No action with this id' },
      409: { problem: 'The action has already ended or was cancelled' },
      422: { problem: 'The Idempotency-Key was used before with another body' },
    },
    examples: [{ name: 'error', summary: 'Sent in error', path: created('polygon'), body: { text: 'Deze melding was onjuist. Excuses.' }, status: 201 }],
  },
  getAction: {
    summary: 'Show an action',
    description: 'Everything the operator entered, every bulletin, and live counts per bulletin and channel: targeted, queued, sent, failed, skipped, first and last send.',
    tags: ['actions'],
    path: actionPathSchema,
    responses: { 200: { description: 'The action', schema: actionViewSchema }, 404: { problem: 'No action with this id' } },
    examples: [
      { name: 'created', summary: 'A running action', path: created('circle'), status: 200 },
      unknownAction,
      { name: 'badId', summary: 'Not an action id', path: { id: 'nope' }, status: 400 },
    ],
  },
  listActions: {
    summary: 'List actions',
    description: 'Newest first, a page at a time.',
    tags: ['actions'],
    query: listActionsQuerySchema,
    responses: { 200: { description: 'A page of actions', schema: actionPageSchema } },
    examples: [
      { name: 'recent', summary: 'The 5 newest', query: { limit: '5' }, status: 200 },
      { name: 'badLimit', summary: 'A page size out of range', query: { limit: '1000' }, status: 400 },
    ],
  },
  actionTimeline: {
    summary: 'Timeline of an action',
    description: 'The audit trail, oldest first: every operator act and every fan-out step with its counts.',
    tags: ['actions'],
    path: actionPathSchema,
    responses: { 200: { description: 'The timeline', schema: timelineSchema }, 404: { problem: 'No action with this id' } },
    examples: [{ name: 'created', summary: 'Of a running action', path: created('circle'), status: 200 }, unknownAction],
  },
});
