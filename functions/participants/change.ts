// PATCH /participants/{id} — channels, language, exercise opt-in, addresses with time windows.
import { json, parse } from '#shared/http/http-handler';
import { changeRegistration, participantPatchSchema, registrationView } from '#shared/domain/participant-manage';
import { manageHandler } from './manage-handler';

export const handler = manageHandler('changeRegistration', async (deps, id, req) =>
  json(200, registrationView(await changeRegistration(deps, id, parse(participantPatchSchema, req.body, '')))),
);
