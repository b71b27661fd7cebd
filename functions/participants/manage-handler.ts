// Shared body of a participant's own routes (GET, PATCH, DELETE /participants/{id}): the manage
// token from POST /participants/manage-token must be for the registration in the path.
import { httpHandler, parse, type HttpRequest, type HttpResult } from '#shared/http/http-handler';
import { authorizeManage, participantPathSchema } from '#shared/domain/participant-manage';
import type { RegistrationDeps } from '#shared/domain/registration';
import type { FunctionName } from '#infra/topology';
import { registrationDeps } from '#shared/runtime/wiring';

export function manageHandler(name: FunctionName, act: (deps: RegistrationDeps, id: string, req: HttpRequest) => Promise<HttpResult>) {
  return httpHandler(name, registrationDeps, async (req, deps) => {
    const { id } = parse(participantPathSchema, req.path, 'path');
    await authorizeManage(deps, req.headers.authorization, id);
    return act(deps, id, req);
  });
}
