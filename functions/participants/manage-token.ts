// POST /participants/manage-token — number and code buy a 15-minute token for this registration.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { asProblem } from '#shared/http/refusal-problem';
import { issueManageToken, manageTokenSchema } from '#shared/domain/participant-manage';
import { registrationDeps } from '#shared/runtime/deps';

export const handler = httpHandler('issueManageToken', async (req) => {
  const { phone, code } = parse(manageTokenSchema, req.body, '');
  return json(200, await asProblem(async () => issueManageToken(await registrationDeps(), phone, code)));
});
