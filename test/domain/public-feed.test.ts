import { describe, expect, it } from 'vitest';
import type { Action } from '#shared/domain/action';
import type { Page } from '#shared/ports/action-store';
import { isCircle, type Area } from '#shared/domain/area';
import {
  actionAsOf,
  feedActions,
  feedFormat,
  jsonFeed,
  publicAction,
  publicArea,
  roundRadius,
  visibility,
  type PublicFeedConfig,
} from '#shared/domain/public-feed';
import { resolveFunctionConfig, resolveSettings, type SettingOverrides } from '#infra/function-config';
import { publicFeedConfig } from '#shared/runtime/wiring';
import type { World } from '#shared/runtime/world';
import { alerted, BASE, cancelled, CIRCLE, ended, PERSONAL, POLYGON, updated } from './public-fixtures';

const config: PublicFeedConfig = { ...BASE, recentHours: 24, lookbackDays: 30 };
const hours = (iso: string, h: number) => new Date(Date.parse(iso) + h * 3_600_000);

describe('public area', () => {
  it('rounds a circle to three decimals and its radius up to the next 100 m', () => {
    expect(publicArea(CIRCLE)).toEqual({ center: { lat: 52.091, lon: 5.121 }, radiusMeters: 1300 });
    expect(roundRadius(1000)).toBe(1000);
    expect(roundRadius(1000.01)).toBe(1100);
    expect(roundRadius(20)).toBe(100);
    expect(roundRadius(100_000)).toBe(100_000);
  });

  it('rounds polygon vertices and keeps the ring closed', () => {
    const area = publicArea(POLYGON);
    expect(area).toEqual({ type: 'Polygon', coordinates: [[[4.281, 52.07], [4.32, 52.07], [4.32, 52.09], [4.281, 52.09], [4.281, 52.07]]] });
  });

  it('turns a polygon that rounding collapses into a covering circle', () => {
    // About 30 × 30 m around one house: all corners round to at most two grid points.
    const house: Area = { type: 'Polygon', coordinates: [[[5.12101, 52.09101], [5.12141, 52.09101], [5.12141, 52.09128], [5.12101, 52.09128], [5.12101, 52.09101]]] };
    const area = publicArea(house);
    expect(isCircle(area)).toBe(true);
    if (!isCircle(area)) return;
    expect(area.radiusMeters).toBeGreaterThanOrEqual(100);
    expect(String(area.center.lat).split('.')[1]!.length).toBeLessThanOrEqual(3);
  });
});

describe('what is public', () => {
  const t0 = '2026-11-29T10:15:30.123Z';

  it('lists active and recently closed actions, never unreleased ones, and exercises by id only', () => {
    const active = alerted();
    expect(visibility(active, hours(t0, 1), config)).toBe('listed');
    expect(visibility(alerted({ status: 'awaiting-approval', approval: { reasons: ['type vermist-kind'] } }), hours(t0, 1), config)).toBe('hidden');
    // Cancelled before anyone approved it: it never went out.
    expect(visibility(alerted({ status: 'cancelled', approval: { reasons: ['radius'] }, endedAt: t0 }), hours(t0, 1), config)).toBe('hidden');
    expect(visibility(alerted({ approval: { reasons: ['radius'], by: 'op-2', at: t0 } }), hours(t0, 1), config)).toBe('listed');
    const done = ended(active, 'Verdachte is aangehouden.', '2026-11-29T11:00:00.000Z');
    expect(visibility(done, hours('2026-11-29T11:00:00.000Z', 23.9), config)).toBe('listed');
    expect(visibility(done, hours('2026-11-29T11:00:00.000Z', 24.1), config)).toBe('hidden');
    expect(visibility(alerted({ exercise: true }), hours(t0, 1), config)).toBe('unlisted');
  });

  it('reads the store page by page, newest first, and stops at the look-back horizon', async () => {
    const now = new Date('2026-11-29T12:00:00.000Z');
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString();
    const all: Action[] = [
      alerted({ id: 'a1', createdAt: at(0.1) }),
      alerted({ id: 'a2', createdAt: at(0.2), exercise: true }),
      alerted({ id: 'a3', createdAt: at(0.3), status: 'awaiting-approval', approval: { reasons: ['x'] } }),
      ...Array.from({ length: 60 }, (_, i) => ended(alerted({ id: `old-end-${i}`, createdAt: at(1.1 + i / 10) }), 'klaar', at(1.05 + i / 10))),
      alerted({ id: 'a4', createdAt: at(12) }),
      alerted({ id: 'too-old', createdAt: at(31) }),
    ];
    const calls: number[] = [];
    const store = {
      list: async (limit: number, cursor?: string): Promise<Page<Action>> => {
        const from = cursor ? Number(cursor) : 0;
        calls.push(from);
        return { items: all.slice(from, from + limit), ...(from + limit < all.length ? { next: String(from + limit) } : {}) };
      },
    };
    const items = await feedActions(store, now, config);
    expect(items.map((a) => a.id)).toEqual(['a1', 'a4']);
    expect(calls).toEqual([0, 50]);
  });

  it("reads its settings from the function's configuration", () => {
    const configured = (settings: SettingOverrides) => publicFeedConfig({ config: resolveFunctionConfig('publicActions', { world: 'local', tables: {}, queues: {} }, resolveSettings(settings)) } as World);
    expect(configured({ publicBaseUrl: 'https://x.test/api/' })).toEqual({ baseUrl: 'https://x.test/api', recentHours: 24, lookbackDays: 30 });
    expect(configured({ publicBaseUrl: 'https://x.test', publicFeed: { hours: 6 } }).recentHours).toBe(6);
    expect(() => configured({})).toThrow(/publicBaseUrl/);
    expect(() => configured({ publicBaseUrl: 'https://x.test', publicFeed: { hours: -1 } })).toThrow(/publicFeed\.hours/);
  });
});

describe('public view', () => {
  const a = ended(updated(alerted(), 'Gezien bij het station', '2026-11-29T10:30:00.000Z', POLYGON), 'Dank voor uw hulp.', '2026-11-29T11:00:00.000Z');

  it('shows the public texts, rounded areas and links, nothing personal', () => {
    const view = publicAction(a, BASE);
    const json = JSON.stringify(view);
    for (const p of PERSONAL) expect(json).not.toContain(p);
    expect(json).not.toContain('Burgernet: gezocht man'); // channel texts stay private
    expect(view).toMatchObject({
      status: 'ended',
      outcome: 'aangehouden',
      headline: 'Beëindigd: Overval juwelier',
      text: 'Verdachte aangehouden. Dank voor uw hulp.',
      startedAt: '2026-11-29T10:15:30.123Z',
      updatedAt: '2026-11-29T11:00:00.000Z',
      area: { type: 'Polygon' },
      links: { self: `${BASE.baseUrl}/public/actions/${a.id}`, cap: `${BASE.baseUrl}/public/actions/${a.id}.cap` },
    });
    expect(view.bulletins.map((b) => [b.kind, 'area' in b])).toEqual([['alert', false], ['update', true], ['end', false]]);
    expect(Object.keys(view).sort()).toEqual(['area', 'bulletins', 'endedAt', 'event', 'exercise', 'headline', 'id', 'links', 'outcome', 'startedAt', 'status', 'text', 'title', 'type', 'updatedAt']);
  });

  it('carries a WhatsApp link with the headline and the public URL filled in', () => {
    const link = publicAction(alerted(), BASE).links.whatsapp;
    expect(link.startsWith('https://wa.me/?text=')).toBe(true);
    expect(decodeURIComponent(link.slice('https://wa.me/?text='.length))).toBe(`Burgernet: Overval juwelier ${BASE.baseUrl}/public/actions/${a.id}`);
    expect(link).not.toMatch(/[ &#]/);
  });

  it('marks exercises in the headline and dates an approved alert from its approval', () => {
    const view = publicAction(alerted({ exercise: true, approval: { reasons: ['x'], by: 'op-2', at: '2026-11-29T10:20:00.000Z' } }), BASE);
    expect(view.headline).toBe('OEFENING Overval juwelier');
    expect(view.exercise).toBe(true);
    expect(view.startedAt).toBe('2026-11-29T10:20:00.000Z');
  });

  it('shows an action as it stood at an earlier bulletin', () => {
    const atUpdate = actionAsOf(a, 1)!;
    expect(atUpdate).toMatchObject({ status: 'active', area: POLYGON });
    expect(atUpdate.bulletins).toHaveLength(2);
    expect(atUpdate.outcome).toBeUndefined();
    expect(atUpdate.endedAt).toBeUndefined();
    expect(actionAsOf(a, 0)!.area).toEqual(CIRCLE);
    expect(actionAsOf(a, 3)).toBeUndefined();
    expect(actionAsOf(cancelled(alerted(), 'Vergissing', '2026-11-29T10:20:00.000Z'), 1)).toMatchObject({ status: 'cancelled', endedAt: '2026-11-29T10:20:00.000Z' });
  });

  it('wraps items in a JSON feed with links to itself and the Atom version', () => {
    const feed = jsonFeed([a], { ...BASE, recentHours: 24, lookbackDays: 30 }, new Date('2026-11-29T12:00:00.000Z'));
    expect(feed.links).toEqual({ self: `${BASE.baseUrl}/public/actions`, atom: `${BASE.baseUrl}/public/actions?format=atom` });
    expect(feed.items).toHaveLength(1);
  });
});

describe('content negotiation', () => {
  it.each([
    [undefined, undefined, 'json'],
    [undefined, '*/*', 'json'],
    [undefined, 'application/atom+xml', 'atom'],
    [undefined, 'application/atom+xml, */*;q=0.1', 'atom'],
    [undefined, 'application/json, application/atom+xml', 'json'],
    [undefined, 'application/json;q=0.5, application/atom+xml', 'atom'],
    [undefined, 'application/atom+xml;q=0', 'json'],
    ['json', 'application/atom+xml', 'json'],
    ['atom', 'application/json', 'atom'],
  ] as const)('format=%s, Accept: %s → %s', (format, accept, expected) => {
    expect(feedFormat(format, accept)).toBe(expected);
  });
});
