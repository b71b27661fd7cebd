// GET /participants/{id} — a participant reads their own registration (manage token).
import { json } from '#shared/http/http-handler';
import { readRegistration, registrationView } from '#shared/domain/participant-manage';
import { manageHandler } from './manage-handler';

export const handler = manageHandler('readRegistration', async (deps, id) => json(200, registrationView(await readRegistration(deps, id))));
