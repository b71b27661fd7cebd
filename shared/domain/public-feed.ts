// What the public sees of an action: no token, so nothing personal. Only released actions
// (never one awaiting a second operator), only the texts written for the public (no channel
// texts, no structured person/vehicle fields that may hold a name or licence plate, no operator),
// and the area rounded to ~100 m so no single house can be read from it.
import { z } from 'zod';
import type { ActionStore } from '#shared/ports/action-store';
import type { Action, ActionType, Bulletin, BulletinKind, Outcome } from './action';
import { areaCenter, distanceMeters, isCircle, MAX_RADIUS_M, type Area, type Circle } from './area';
import { EXERCISE_PREFIX } from './render';
import { toWellFormed } from './text';

export interface PublicFeedConfig {
  /** Public base URL of the API, without a trailing slash. */
  readonly baseUrl: string;
  /** How long an ended or cancelled action stays public after it closed. */
  readonly recentHours: number;
  /** How far back (by start) the feed looks for actions that are still active. */
  readonly lookbackDays: number;
}

/** GET /public/actions: unknown parameters (tracking tags on a shared link) are ignored, not refused. */
export const publicFeedQuerySchema = z.object({ format: z.enum(['json', 'atom']).optional().describe('Overrides the Accept header') });

/**
 * GET /public/actions/{file}: `<id>` (JSON) or `<id>.cap` (CAP XML). One path variable, because an
 * API Gateway path variable must be a whole segment.
 */
export const publicFilePathSchema = z.object({
  file: z.string().regex(/^act_[0-9a-f-]{36}(\.cap)?$/, 'an action id, optionally followed by .cap').describe('`act_…` for JSON, `act_….cap` for CAP 1.2 XML'),
});
export const parsePublicFile = (file: string): { id: string; cap: boolean } => ({ id: file.replace(/\.cap$/, ''), cap: file.endsWith('.cap') });

export const DEFAULT_RECENT_HOURS = 24;
export const DEFAULT_LOOKBACK_DAYS = 30;
/** 3 decimals: ~110 m north–south, ~70 m east–west in the Netherlands. */
export const COORD_DECIMALS = 3;
export const RADIUS_STEP_M = 100;
export const FEED_MAX_ITEMS = 100;
const PAGE_SIZE = 50;
const MAX_PAGES = 20;

export const TYPE_LABEL: Record<ActionType, string> = {
  heterdaad: 'Heterdaad',
  vermissing: 'Vermissing',
  'vermist-kind': 'Vermist kind',
  overig: 'Burgernet-actie',
};

export const OUTCOME_LABEL: Record<Outcome, string> = {
  aangehouden: 'Verdachte aangehouden',
  gevonden: 'Gevonden',
  'niet-gevonden': 'Niet gevonden',
  overig: 'Actie beëindigd',
};

const HEADLINE_PREFIX: Record<BulletinKind, string> = { alert: '', update: 'Update: ', end: 'Beëindigd: ', cancel: 'Ingetrokken: ' };

// ---- rounding -------------------------------------------------------------------------------

export const roundCoord = (x: number): number => Number(x.toFixed(COORD_DECIMALS)) || 0;
/** Up to the next 100 m, so the published circle is never smaller than the real one. */
export const roundRadius = (m: number): number => Math.min(MAX_RADIUS_M, Math.max(RADIUS_STEP_M, Math.ceil(m / RADIUS_STEP_M) * RADIUS_STEP_M));

/**
 * The area as published: circle centre and polygon vertices on a ~100 m grid, radius up to the
 * next 100 m. A polygon that rounding collapses (a few houses wide) becomes a circle around its
 * rounded centre that covers it.
 */
export function publicArea(area: Area): Area {
  if (isCircle(area)) return { center: { lat: roundCoord(area.center.lat), lon: roundCoord(area.center.lon) }, radiusMeters: roundRadius(area.radiusMeters) };
  const ring: [number, number][] = [];
  for (const [lon, lat] of area.coordinates[0]!) {
    const p: [number, number] = [roundCoord(lon), roundCoord(lat)];
    const prev = ring[ring.length - 1];
    if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) ring.push(p);
  }
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
  if (new Set(ring.map((p) => p.join())).size >= 3 && Math.abs(planarArea(ring)) > 1e-9) return { type: 'Polygon', coordinates: [ring] };
  const c = areaCenter(area);
  const reach = Math.max(...area.coordinates[0]!.map(([lon, lat]) => distanceMeters(c.lat, c.lon, lat, lon)));
  return publicArea({ center: c, radiusMeters: reach + RADIUS_STEP_M } satisfies Circle);
}

/** Shoelace in degrees: only to tell a ring with area from one rounded flat. */
function planarArea(ring: readonly (readonly [number, number])[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return sum / 2;
}

// ---- which actions are public ----------------------------------------------------------------

/** Released: active or closed, and approved if it needed four eyes (a cancelled unapproved one never went out). */
export const isReleased = (a: Action): boolean => a.status !== 'awaiting-approval' && (!a.approval || a.approval.by !== undefined);

/**
 * `listed` in the feed; `unlisted` reachable by id only (exercises: they reach only opted-in
 * participants, so they are not announced to everyone, but a marked copy can be checked);
 * `hidden` otherwise (never released, or closed longer ago than the feed keeps actions).
 */
export function visibility(a: Action, now: Date, config: Pick<PublicFeedConfig, 'recentHours'>): 'listed' | 'unlisted' | 'hidden' {
  if (!isReleased(a)) return 'hidden';
  if (a.status !== 'active') {
    const closedAt = Date.parse(a.endedAt ?? a.bulletins[a.bulletins.length - 1]?.at ?? a.createdAt);
    if (now.getTime() - closedAt > config.recentHours * 3_600_000) return 'hidden';
  }
  return a.exercise ? 'unlisted' : 'listed';
}

/** Active and recently closed actions, newest first, read page by page from the store. */
export async function feedActions(store: Pick<ActionStore, 'list'>, now: Date, config: PublicFeedConfig): Promise<Action[]> {
  const since = now.getTime() - config.lookbackDays * 86_400_000;
  const out: Action[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { items, next } = await store.list(PAGE_SIZE, cursor);
    for (const a of items) {
      if (Date.parse(a.createdAt) < since) return out;
      if (visibility(a, now, config) !== 'listed') continue;
      out.push(a);
      if (out.length >= FEED_MAX_ITEMS) return out;
    }
    if (!next) break;
    cursor = next;
  }
  return out;
}

/** The action as it stood when bulletin `seq` went out (a webhook for seq 1 must not show seq 3). */
export function actionAsOf(a: Action, seq: number): Action | undefined {
  const bulletins = a.bulletins.slice(0, seq + 1);
  const last = bulletins[bulletins.length - 1];
  if (!last || last.seq !== seq) return undefined;
  const area = bulletins.findLast((b) => b.area)?.area ?? a.area;
  const { outcome: _outcome, endedAt: _endedAt, ...rest } = a;
  const closing = last.kind === 'end' || last.kind === 'cancel';
  const status = last.kind === 'end' ? 'ended' : last.kind === 'cancel' ? 'cancelled' : a.status === 'awaiting-approval' ? 'awaiting-approval' : 'active';
  return { ...rest, bulletins, area, status, ...(closing ? { endedAt: last.at } : {}), ...(last.outcome ? { outcome: last.outcome } : {}) };
}

// ---- the public view -------------------------------------------------------------------------

/** When a bulletin went public: an alert that waited for approval went out when approved. */
export const sentAt = (a: Action, b: Bulletin): string => (b.seq === 0 && a.approval?.at ? a.approval.at : b.at);

export const lastBulletin = (a: Action): Bulletin => a.bulletins[a.bulletins.length - 1]!;

// Stored texts pass toWellFormed on the way out: one stored before the API refused lone
// surrogates must not make a link, a feed or a webhook throw.

export function headline(a: Action): string {
  return toWellFormed(`${a.exercise ? EXERCISE_PREFIX : ''}${HEADLINE_PREFIX[lastBulletin(a).kind]}${a.title}`);
}

/** The public text of a bulletin, with the outcome named on an end. */
export function bulletinText(b: Bulletin): string {
  return toWellFormed(b.kind === 'end' && b.outcome ? `${OUTCOME_LABEL[b.outcome]}. ${b.text}` : b.text);
}

export const itemUrl = (config: Pick<PublicFeedConfig, 'baseUrl'>, id: string): string => `${config.baseUrl}/public/actions/${id}`;
export const capUrl = (config: Pick<PublicFeedConfig, 'baseUrl'>, id: string): string => `${itemUrl(config, id)}.cap`;
export const feedUrl = (config: Pick<PublicFeedConfig, 'baseUrl'>, format?: 'atom'): string =>
  `${config.baseUrl}/public/actions${format ? `?format=${format}` : ''}`;

/** A WhatsApp "click to chat" link with the message filled in; the user picks whom to send it to. */
export const whatsappLink = (text: string, url: string): string => `https://wa.me/?text=${encodeURIComponent(toWellFormed(`${text} ${url}`))}`;

export interface PublicBulletin {
  readonly seq: number;
  readonly kind: BulletinKind;
  readonly at: string;
  readonly text: string;
  readonly outcome?: Outcome;
  /** Only on bulletins that moved the area. */
  readonly area?: Area;
}

export interface PublicAction {
  readonly id: string;
  readonly type: ActionType;
  readonly event: string;
  readonly title: string;
  readonly headline: string;
  readonly status: 'active' | 'ended' | 'cancelled';
  readonly exercise: boolean;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly endedAt: string | null;
  readonly outcome: Outcome | null;
  /** The latest public text. */
  readonly text: string;
  readonly area: Area;
  readonly bulletins: readonly PublicBulletin[];
  readonly links: { readonly self: string; readonly cap: string; readonly whatsapp: string };
}

export function publicBulletin(a: Action, b: Bulletin): PublicBulletin {
  return {
    seq: b.seq,
    kind: b.kind,
    at: sentAt(a, b),
    text: bulletinText(b),
    ...(b.outcome ? { outcome: b.outcome } : {}),
    ...(b.seq > 0 && b.area ? { area: publicArea(b.area) } : {}),
  };
}

/** Built field by field (never by spreading the action) so a new internal field cannot leak. */
export function publicAction(a: Action, config: Pick<PublicFeedConfig, 'baseUrl'>): PublicAction {
  const last = lastBulletin(a);
  const self = itemUrl(config, a.id);
  const title = headline(a);
  return {
    id: a.id,
    type: a.type,
    event: TYPE_LABEL[a.type],
    title: toWellFormed(a.title),
    headline: title,
    status: a.status === 'ended' || a.status === 'cancelled' ? a.status : 'active',
    exercise: a.exercise,
    startedAt: sentAt(a, a.bulletins[0]!),
    updatedAt: sentAt(a, last),
    endedAt: a.endedAt ?? null,
    outcome: a.outcome ?? null,
    text: bulletinText(last),
    area: publicArea(a.area),
    bulletins: a.bulletins.map((b) => publicBulletin(a, b)),
    links: { self, cap: capUrl(config, a.id), whatsapp: whatsappLink(`Burgernet: ${title}`, self) },
  };
}

export function jsonFeed(actions: readonly Action[], config: PublicFeedConfig, now: Date) {
  return {
    title: 'Burgernet: actuele acties',
    generatedAt: now.toISOString(),
    links: { self: feedUrl(config), atom: feedUrl(config, 'atom') },
    items: actions.map((a) => publicAction(a, config)),
  };
}

/**
 * JSON unless asked for Atom: by `?format=` or by an Accept header that names Atom and does not
 * rank JSON at least as high (wildcards never outrank a type named outright).
 */
export function feedFormat(format: 'json' | 'atom' | undefined, accept: string | undefined): 'json' | 'atom' {
  if (format) return format;
  let atom = 0;
  let json = 0;
  for (const part of (accept ?? '').split(',')) {
    const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (type === 'application/atom+xml') atom = Math.max(atom, q);
    if (type === 'application/json') json = Math.max(json, q);
  }
  return atom > 0 && atom > json ? 'atom' : 'json';
}
