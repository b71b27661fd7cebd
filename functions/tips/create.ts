// POST /actions/{id}/tips — an app user tells the control room what they saw, while the action
// is active: text, optionally where, optionally a photo (uploaded afterwards to the URL answered).
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { authenticateDevice } from '#shared/http/device-auth';
import { problemResponse } from '#shared/http/problem';
import { domainProblem } from '#shared/http/refusal-problem';
import { DomainError } from '#shared/domain/domain-error';
import { actionPathSchema } from '#shared/domain/action';
import { createTip, tipSchema, type TipDeps } from '#shared/domain/tips';
import { tipRules } from '#shared/runtime/wiring';
import type { World } from '#shared/runtime/world';
import { logger } from '#shared/runtime/logger';

const wire = (w: World): TipDeps & { devices: World['stores']['devices'] } => ({
  devices: w.stores.devices,
  actions: w.stores.actions,
  tips: w.stores.tips,
  photos: w.photos,
  limiter: w.stores.limits,
  clock: w.clock,
  rules: tipRules(w),
});

export const handler = httpHandler('createTip', wire, async (req, deps) => {
  const { id } = parse(actionPathSchema, req.path, 'path');
  const device = await authenticateDevice(req, deps.devices);
  const input = parse(tipSchema, req.body, '');
  try {
    const { tip, upload } = await createTip(deps, id, device, input);
    // Ids and flags only: the text, position and photo are the tipster's.
    logger.info('tip received', { actionId: id, tipId: tip.id, position: tip.position !== undefined, photo: tip.photo !== undefined });
    return json(201, { id: tip.id, at: tip.at, ...(upload ? { upload } : {}) }, { 'cache-control': 'no-store' });
  } catch (err) {
    // Over the limit: the same problem the wrapper would answer, with when to try again.
    if (!(err instanceof DomainError) || err.kind !== 'limited') throw err;
    const res = problemResponse(domainProblem(err));
    return { ...res, headers: { ...res.headers, 'retry-after': String(deps.rules.windowSeconds) } };
  }
});
