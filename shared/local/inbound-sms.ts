// POST /_local/inbound-sms {"from":"+316…","text":"STOP"}: an SMS to the Burgernet number, as
// End User Messaging would publish it to the `inbound` queue in AWS.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { json } from '#shared/http/http-handler';
import { HttpProblem, problemResponse } from '#shared/http/problem';
import type { Queue } from '#shared/ports/queue';
import type { LocalRoute } from './http-server';

const bodySchema = z.object({ from: z.string().min(3).max(32), text: z.string().max(1600) }).strict();

export const inboundSmsRoute =
  (queue: Queue): LocalRoute =>
  async (method, url, body) => {
    if (url.pathname !== '/_local/inbound-sms' || method !== 'POST') return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(await body());
    } catch {
      return problemResponse(HttpProblem.invalid([{ field: 'body', message: 'malformed JSON' }]));
    }
    const parsed = bodySchema.safeParse(raw);
    if (!parsed.success) return problemResponse(HttpProblem.fromZod(parsed.error, ''));
    await queue.send('inbound', [{ originationNumber: parsed.data.from, messageBody: parsed.data.text, destinationNumber: 'local', inboundMessageId: randomUUID() }]);
    return json(202, { queued: true });
  };
