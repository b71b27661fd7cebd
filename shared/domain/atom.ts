// The public feed as Atom (RFC 4287), for feed readers, websites and social-media tools; the
// area travels as GeoRSS-Simple so map displays can draw it. Same content and rounding as JSON.
import type { Action } from './action';
import { isCircle } from './area';
import { feedUrl, publicAction, type PublicAction, type PublicFeedConfig } from './public-feed';
import { el, xmlDocument, type XmlElement } from './xml';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

function georss(item: PublicAction): XmlElement[] {
  const area = item.area;
  if (isCircle(area)) {
    return [el('georss:point', {}, `${area.center.lat} ${area.center.lon}`), el('georss:radius', {}, String(area.radiusMeters))];
  }
  return [el('georss:polygon', {}, area.coordinates[0]!.map(([lon, lat]) => `${lat} ${lon}`).join(' '))];
}

function entry(item: PublicAction): XmlElement {
  return el(
    'entry',
    {},
    el('id', {}, `urn:burgernet:${item.id}`),
    el('title', { type: 'text' }, item.headline),
    el('published', {}, item.startedAt),
    el('updated', {}, item.updatedAt),
    el('link', { rel: 'alternate', type: 'application/json', href: item.links.self }),
    el('link', { rel: 'related', type: 'application/cap+xml', title: 'CAP 1.2', href: item.links.cap }),
    el('link', { rel: 'related', type: 'text/html', title: 'Delen via WhatsApp', href: item.links.whatsapp }),
    el('category', { term: item.type, label: item.event }),
    el('summary', { type: 'text' }, item.text),
    ...georss(item),
  );
}

export function atomFeed(actions: readonly Action[], config: PublicFeedConfig, now: Date): string {
  const items = actions.map((a) => publicAction(a, config));
  const updated = items.map((i) => i.updatedAt).sort().at(-1) ?? now.toISOString();
  return xmlDocument(
    el(
      'feed',
      { xmlns: 'http://www.w3.org/2005/Atom', 'xmlns:georss': 'http://www.georss.org/georss', 'xml:lang': 'nl-NL' },
      el('id', {}, feedUrl(config)),
      el('title', { type: 'text' }, 'Burgernet: actuele acties'),
      el('updated', {}, updated),
      el('link', { rel: 'self', type: 'application/atom+xml', href: feedUrl(config, 'atom') }),
      el('link', { rel: 'alternate', type: 'application/json', href: feedUrl(config) }),
      el('author', {}, el('name', {}, 'Burgernet')),
      ...items.map(entry),
    ),
  );
}
