// GET /public/actions/{file} — no token: one public action, `<id>` as JSON or `<id>.cap` as CAP
// 1.2 XML. One route for both because an API Gateway path variable must be a whole segment.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { HttpProblem } from '#shared/http/problem';
import { publicFeedConfig } from '#shared/runtime/wiring';
import { parsePublicFile, publicAction, publicFilePathSchema, visibility } from '#shared/domain/public-feed';
import { capMessage, CAP_CONTENT_TYPE } from '#shared/domain/cap';
import { PUBLIC_HEADERS } from './headers';

export const handler = httpHandler(
  'publicAction',
  (w) => ({ actions: w.stores.actions, clock: w.clock, feed: publicFeedConfig(w) }),
  async (req, { actions, clock, feed }) => {
    const { id, cap } = parsePublicFile(parse(publicFilePathSchema, req.path, 'path').file);
    const action = await actions.get(id);
    // Never released, or closed too long ago: the same answer as an id that does not exist.
    if (!action || visibility(action, clock.now(), feed) === 'hidden') throw HttpProblem.notFound('path.file', `no public action ${id}`);
    if (cap) return { statusCode: 200, headers: { 'content-type': CAP_CONTENT_TYPE, ...PUBLIC_HEADERS }, body: capMessage(action, feed)! };
    return json(200, publicAction(action, feed), PUBLIC_HEADERS);
  },
);
