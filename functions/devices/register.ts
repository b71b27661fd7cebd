// POST /devices — an app install registers for push: platform, push token, language. Answers the
// device id and the device token (the only time it is shown); the push token goes to the push
// service and is kept nowhere else. New installs per client address are limited (429, Retry-After).
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { retryAfterWhenLimited } from '#shared/http/retry-after';
import { registerDevice, registerDeviceSchema } from '#shared/domain/devices';
import { deviceDeps, participantKeys } from '#shared/runtime/wiring';
import type { World } from '#shared/runtime/world';
import { logger } from '#shared/runtime/logger';

const wire = (w: World) => ({
  devices: deviceDeps(w),
  limiter: w.stores.limits,
  rules: w.config.settings.devices,
  // Read on use: an invalid body never needs the participant secret.
  keys: () => participantKeys(w),
});

export const handler = httpHandler('registerDevice', wire, async (req, deps) => {
  const input = parse(registerDeviceSchema, req.body, '');
  const from = { client: req.clientIp, limiter: deps.limiter, keys: await deps.keys(), rules: deps.rules };
  return retryAfterWhenLimited(deps.rules.windowSeconds, async () => {
    const { device, token, replaced } = await registerDevice(deps.devices, input, from);
    logger.info('device registered', { deviceId: device.id, platform: device.platform, replaced: replaced !== undefined });
    return json(201, { id: device.id, deviceToken: token }, { location: `/devices/${device.id}`, 'cache-control': 'no-store' });
  });
});
