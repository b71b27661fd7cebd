// An action as OASIS CAP 1.2 (Common Alerting Protocol): one message per bulletin. The alert is
// msgType Alert; an update is Update; an end is Update with responseType AllClear and urgency
// Past (CAP's Cancel means "withdraw the earlier messages", which is what a cancel — an action
// sent in error — does, while an end reports an outcome of a real event). Each message references
// all earlier ones as "sender,identifier,sent", so a consumer can link the thread.
import type { Action, ActionType, Bulletin, BulletinKind } from './action';
import { isCircle, type Area } from './area';
import { actionAsOf, bulletinText, headline, itemUrl, publicArea, sentAt, TYPE_LABEL, type PublicFeedConfig } from './public-feed';
import { el, textEl, xmlDocument, type XmlElement } from './xml';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
/** Identifies Burgernet as the originator; CAP forbids spaces, commas, '<' and '&' in it. */
export const CAP_SENDER = 'burgernet@politie.nl';
export const CAP_CONTENT_TYPE = 'application/cap+xml; charset=utf-8';

const CATEGORY: Record<ActionType, 'Security' | 'Rescue' | 'Other'> = { heterdaad: 'Security', vermissing: 'Rescue', 'vermist-kind': 'Rescue', overig: 'Other' };
/** A missing child is a threat to life; the others ask the public to look out. */
const SEVERITY: Record<ActionType, 'Severe' | 'Moderate' | 'Minor'> = { heterdaad: 'Moderate', vermissing: 'Moderate', 'vermist-kind': 'Severe', overig: 'Minor' };
const MSG_TYPE: Record<BulletinKind, 'Alert' | 'Update' | 'Cancel'> = { alert: 'Alert', update: 'Update', end: 'Update', cancel: 'Cancel' };
const RESPONSE: Record<BulletinKind, 'Monitor' | 'AllClear' | 'None'> = { alert: 'Monitor', update: 'Monitor', end: 'AllClear', cancel: 'None' };
const INSTRUCTION: Record<BulletinKind, string> = {
  alert: 'Heeft u iets gezien? Bel gratis 0800-0011. Bij direct gevaar: bel 112.',
  update: 'Heeft u iets gezien? Bel gratis 0800-0011. Bij direct gevaar: bel 112.',
  end: 'U hoeft niet langer uit te kijken. Bedankt voor uw hulp.',
  cancel: 'Dit bericht is ingetrokken. U hoeft niets te doen.',
};

export const capIdentifier = (actionId: string, seq: number): string => `urn:burgernet:${actionId}:${seq}`;

const amsterdamOffset = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Amsterdam', timeZoneName: 'longOffset' });

/**
 * CAP times: seconds, with a numeric offset and never "Z" (the schema's pattern). Amsterdam time,
 * as Dutch consumers show it; the offset follows summer time.
 */
export function capTime(iso: string): string {
  const d = new Date(iso);
  const offset = /GMT([+-]\d{2}:\d{2})?$/.exec(amsterdamOffset.format(d))?.[1] ?? '+00:00';
  const minutes = (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const local = new Date(Math.floor(d.getTime() / 1000) * 1000 + minutes * 60_000).toISOString();
  return `${local.slice(0, 19)}${offset}`;
}

/** CAP area: "lat,lon radiusKm" or a closed ring of "lat,lon" pairs (WGS 84), rounded first. */
function capArea(area: Area): XmlElement {
  const shown = publicArea(area);
  if (isCircle(shown)) {
    const { lat, lon } = shown.center;
    const km = shown.radiusMeters / 1000;
    return el('area', {}, el('areaDesc', {}, `Gebied van ${String(km).replace('.', ',')} km rond ${lat} N, ${lon} O`), el('circle', {}, `${lat},${lon} ${km}`));
  }
  const ring = shown.coordinates[0]!;
  return el('area', {}, el('areaDesc', {}, 'Gebied zoals op de kaart getekend'), el('polygon', {}, ring.map(([lon, lat]) => `${lat},${lon}`).join(' ')));
}

/** The description: the bulletin's text; an update keeps the original alert text after it. */
function description(a: Action, b: Bulletin): string {
  const text = bulletinText(b);
  return b.kind === 'update' ? `${text}\n\nOorspronkelijke melding: ${bulletinText(a.bulletins[0]!)}` : text;
}

/** The CAP message of bulletin `seq` (default: the latest), or undefined when there is none. */
export function capMessage(action: Action, config: Pick<PublicFeedConfig, 'baseUrl'>, seq = action.bulletins.length - 1): string | undefined {
  const a = actionAsOf(action, seq);
  if (!a) return undefined;
  const b = a.bulletins[seq]!;
  const past = b.kind === 'end' || b.kind === 'cancel';
  const earlier = a.bulletins.slice(0, seq).map((e) => `${CAP_SENDER},${capIdentifier(a.id, e.seq)},${capTime(sentAt(a, e))}`);
  const alert = el(
    'alert',
    { xmlns: CAP_NAMESPACE },
    el('identifier', {}, capIdentifier(a.id, seq)),
    el('sender', {}, CAP_SENDER),
    el('sent', {}, capTime(sentAt(a, b))),
    el('status', {}, a.exercise ? 'Exercise' : 'Actual'),
    el('msgType', {}, MSG_TYPE[b.kind]),
    el('scope', {}, 'Public'),
    textEl('note', a.exercise ? 'OEFENING: dit is geen echte melding.' : undefined),
    textEl('references', earlier.length > 0 ? earlier.join(' ') : undefined),
    el('incidents', {}, a.id),
    el(
      'info',
      {},
      el('language', {}, 'nl-NL'),
      el('category', {}, CATEGORY[a.type]),
      el('event', {}, TYPE_LABEL[a.type]),
      el('responseType', {}, RESPONSE[b.kind]),
      el('urgency', {}, past ? 'Past' : 'Immediate'),
      el('severity', {}, past ? 'Minor' : SEVERITY[a.type]),
      el('certainty', {}, 'Observed'),
      el('senderName', {}, 'Burgernet'),
      el('headline', {}, headline(a)),
      el('description', {}, description(a, b)),
      el('instruction', {}, INSTRUCTION[b.kind]),
      el('web', {}, itemUrl(config, a.id)),
      el('contact', {}, '0800-0011'),
      capArea(a.area),
    ),
  );
  return xmlDocument(alert);
}
