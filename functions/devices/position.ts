// PUT /devices/{id}/position — where the phone is now. Only this fix is kept, until it expires
// (settings.positionTtlMinutes); entering an active action's area with it alerts the device.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { authenticateDevice } from '#shared/http/device-auth';
import { devicePathSchema, positionSchema, updatePosition } from '#shared/domain/devices';
import { deviceDeps, positionTtlMs } from '#shared/runtime/wiring';

export const handler = httpHandler(
  'putPosition',
  (w) => ({ devices: deviceDeps(w), ttlMs: positionTtlMs(w) }),
  async (req, { devices, ttlMs }) => {
    const { id } = parse(devicePathSchema, req.path, 'path');
    const device = await authenticateDevice(req, devices.devices, id);
    const input = parse(positionSchema, req.body, 'position');
    // The position itself is never logged: it is personal data.
    const { expiresAt } = await updatePosition(devices, device, input, ttlMs);
    return json(200, { expiresAt });
  },
);
