// POST /participants/manage-code — a code to the number, to manage the registration behind it.
// Always 202: whether the number is registered is not for the caller to learn.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { manageCodeSchema, requestManageCode } from '#shared/domain/participant-manage';
import { registrationDeps } from '#shared/runtime/wiring';

export const handler = httpHandler('requestManageCode', registrationDeps, async (req, deps) => {
  const { phone } = parse(manageCodeSchema, req.body, '');
  await requestManageCode(deps, phone, req.clientIp);
  return json(202, { next: 'POST /participants/manage-token with the number and the code, if this number is registered' });
});
