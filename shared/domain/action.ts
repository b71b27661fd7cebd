// An action as the operator starts it: what happened, where, and what each channel says.
import { z } from 'zod';
import { channels, type Channel } from '#infra/topology';
import { areaSchema, type Area } from './area';
import { smsExcess } from './sms-encoding';
import { EXERCISE_PREFIX } from './render';

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
} as const;

const field = z.string().trim().min(1).max(LIMITS.field);

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

export const createActionSchema = z
  .object({
    type: z.enum(actionTypes),
    title: z.string().trim().min(1).max(LIMITS.title),
    description: z
      .object({
        text: z.string().trim().min(1).max(LIMITS.descriptionText),
        person: person.optional(),
        vehicle: vehicle.optional(),
      })
      .strict(),
    area: areaSchema,
    channels: z
      .array(z.enum(channels))
      .min(1, 'choose at least one channel')
      .refine((c) => new Set(c).size === c.length, 'a channel is listed twice'),
    messages: z
      .object({
        sms: z.string().trim().min(1).optional(),
        voice: z.string().trim().min(1).max(LIMITS.voiceChars).optional(),
        push: z
          .object({ title: z.string().trim().min(1).max(LIMITS.pushTitle), body: z.string().trim().min(1).max(LIMITS.pushBody) })
          .strict()
          .optional(),
      })
      .strict(),
    exercise: z.boolean().default(false),
  })
  .strict()
  .superRefine((a, ctx) => {
    for (const channel of a.channels) {
      if (a.messages[channel] === undefined) ctx.addIssue({ code: 'custom', path: ['messages', channel], message: `required because channels include ${channel}` });
    }
    if (a.messages.sms !== undefined) {
      const text = a.exercise ? `${EXERCISE_PREFIX}${a.messages.sms}` : a.messages.sms;
      const excess = smsExcess(text, LIMITS.smsSegments);
      if (excess > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['messages', 'sms'],
          message: `longer than ${LIMITS.smsSegments} SMS segments: ${excess} characters must go`,
        });
      }
    }
  });

export type CreateActionInput = z.infer<typeof createActionSchema>;

export interface Action {
  readonly id: string;
  readonly type: ActionType;
  readonly title: string;
  readonly description: CreateActionInput['description'];
  readonly area: Area;
  readonly channels: readonly Channel[];
  readonly messages: CreateActionInput['messages'];
  readonly exercise: boolean;
  readonly status: 'active';
  readonly createdAt: string;
  readonly createdBy: string;
  readonly dispatchedAt?: string;
}
