// Shared body of a participant's own routes (GET, PATCH, DELETE /participants/{id}): the manage
// token from POST /participants/manage-token must be for the registration in the path.
import { z } from 'zod';
import { httpHandler, parse, type HttpRequest, type HttpResult } from '#shared/http/http-handler';
import { asProblem } from '#shared/http/refusal-problem';
import { authorizeManage } from '#shared/domain/participant-manage';
import type { RegistrationDeps } from '#shared/domain/registration';
import type { FunctionName } from '#infra/topology';
import { registrationDeps } from '#shared/runtime/deps';

export const participantPathSchema = z.object({ id: z.string().regex(/^p_[0-9a-f]{24}$/, 'not a participant id') });

export function manageHandler(name: FunctionName, act: (deps: RegistrationDeps, id: string, req: HttpRequest) => Promise<HttpResult>) {
  return httpHandler(name, async (req) => {
    const { id } = parse(participantPathSchema, req.path, 'path');
    return asProblem(async () => {
      const deps = await registrationDeps();
      await authorizeManage(deps, req.headers.authorization, id);
      return act(deps, id, req);
    });
  });
}
