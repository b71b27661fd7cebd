// POST /actions/{id}/tips — an app user tells the control room what they saw, while the action
// is active: text, optionally where, optionally a photo (uploaded afterwards to the URL answered).
// Limited per device and per client address (429, Retry-After).
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { authenticateDevice } from '#shared/http/device-auth';
import { retryAfterWhenLimited } from '#shared/http/retry-after';
import { actionPathSchema } from '#shared/domain/action';
import { createTip, tipSchema, type TipDeps } from '#shared/domain/tips';
import { participantKeys, tipRules } from '#shared/runtime/wiring';
import type { World } from '#shared/runtime/world';
import { logger } from '#shared/runtime/logger';

const wire = (w: World): TipDeps & { devices: World['stores']['devices']; keys: () => ReturnType<typeof participantKeys> } => ({
  devices: w.stores.devices,
  actions: w.stores.actions,
  tips: w.stores.tips,
  photos: w.photos,
  limiter: w.stores.limits,
  clock: w.clock,
  rules: tipRules(w),
  // Read on use: an unauthenticated or invalid request never needs the participant secret.
  keys: () => participantKeys(w),
});

export const handler = httpHandler('createTip', wire, async (req, deps) => {
  const { id } = parse(actionPathSchema, req.path, 'path');
  const device = await authenticateDevice(req, deps.devices);
  const input = parse(tipSchema, req.body, '');
  const from = { client: req.clientIp, keys: await deps.keys() };
  return retryAfterWhenLimited(deps.rules.windowSeconds, async () => {
    const { tip, upload } = await createTip(deps, id, device, input, from);
    // Ids and flags only: the text, position and photo are the tipster's.
    logger.info('tip received', { actionId: id, tipId: tip.id, position: tip.position !== undefined, photo: tip.photo !== undefined });
    return json(201, { id: tip.id, at: tip.at, ...(upload ? { upload } : {}) }, { 'cache-control': 'no-store' });
  });
});
