// POST /participants/{id}/verify — the code from the SMS (or call) makes the sign-up active.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { verify, verifySchema } from '#shared/domain/registration';
import { participantPathSchema } from '#shared/domain/participant-manage';
import { registrationDeps } from '#shared/runtime/wiring';

export const handler = httpHandler('verifyParticipant', registrationDeps, async (req, deps) => {
  const { id } = parse(participantPathSchema, req.path, 'path');
  const { code } = parse(verifySchema, req.body, '');
  const participant = await verify(deps, id, code);
  return json(200, { id: participant.id, status: participant.status });
});
