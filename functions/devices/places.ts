// PUT /devices/{id}/places — the saved places as a whole (at most 5, named, optional weekly
// windows); they alert like addresses. An empty list removes them all.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { authenticateDevice } from '#shared/http/device-auth';
import { devicePathSchema, placesSchema, setPlaces } from '#shared/domain/devices';
import { deviceDeps } from '#shared/runtime/wiring';
import { logger } from '#shared/runtime/logger';

export const handler = httpHandler('putPlaces', deviceDeps, async (req, deps) => {
  const { id } = parse(devicePathSchema, req.path, 'path');
  const device = await authenticateDevice(req, deps.devices, id);
  const input = parse(placesSchema, req.body, '');
  const next = await setPlaces(deps, device, input);
  logger.info('device places set', { deviceId: id, places: next.places.length });
  return json(200, { places: next.places });
});
