// An action as the operator starts it: what happened, where, and what each channel says.
import { z } from 'zod';
import { channels, type Channel } from '#shared/domain/vocabulary';
import { areaSchema, type Area } from './area';
import { DEFAULT_SMS_MAX_SEGMENTS, smsBudgetIssue } from './sms-encoding';
import { spokenText, text, wellFormed } from './text';

/** An exercise says so first on every channel; the SMS budget counts this prefix too. */
export const EXERCISE_PREFIX = 'OEFENING ';

/** Path parameter of every /actions/{id} route: ids are `act_` and a UUID. */
export const actionPathSchema = z.object({ id: z.string().regex(/^act_[0-9a-f-]{36}$/, 'not an action id') });

export const actionTypes = ['heterdaad', 'vermissing', 'vermist-kind', 'overig'] as const;
export type ActionType = (typeof actionTypes)[number];

/** Texts are bounded by what each channel can carry; the SMS limit is in segments. */
export const LIMITS = {
  title: 120,
  descriptionText: 2_000,
  field: 200,
  smsSegments: 3,
  voiceChars: 1_500,
  pushTitle: 65,
  pushBody: 240,
  followUpText: 1_000,
  correctionText: 300,
} as const;

const field = text(LIMITS.field);

const person = z
  .object({
    name: field,
    age: field,
    gender: field,
    height: field,
    build: field,
    hair: field,
    clothing: field,
    features: field,
  })
  .partial()
  .strict();

const vehicle = z
  .object({ make: field, model: field, color: field, licensePlate: field, direction: field })
  .partial()
  .strict();

const channelTexts = z
  .object({
    sms: wellFormed(z.string().trim().min(1)).optional(),
    voice: spokenText(LIMITS.voiceChars).optional(),
    push: z
      .object({ title: text(LIMITS.pushTitle), body: text(LIMITS.pushBody) })
      .strict()
      .optional(),
  })
  .strict();
export type ChannelTexts = z.infer<typeof channelTexts>;

const channelList = z
  .array(z.enum(channels))
  .min(1, 'choose at least one channel')
  .refine((c) => new Set(c).size === c.length, 'a channel is listed twice');

/** The SMS as it will go out (exercise prefix included) must fit the deployment's segment budget. */
function checkSms(sms: string | undefined, exercise: boolean, maxSegments: number, ctx: z.RefinementCtx, path: (string | number)[]) {
  if (sms === undefined) return;
  const issue = smsBudgetIssue(exercise ? `${EXERCISE_PREFIX}${sms}` : sms, maxSegments);
  if (issue) ctx.addIssue({ code: 'custom', path, message: issue });
}

const createActionFields = z
  .object({
    type: z.enum(actionTypes),
    title: text(LIMITS.title),
    description: z
      .object({
        text: text(LIMITS.descriptionText),
        person: person.optional(),
        vehicle: vehicle.optional(),
      })
      .strict(),
    area: areaSchema,
    channels: channelList,
    messages: channelTexts,
    exercise: z.boolean().default(false),
  })
  .strict();

const withBudget = (maxSegments: number) =>
  createActionFields.superRefine((a, ctx) => {
    for (const channel of a.channels) {
      if (a.messages[channel] === undefined) ctx.addIssue({ code: 'custom', path: ['messages', channel], message: `required because channels include ${channel}` });
    }
    checkSms(a.messages.sms, a.exercise, maxSegments, ctx, ['messages', 'sms']);
  });

const budgeted = new Map<number, ReturnType<typeof withBudget>>();

/** The body of POST /actions (and its preview) under a deployment's SMS segment budget. */
export function createActionSchemaFor(maxSegments: number): ReturnType<typeof withBudget> {
  let schema = budgeted.get(maxSegments);
  if (!schema) budgeted.set(maxSegments, (schema = withBudget(maxSegments)));
  return schema;
}

/**
 * The body of POST /actions under the default SMS budget: the contract the API documents.
 * Handlers validate with `createActionSchemaFor(settings.smsMaxSegments)`.
 */
export const createActionSchema = createActionSchemaFor(DEFAULT_SMS_MAX_SEGMENTS);

export type CreateActionInput = z.infer<typeof createActionSchema>;

export const outcomes = ['aangehouden', 'gevonden', 'niet-gevonden', 'overig'] as const;
export type Outcome = (typeof outcomes)[number];

/**
 * Follow-up messages (update, end, cancel) carry one public `text`; each channel sends that text
 * unless `messages` gives a channel its own wording. `channels` defaults to the alert's channels.
 * The exercise prefix is not known here, so the SMS budget is checked again by the domain.
 * `text` is spoken when the voice channel has no own wording, so it is checked as voice text.
 */
const followUpFields = {
  text: spokenText(LIMITS.followUpText),
  channels: channelList.optional(),
  messages: channelTexts.default({}),
};

export const updateActionSchema = z
  .object({ ...followUpFields, area: areaSchema.optional() })
  .strict();
export type UpdateActionInput = z.infer<typeof updateActionSchema>;

export const endActionSchema = z
  .object({ ...followUpFields, outcome: z.enum(outcomes) })
  .strict();
export type EndActionInput = z.infer<typeof endActionSchema>;

export const cancelActionSchema = z
  .object({ ...followUpFields, text: spokenText(LIMITS.correctionText) })
  .strict();
export type CancelActionInput = z.infer<typeof cancelActionSchema>;

export const actionStatuses = ['awaiting-approval', 'active', 'ended', 'cancelled'] as const;
export type ActionStatus = (typeof actionStatuses)[number];
export const bulletinKinds = ['alert', 'update', 'end', 'cancel'] as const;
export type BulletinKind = (typeof bulletinKinds)[number];

/**
 * One message of an action to its recipients, numbered by `seq` (0 is the alert). Recipients
 * get them in seq order; an update may move or widen the area, so the audience of a follow-up
 * is everyone inside any area the action has had up to it.
 */
export interface Bulletin {
  readonly seq: number;
  readonly kind: BulletinKind;
  readonly at: string;
  /** Operator who issued it (the creator for the alert). */
  readonly by: string;
  readonly channels: readonly Channel[];
  /** Complete for every channel in `channels`, before the exercise prefix. */
  readonly messages: ChannelTexts;
  /** Public text: the description for the alert, the update/closing/correction text after. */
  readonly text: string;
  /** The area from this bulletin on: always on the alert, on an update only when it moved. */
  readonly area?: Area;
  readonly outcome?: Outcome;
  /** When its fan-out was queued; unset while awaiting approval or if queueing crashed. */
  readonly dispatchedAt?: string;
  /** Hash of the request key that wrote it, so a retried request finds it instead of adding another. */
  readonly requestId?: string;
  /** Set when its area needed four eyes (an update): the reasons, and who released it when. */
  readonly approval?: Approval;
}

export interface Approval {
  /** Why four eyes are needed (e.g. "type vermist-kind", "radius 30 km over 25 km"). */
  readonly reasons: readonly string[];
  readonly by?: string;
  readonly at?: string;
}

export interface Action {
  readonly id: string;
  readonly type: ActionType;
  readonly title: string;
  readonly description: CreateActionInput['description'];
  /** The current area (the alert's, or the last update's that moved it). */
  readonly area: Area;
  readonly channels: readonly Channel[];
  /** The alert's channel texts. */
  readonly messages: ChannelTexts;
  readonly exercise: boolean;
  readonly status: ActionStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly approval?: Approval;
  /** An update whose area needs a second operator: outside `bulletins` (sent nowhere, shown nowhere public) until approved. */
  readonly heldUpdate?: Bulletin;
  readonly outcome?: Outcome;
  readonly endedAt?: string;
  /** In seq order; bulletins[0] is the alert. */
  readonly bulletins: readonly Bulletin[];
  /** Bumped on every change; writes are conditional on it. */
  readonly rev: number;
}
