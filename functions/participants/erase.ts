// DELETE /participants/{id} — erases number and addresses at once (AVG); queued messages find
// nobody at send time and are not sent.
import { eraseRegistration } from '#shared/domain/participant-manage';
import { manageHandler } from './manage-handler';

export const handler = manageHandler('eraseRegistration', async (deps, id) => {
  await eraseRegistration(deps, id);
  return { statusCode: 204, headers: {}, body: '' };
});
