// POST /actions/{id}/tips — an app user tells the control room what they saw, while the action
// is active: text, optionally where, optionally a photo (uploaded afterwards to the URL answered).
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { authenticateDevice } from '#shared/http/device-auth';
import { asProblem } from '#shared/http/refusal-problem';
import { HttpProblem, problemResponse } from '#shared/http/problem';
import { actionPathSchema } from '#shared/domain/action';
import { createTip, tipRulesFrom, tipSchema } from '#shared/domain/tips';
import { actionStore, clock, deviceStore, photoStore, rateLimiter, tipStore } from '#shared/runtime/deps';
import { logger } from '#shared/runtime/logger';

export const handler = httpHandler('createTip', async (req) => {
  const { id } = parse(actionPathSchema, req.path, 'path');
  const device = await authenticateDevice(req, deviceStore());
  const input = parse(tipSchema, req.body, '');
  const rules = tipRulesFrom(process.env);
  const deps = { actions: actionStore(), tips: tipStore(), photos: photoStore(), limiter: rateLimiter(), clock: clock(), rules };
  try {
    const { tip, upload } = await asProblem(() => createTip(deps, id, device, input));
    // Ids and flags only: the text, position and photo are the tipster's.
    logger.info('tip received', { actionId: id, tipId: tip.id, position: tip.position !== undefined, photo: tip.photo !== undefined });
    return json(201, { id: tip.id, at: tip.at, ...(upload ? { upload } : {}) }, { 'cache-control': 'no-store' });
  } catch (err) {
    if (!(err instanceof HttpProblem) || err.status !== 429) throw err;
    const res = problemResponse(err);
    return { ...res, headers: { ...res.headers, 'retry-after': String(rules.windowSeconds) } };
  }
});
