// POST /devices — an app install registers for push: platform, push token, language. Answers the
// device id and the device token (the only time it is shown); the push token goes to the push
// service and is kept nowhere else.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { registerDevice, registerDeviceSchema } from '#shared/domain/devices';
import { deviceDeps } from '#shared/runtime/wiring';
import { logger } from '#shared/runtime/logger';

export const handler = httpHandler('registerDevice', deviceDeps, async (req, deps) => {
  const input = parse(registerDeviceSchema, req.body, '');
  const { device, token, replaced } = await registerDevice(deps, input);
  logger.info('device registered', { deviceId: device.id, platform: device.platform, replaced: replaced !== undefined });
  return json(201, { id: device.id, deviceToken: token }, { location: `/devices/${device.id}`, 'cache-control': 'no-store' });
});
