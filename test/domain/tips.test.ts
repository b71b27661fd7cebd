// Tips: taken while the action is active, a few per device per window, none after the end;
// operators read them newest first with photo links; nothing names the device.
import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/domain/domain-error';
import { createTip, DEFAULT_TIP_RULES, listTips, tipSchema, tipsterPseudonym, type TipDeps } from '#shared/domain/tips';
import { resolveFunctionConfig, resolveSettings, type SettingOverrides } from '#infra/function-config';
import { tipRules } from '#shared/runtime/wiring';
import type { World } from '#shared/runtime/world';
import { action, FakeActions, FakeLimiter, FakePhotos, FakeTips, fixedClock, UTRECHT } from '../support/app-fakes';

const DEVICE = { id: 'dev_0123456789abcdef0123456789abcdef' };

function world(a = action()) {
  const tips = new FakeTips();
  const clock = fixedClock('2026-03-02T08:00:00.000Z');
  const deps: TipDeps = { actions: new FakeActions(a), tips, photos: new FakePhotos(), limiter: new FakeLimiter(), clock, rules: DEFAULT_TIP_RULES };
  return { deps, tips, clock, a };
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe('createTip', () => {
  it('stores the tip under a pseudonym, with a photo key and an upload link', async () => {
    const { deps, tips, a } = world();
    const input = tipSchema.parse({ text: '  Man in donkere jas bij de Neude ', position: UTRECHT, photo: { contentType: 'image/jpeg', bytes: 200_000 } });
    const { tip, upload } = await createTip(deps, a.id, DEVICE, input);
    expect(tip).toMatchObject({ actionId: a.id, text: 'Man in donkere jas bij de Neude', position: UTRECHT, tipster: tipsterPseudonym(a.id, DEVICE.id), expiresAt: '2026-08-29T08:00:00.000Z' });
    expect(tip.photo).toEqual({ key: `tips/${a.id}/${tip.id}.jpg`, contentType: 'image/jpeg', bytes: 200_000 });
    expect(upload).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/jpeg', 'content-length': '200000' } });
    expect(JSON.stringify(tips.tips)).not.toContain(DEVICE.id);
    expect(tipsterPseudonym(a.id, DEVICE.id)).not.toBe(tipsterPseudonym('act_other', DEVICE.id));
  });

  it('takes five per device and action per window, then refuses', async () => {
    const { deps, a } = world();
    for (let i = 0; i < 5; i++) await createTip(deps, a.id, DEVICE, { text: `tip ${i}` });
    expect(await refusal(createTip(deps, a.id, DEVICE, { text: 'one more' }))).toMatchObject({ kind: 'limited' });
    await createTip(deps, a.id, { id: 'dev_ffffffffffffffffffffffffffffffff' }, { text: 'another device' });
  });

  it('refuses with 409 once the action has ended, 404 for an unknown or unreleased action', async () => {
    expect(await refusal(createTip(world(action({ status: 'ended' })).deps, action().id, DEVICE, { text: 'x' }))).toMatchObject({ kind: 'conflict', field: 'path.id' });
    expect(await refusal(createTip(world(action({ status: 'cancelled' })).deps, action().id, DEVICE, { text: 'x' }))).toMatchObject({ kind: 'conflict' });
    expect(await refusal(createTip(world().deps, 'act_00000000-0000-4000-8000-00000000dead', DEVICE, { text: 'x' }))).toMatchObject({ kind: 'not-found' });
    expect(await refusal(createTip(world(action({ status: 'awaiting-approval' })).deps, action().id, DEVICE, { text: 'x' }))).toMatchObject({ kind: 'not-found' });
  });

  it('validates text, position and photo by field', () => {
    const fields = (body: unknown) => (tipSchema.safeParse(body).error?.issues ?? []).map((i) => i.path.join('.'));
    expect(fields({ text: ' ' })).toEqual(['text']);
    expect(fields({ text: 'x'.repeat(1001) })).toEqual(['text']);
    expect(fields({ text: 'x', position: { lat: 48.85, lon: 2.35 } })).toEqual(['position']);
    expect(fields({ text: 'x', photo: { contentType: 'image/gif', bytes: 10 } })).toEqual(['photo.contentType']);
    expect(fields({ text: 'x', photo: { contentType: 'image/png', bytes: 11 * 1024 * 1024 } })).toEqual(['photo.bytes']);
  });

  it("reads its rules from the function's configuration", () => {
    const configured = (settings: SettingOverrides) => tipRules({ config: resolveFunctionConfig('createTip', { world: 'local', tables: {}, queues: {} }, resolveSettings(settings)) } as World);
    expect(configured({ tips: { perWindow: 3, perClient: 7, windowSeconds: 60, retentionDays: 30 } })).toEqual({ perWindow: 3, perClient: 7, windowSeconds: 60, retentionDays: 30 });
    expect(configured({})).toEqual(DEFAULT_TIP_RULES);
    // Not a number: refused when the configuration is resolved (a cold start fails), never used.
    expect(() => configured({ tips: { perWindow: Number('many') } })).toThrow(/tips\.perWindow/);
  });
});

describe('listTips', () => {
  it('lists newest first, positions for operators, photos as links', async () => {
    const { deps, clock, a } = world();
    await createTip(deps, a.id, DEVICE, { text: 'eerste' });
    clock.set('2026-03-02T08:05:00.000Z');
    const { tip } = await createTip(deps, a.id, DEVICE, { text: 'tweede', position: UTRECHT, photo: { contentType: 'image/png', bytes: 5 } });
    const page = await listTips(deps, a.id, 10);
    expect(page.items.map((t) => t.text)).toEqual(['tweede', 'eerste']);
    expect(page.items[0]).toMatchObject({ id: tip.id, position: UTRECHT, photo: { contentType: 'image/png', bytes: 5, url: `https://download/tips/${a.id}/${tip.id}.png` } });
    expect(page.items[1]).not.toHaveProperty('photo');
  });

  it('answers 404 for an unknown action', async () => {
    expect(await refusal(listTips(world().deps, 'act_00000000-0000-4000-8000-00000000dead', 10))).toMatchObject({ kind: 'not-found' });
  });
});
