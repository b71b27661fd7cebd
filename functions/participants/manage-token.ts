// POST /participants/manage-token — number and code buy a 15-minute token for this registration.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { issueManageToken, manageTokenSchema } from '#shared/domain/participant-manage';
import { registrationDeps } from '#shared/runtime/wiring';

export const handler = httpHandler('issueManageToken', registrationDeps, async (req, deps) => {
  const { phone, code } = parse(manageTokenSchema, req.body, '');
  return json(200, await issueManageToken(deps, phone, code));
});
