// POST /participants — sign up with a number and an address; a 6-digit code goes to the number.
// The answer is the same for a number already registered, so it reveals nobody.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { asProblem } from '#shared/http/refusal-problem';
import { signUp, signUpSchema } from '#shared/domain/registration';
import { registrationDeps } from '#shared/runtime/deps';

export const handler = httpHandler('signUp', async (req) => {
  const input = parse(signUpSchema, req.body, '');
  const result = await asProblem(async () => signUp(await registrationDeps(), input, req.clientIp));
  return json(201, { ...result, next: `POST /participants/${result.id}/verify with the code sent to the number` }, { location: `/participants/${result.id}` });
});
