// GET /public/actions — no token: active and recently closed actions, newest first, as JSON or
// (Accept: application/atom+xml, or ?format=atom) as Atom.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { actionStore, clock } from '#shared/runtime/deps';
import { feedActions, feedFormat, jsonFeed, publicFeedConfigFrom, publicFeedQuerySchema } from '#shared/domain/public-feed';
import { atomFeed, ATOM_CONTENT_TYPE } from '#shared/domain/atom';
import { PUBLIC_HEADERS } from './headers';

export const handler = httpHandler('publicActions', async (req) => {
  const { format } = parse(publicFeedQuerySchema, req.query, 'query');
  const config = publicFeedConfigFrom(process.env);
  const now = clock().now();
  const actions = await feedActions(actionStore(), now, config);
  const headers = { ...PUBLIC_HEADERS, vary: 'accept' };
  if (feedFormat(format, req.headers.accept) === 'atom') {
    return { statusCode: 200, headers: { 'content-type': ATOM_CONTENT_TYPE, ...headers }, body: atomFeed(actions, config, now) };
  }
  return json(200, jsonFeed(actions, config, now), headers);
});
