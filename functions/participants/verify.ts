// POST /participants/{id}/verify — the code from the SMS (or call) makes the sign-up active.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { asProblem } from '#shared/http/refusal-problem';
import { verify, verifySchema } from '#shared/domain/registration';
import { registrationDeps } from '#shared/runtime/deps';
import { participantPathSchema } from './manage-handler';

export const handler = httpHandler('verifyParticipant', async (req) => {
  const { id } = parse(participantPathSchema, req.path, 'path');
  const { code } = parse(verifySchema, req.body, '');
  const participant = await asProblem(async () => verify(await registrationDeps(), id, code));
  return json(200, { id: participant.id, status: participant.status });
});
