// GET /public/actions — no token: active and recently closed actions, newest first, as JSON or
// (Accept: application/atom+xml, or ?format=atom) as Atom.
import { httpHandler, json, parse } from '#shared/http/http-handler';
import { publicFeedConfig } from '#shared/runtime/wiring';
import { feedActions, feedFormat, jsonFeed, publicFeedQuerySchema } from '#shared/domain/public-feed';
import { atomFeed, ATOM_CONTENT_TYPE } from '#shared/domain/atom';
import { PUBLIC_HEADERS } from './headers';

export const handler = httpHandler(
  'publicActions',
  (w) => ({ actions: w.stores.actions, clock: w.clock, feed: publicFeedConfig(w) }),
  async (req, { actions, clock, feed }) => {
    const { format } = parse(publicFeedQuerySchema, req.query, 'query');
    const now = clock.now();
    const items = await feedActions(actions, now, feed);
    const headers = { ...PUBLIC_HEADERS, vary: 'accept' };
    if (feedFormat(format, req.headers.accept) === 'atom') {
      return { statusCode: 200, headers: { 'content-type': ATOM_CONTENT_TYPE, ...headers }, body: atomFeed(items, feed, now) };
    }
    return json(200, jsonFeed(items, feed, now), headers);
  },
);
