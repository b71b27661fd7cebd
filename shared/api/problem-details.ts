// The one error shape of the API (RFC 9457 problem details), documented once as a component and
// referred to by every error response. shared/http/problem.ts writes it.
import { z } from 'zod';
import { component } from './contract';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const fieldErrorSchema = z.object({
  field: z.string().describe('Where the problem is: `path.id`, `query.limit`, a body path such as `messages.sms`, or a header name'),
  message: z.string().describe('What is wrong with it'),
});

export const problemSchema = component(
  'Problem',
  z
    .object({
      type: z.url().describe('Identifies the kind of problem: https://burgernet.nl/problems/{invalid-request|unauthenticated|forbidden|not-found|conflict|too-large|unsupported-media-type|unprocessable|internal}'),
      title: z.string().describe('Short, the same for every problem of this type'),
      status: z.int().min(400).max(599).describe('The HTTP status, repeated'),
      detail: z.string().describe('This occurrence: every offending field with its message, or what happened'),
      errors: z.array(fieldErrorSchema).optional().describe('Each offending field; absent when the problem is not about a field'),
    })
    .meta({ description: 'RFC 9457 problem details. Bad input is always a 4xx naming each offending field; nothing is stored.' }),
);
export type ProblemDetails = z.infer<typeof problemSchema>;
