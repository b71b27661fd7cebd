// What the operator routes answer, as zod schemas: documented in the OpenAPI document, checked
// against real answers by test/api, and parsed by the CLI. Field schemas are taken from the
// request schemas where the answer repeats what the operator sent.
import { z } from 'zod';
import { channels } from '#infra/topology';
import { actionStatuses, bulletinKinds, createActionSchema, outcomes } from '#shared/domain/action';
import { circleSchema, polygonSchema } from '#shared/domain/area';
import type { actionSummary, actionView, bulletinView } from '#shared/domain/action-view';
import type { TimelineEntry } from '#shared/ports/timeline-store';
import type { ActionPreview } from '#shared/domain/preview';
import { component, type Assert, type Documents } from './contract';

const count = z.int().min(0);
const timestamp = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time');
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();
const channel = z.enum(channels);
const perChannel = <T extends z.ZodType>(value: T) => z.object(Object.fromEntries(channels.map((c) => [c, value.optional()])) as Record<(typeof channels)[number], z.ZodOptional<T>>);

export const actionIdSchema = z.string().regex(/^act_[0-9a-f-]{36}$/).describe('`act_` and a UUID');

/** An area as the API shows it: what the operator sent, a circle or a GeoJSON Polygon. */
export const areaViewSchema = component('Area', z.union([component('Circle', circleSchema), component('Polygon', polygonSchema)]).meta({ description: 'A circle (centre and radius) or a GeoJSON Polygon (one closed ring, no self-intersection, at most 1,000 vertices), inside the Netherlands or its border zone' }));

const { type, title, description, messages } = createActionSchema.shape;

export const channelCountsSchema = component(
  'ChannelCounts',
  z.object({
    targeted: count.describe('Selected inside the area for this channel'),
    queued: count.describe('Of those, handed to the channel queue'),
    sent: count,
    failed: count,
    skipped: count.describe('Deliberately not sent: superseded, no alert to follow up, action ended'),
    firstSentAt: timestamp.nullable(),
    lastSentAt: timestamp.nullable(),
  }),
);
const countsSchema = perChannel(channelCountsSchema).describe('Per channel of the action');

export const approvalSchema = component(
  'Approval',
  z.object({
    reasons: list(z.string()).describe('Why a second operator must approve'),
    by: z.string().optional().describe('The approving operator, once approved'),
    at: timestamp.optional(),
  }),
);

export const bulletinViewSchema = component(
  'Bulletin',
  z.object({
    seq: count.describe('0 is the alert, then updates, then the end or cancel'),
    kind: z.enum(bulletinKinds),
    at: timestamp,
    by: z.string().describe('Operator who issued it'),
    channels: list(channel),
    messages,
    text: z.string().describe('Public text: the description for the alert, the update, closing or correction text after'),
    area: areaViewSchema.optional().describe('The area from this bulletin on; on an update only when it moved'),
    outcome: z.enum(outcomes).optional(),
    dispatchedAt: timestamp.nullable().describe('When its fan-out was queued; null while awaiting approval'),
    approval: approvalSchema.optional().describe('On an update whose area needed a second operator'),
    counts: countsSchema.optional(),
  }),
);

export const actionSummarySchema = component(
  'ActionSummary',
  z.object({
    id: actionIdSchema,
    type,
    title,
    status: z.enum(actionStatuses),
    exercise: z.boolean(),
    channels: list(channel),
    createdAt: timestamp,
    outcome: z.enum(outcomes).optional(),
  }),
);

export const actionViewSchema = component(
  'Action',
  actionSummarySchema.extend({
    description,
    area: areaViewSchema,
    messages,
    createdBy: z.string(),
    approval: approvalSchema.nullable(),
    endedAt: timestamp.nullable(),
    dispatchedAt: timestamp.nullable().describe("When the alert's fan-out was queued"),
    counts: countsSchema.describe("The alert's counts per channel, the figure an operator watches first"),
    bulletins: list(bulletinViewSchema),
    heldUpdate: bulletinViewSchema.optional().describe('An update whose area awaits a second operator; sent nowhere until approved'),
  }),
);

export const actionCreatedSchema = component(
  'ActionCreated',
  z.object({
    id: actionIdSchema,
    status: z.enum(actionStatuses).describe('`awaiting-approval` when a second operator must approve first'),
    createdAt: timestamp,
    approval: z.object({ reasons: list(z.string()) }).optional(),
  }),
);

export const actionApprovedSchema = z.object({
  id: actionIdSchema,
  status: z.enum(actionStatuses),
  approval: approvalSchema.optional(),
  bulletin: bulletinViewSchema.optional().describe('The update released, when an update was held'),
});

export const bulletinCreatedSchema = component(
  'BulletinCreated',
  z.object({
    id: actionIdSchema,
    status: z.enum(actionStatuses),
    approval: z.object({ reasons: list(z.string()) }).optional().describe('Present when the update awaits a second operator (POST /actions/{id}/approve)'),
    bulletin: bulletinViewSchema,
  }),
);

export const actionPageSchema = z.object({
  items: list(actionSummarySchema),
  next: z.string().nullable().describe('Pass back as `cursor` for the next page; null on the last page'),
});

export const timelineEntrySchema = z.object({
  id: z.string().describe('Unique within the action and stable across retries of the same step'),
  at: timestamp,
  actor: z.string().describe('The operator for operator acts, `system` for fan-out steps'),
  kind: z.enum(['created', 'approval-requested', 'approved', 'updated', 'ended', 'cancelled', 'fanout-planned', 'fanout-selected']),
  seq: count.describe('The bulletin the entry belongs to'),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), list(z.string())])),
});
export const timelineSchema = z.object({ id: actionIdSchema, entries: list(timelineEntrySchema) });

const cost = z.object({ provider: z.number(), platform: z.number(), total: z.number() });
const channelPreview = { recipients: count, estimatedSeconds: z.number().min(0), cost };
export const actionPreviewSchema = component(
  'ActionPreview',
  z.object({
    exercise: z.boolean(),
    recipients: z.object({
      total: count.describe("Participants reached on at least one of the action's channels"),
      inArea: count,
      byChannel: perChannel(count),
      byMunicipality: list(z.object({ municipalityCode: z.string().nullable(), recipients: count, byChannel: perChannel(count) })),
    }),
    channels: z.object({
      sms: z
        .object({
          ...channelPreview,
          encoding: z.enum(['GSM-7', 'UCS-2']),
          segments: count,
          maxSegments: count,
          characters: count,
          units: count,
          perSegment: count,
          nonGsmCharacters: list(z.string()),
        })
        .optional(),
      voice: z.object({ ...channelPreview, estimatedCallSeconds: z.number().min(0), billedMinutesPerCall: z.number().min(0) }).optional(),
      push: z.object(channelPreview).optional(),
    }),
    cost: z.object({ currency: z.literal('USD'), total: z.number(), region: z.string(), pricesCheckedOn: z.string() }),
    approval: z.object({ required: z.boolean(), reasons: list(z.string()) }),
    warnings: list(z.string()),
    selection: z.object({ queryCalls: count, itemsRead: count, ms: z.number().min(0) }),
  }),
);

// The schemas must describe everything the handlers can answer; these fail to compile otherwise.
type _Summary = Assert<Documents<typeof actionSummarySchema, ReturnType<typeof actionSummary>>>;
type _View = Assert<Documents<typeof actionViewSchema, ReturnType<typeof actionView>>>;
type _Bulletin = Assert<Documents<typeof bulletinViewSchema, ReturnType<typeof bulletinView>>>;
type _Timeline = Assert<Documents<typeof timelineEntrySchema, Omit<TimelineEntry, 'actionId'>>>;
type _Preview = Assert<Documents<typeof actionPreviewSchema, ActionPreview>>;
