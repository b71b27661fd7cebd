// App installs prove themselves with the device token POST /devices handed out: 401 without one
// or with one that is not valid, 403 when a valid token is used on another device's path. The
// token is read from the header and never logged or echoed.
import type { Device, DeviceStore } from '#shared/ports/device-store';
import { tokenDevice, tokenMatches } from '#shared/domain/device-token';
import type { HttpRequest } from './http-handler';
import { HttpProblem } from './problem';

const unauthenticated = (message: string) => new HttpProblem(401, 'Unauthenticated', `authorization: ${message}`, [{ field: 'authorization', message }]);

export async function authenticateDevice(req: HttpRequest, devices: DeviceStore, pathId?: string): Promise<Device> {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token) throw unauthenticated('a device token is required (Authorization: Bearer <deviceToken>)');
  const id = tokenDevice(token);
  const device = id ? await devices.get(id) : undefined;
  if (!device || !tokenMatches(token, device.tokenHash)) throw unauthenticated('not a valid device token');
  if (pathId !== undefined && pathId !== device.id) {
    throw new HttpProblem(403, 'Forbidden', 'path.id: the device token belongs to another device', [{ field: 'path.id', message: 'the device token belongs to another device' }]);
  }
  return device;
}
