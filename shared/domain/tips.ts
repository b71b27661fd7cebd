// Tips: while an action is active, an app user can tell the control room what they saw, with an
// optional position and photo. Per device and action only a few per window are taken, and none
// once the action has ended. The tipster is a pseudonym per action; a tip names no device.
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ActionStore, Page } from '#shared/ports/action-store';
import type { Device } from '#shared/ports/device-store';
import type { PhotoStore, PresignedUpload } from '#shared/ports/photo-store';
import type { RateLimiter } from '#shared/ports/rate-limiter';
import type { Tip, TipStore } from '#shared/ports/tip-store';
import type { Clock } from '#shared/ports/clock';
import { inServiceArea } from './devices';
import type { ParticipantKeys } from './participant-keys';
import { DomainError } from './domain-error';
import { text } from './text';

export const MAX_TIP_TEXT = 1_000;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** How long an upload or download link works. */
export const PHOTO_URL_SECONDS = 300;
const PHOTO_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/heic': 'heic', 'image/webp': 'webp' } as const;

export const tipSchema = z
  .object({
    text: text(MAX_TIP_TEXT),
    position: z
      .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
      .strict()
      .refine((p) => inServiceArea(p.lat, p.lon), { message: 'lies outside the Netherlands and its border zone' })
      .optional(),
    photo: z
      .object({
        contentType: z.enum(Object.keys(PHOTO_TYPES) as [keyof typeof PHOTO_TYPES, ...(keyof typeof PHOTO_TYPES)[]]),
        bytes: z.number().int().min(1).max(MAX_PHOTO_BYTES, `at most ${MAX_PHOTO_BYTES} bytes`),
      })
      .strict()
      .optional(),
  })
  .strict();
export type TipInput = z.infer<typeof tipSchema>;

/** GET /actions/{id}/tips: page size and the opaque cursor from the previous page's `next`. */
export const listTipsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('Tips per page'),
  cursor: z.string().max(2048).optional().describe('`next` of the previous page'),
});

export interface TipRules {
  /** Tips one device may send about one action per window. */
  readonly perWindow: number;
  /** Tips one client address may send about one action per window, across all its devices. */
  readonly perClient: number;
  readonly windowSeconds: number;
  readonly retentionDays: number;
}

export const DEFAULT_TIP_RULES: TipRules = { perWindow: 5, perClient: 10, windowSeconds: 600, retentionDays: 180 };

/** Where a tip comes from: the client address, counted under a keyed hash (never the address itself). */
export interface TipSource {
  readonly client: string;
  readonly keys: Pick<ParticipantKeys, 'limitKey'>;
}

export interface TipDeps {
  readonly actions: ActionStore;
  readonly tips: TipStore;
  readonly photos: PhotoStore;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly rules: TipRules;
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');
/** Lets operators see which tips came from one person in this action, and nothing more. */
export const tipsterPseudonym = (actionId: string, deviceId: string) => hash(`tipster:${actionId}:${deviceId}`).slice(0, 12);

export async function createTip(deps: TipDeps, actionId: string, device: Pick<Device, 'id'>, input: TipInput, from?: TipSource): Promise<{ tip: Tip; upload?: PresignedUpload }> {
  const action = await deps.actions.get(actionId);
  if (!action || action.status === 'awaiting-approval') throw new DomainError('not-found', `no action ${actionId}`, 'path.id');
  if (action.status !== 'active') throw new DomainError('conflict', `action is ${action.status}; it takes no more tips`, 'path.id');
  // The limiter's key holds a hash, never the device id itself.
  const key = `tip:${hash(device.id).slice(0, 32)}:${actionId}`;
  if (!(await deps.limiter.take(key, deps.rules.perWindow, deps.rules.windowSeconds))) {
    throw new DomainError('limited', `at most ${deps.rules.perWindow} tips per ${Math.round(deps.rules.windowSeconds / 60)} minutes about one action from one device`, 'authorization');
  }
  // Fresh installs would each get their own allowance: one address shares one across its devices.
  if (from && !(await deps.limiter.take(from.keys.limitKey('tip-client', `${from.client}:${actionId}`), deps.rules.perClient, deps.rules.windowSeconds))) {
    throw new DomainError('limited', `at most ${deps.rules.perClient} tips per ${Math.round(deps.rules.windowSeconds / 60)} minutes about one action from one address`, 'authorization');
  }
  const now = deps.clock.now();
  const id = `tip_${randomUUID()}`;
  const tip: Tip = {
    actionId,
    id,
    at: now.toISOString(),
    text: input.text,
    ...(input.position ? { position: { lat: input.position.lat, lon: input.position.lon } } : {}),
    ...(input.photo ? { photo: { key: `tips/${actionId}/${id}.${PHOTO_TYPES[input.photo.contentType]}`, contentType: input.photo.contentType, bytes: input.photo.bytes } } : {}),
    tipster: tipsterPseudonym(actionId, device.id),
    expiresAt: new Date(now.getTime() + deps.rules.retentionDays * 86_400_000).toISOString(),
  };
  await deps.tips.add(tip);
  const upload = tip.photo ? await deps.photos.uploadUrl(tip.photo.key, tip.photo.contentType, tip.photo.bytes, PHOTO_URL_SECONDS) : undefined;
  return { tip, ...(upload ? { upload } : {}) };
}

export interface TipView {
  readonly id: string;
  readonly at: string;
  readonly text: string;
  readonly tipster: string;
  readonly position?: { readonly lat: number; readonly lon: number };
  readonly photo?: { readonly contentType: string; readonly bytes: number; readonly url: string; readonly expiresAt: string };
}

/** An action's tips for operators, newest first, photos as short-lived links. */
export async function listTips(deps: Pick<TipDeps, 'actions' | 'tips' | 'photos' | 'clock'>, actionId: string, limit: number, cursor?: string): Promise<Page<TipView>> {
  if (!(await deps.actions.get(actionId))) throw new DomainError('not-found', `no action ${actionId}`, 'path.id');
  const page = await deps.tips.list(actionId, limit, cursor);
  const expiresAt = new Date(deps.clock.now().getTime() + PHOTO_URL_SECONDS * 1000).toISOString();
  const items = await Promise.all(
    page.items.map(async (t): Promise<TipView> => ({
      id: t.id,
      at: t.at,
      text: t.text,
      tipster: t.tipster,
      ...(t.position ? { position: t.position } : {}),
      ...(t.photo ? { photo: { contentType: t.photo.contentType, bytes: t.photo.bytes, url: await deps.photos.downloadUrl(t.photo.key, PHOTO_URL_SECONDS), expiresAt } } : {}),
    })),
  );
  return { items, ...(page.next ? { next: page.next } : {}) };
}
