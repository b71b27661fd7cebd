// DELETE /devices/{id} — the install leaves: push endpoint, tracker history, record, position and
// saved places are deleted at once.
import { httpHandler, parse } from '#shared/http/http-handler';
import { authenticateDevice } from '#shared/http/device-auth';
import { deleteDevice, devicePathSchema } from '#shared/domain/devices';
import { deviceDeps, deviceStore } from '#shared/runtime/deps';
import { logger } from '#shared/runtime/logger';

export const handler = httpHandler('deleteDevice', async (req) => {
  const { id } = parse(devicePathSchema, req.path, 'path');
  const device = await authenticateDevice(req, deviceStore(), id);
  await deleteDevice(deviceDeps(), device);
  logger.info('device deleted', { deviceId: id });
  return { statusCode: 204 };
});
