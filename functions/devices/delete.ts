// DELETE /devices/{id} — the install leaves: push endpoint, tracker history, record, position and
// saved places are deleted at once.
import { httpHandler, parse } from '#shared/http/http-handler';
import { authenticateDevice } from '#shared/http/device-auth';
import { deleteDevice, devicePathSchema } from '#shared/domain/devices';
import { deviceDeps } from '#shared/runtime/wiring';
import { logger } from '#shared/runtime/logger';

export const handler = httpHandler('deleteDevice', deviceDeps, async (req, deps) => {
  const { id } = parse(devicePathSchema, req.path, 'path');
  const device = await authenticateDevice(req, deps.devices, id);
  await deleteDevice(deps, device);
  logger.info('device deleted', { deviceId: id });
  return { statusCode: 204 };
});
