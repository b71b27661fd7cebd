// PUT /devices/{id}/position — where the phone is now. Only this fix is kept, until it expires
// (POSITION_TTL_MINUTES); entering an active action's area with it alerts the device.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { authenticateDevice } from '#shared/http/device-auth';
import { asProblem } from '#shared/http/refusal-problem';
import { devicePathSchema, positionSchema, positionTtlMs, updatePosition } from '#shared/domain/devices';
import { deviceDeps, deviceStore } from '#shared/runtime/deps';

export const handler = httpHandler('putPosition', async (req) => {
  const { id } = parse(devicePathSchema, req.path, 'path');
  const device = await authenticateDevice(req, deviceStore(), id);
  const input = parse(positionSchema, req.body, 'position');
  // The position itself is never logged: it is personal data.
  const { expiresAt } = await asProblem(() => updatePosition(deviceDeps(), device, input, positionTtlMs(process.env)));
  return json(200, { expiresAt });
});
