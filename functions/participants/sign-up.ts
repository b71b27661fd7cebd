// POST /participants — sign up with a number and an address; a 6-digit code goes to the number.
// The answer is the same for a number already registered, so it reveals nobody.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { signUp, signUpSchema } from '#shared/domain/registration';
import { registrationDeps } from '#shared/runtime/wiring';

export const handler = httpHandler('signUp', registrationDeps, async (req, deps) => {
  const input = parse(signUpSchema, req.body, '');
  const result = await signUp(deps, input, req.clientIp);
  return json(201, { ...result, next: `POST /participants/${result.id}/verify with the code sent to the number` }, { location: `/participants/${result.id}` });
});
