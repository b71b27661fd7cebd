// Floods through the app's public routes, on the local runtime: fresh installs must not multiply
// the per-device tip allowance. New installs per client address are limited, and so are tips per
// action across all devices of one address; both answer 429 with Retry-After.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import { DEFAULT_DEVICE_LIMITS } from '#shared/domain/devices';
import { DEFAULT_TIP_RULES } from '#shared/domain/tips';
import { call } from '../support/http';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-app-floods-'));
let rt: Runtime;
let operator: string;

let tokenSeq = 0;
const register = (client: string) =>
  call<{ id: string; deviceToken: string }>(rt.url, 'POST', '/devices', {
    body: { platform: 'ios', pushToken: `${(++tokenSeq).toString(16).padStart(8, '0')}${'f10d'.repeat(14)}` },
    headers: { 'x-forwarded-for': client },
  });

beforeAll(async () => {
  rt = await startRuntime({ keyDir: dir, seed: 0, visibilityScale: 0.01, idleMs: 100, sendRatePerSecond: 0, trustForwardedFor: true });
  operator = await signToken(dir, { role: 'operator', sub: 'op-1' });
});

afterAll(async () => {
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('app floods', () => {
  it('limits new installs per client address, with Retry-After; another address is not affected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= DEFAULT_DEVICE_LIMITS.registrationsPerClient; i++) statuses.push((await register('10.7.0.1')).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(DEFAULT_DEVICE_LIMITS.registrationsPerClient);
    const refused = await register('10.7.0.1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(DEFAULT_DEVICE_LIMITS.windowSeconds));
    // The address is not repeated in the answer.
    expect(JSON.stringify(refused.body)).not.toContain('10.7.0.1');
    expect((await register('10.7.0.2')).status).toBe(201);
  });

  it('limits tips about one action per client address across its devices', async () => {
    const action = await call<{ id: string }>(rt.url, 'POST', '/actions', {
      token: operator,
      body: {
        type: 'heterdaad',
        title: 'Overval',
        description: { text: 'Man, donkere jas' },
        area: { center: { lat: 52.0907, lon: 5.1214 }, radiusMeters: 1000 },
        channels: ['push'],
        messages: { push: { title: 'Burgernet: Overval', body: 'Gezocht: man, donkere jas' } },
      },
    });
    expect(action.status).toBe(201);
    // As many installs as the address may register, each sending its full per-device allowance.
    const devices = [];
    for (let i = 0; i < DEFAULT_DEVICE_LIMITS.registrationsPerClient; i++) devices.push((await register('10.7.1.1')).body);
    let accepted = 0;
    let last: Awaited<ReturnType<typeof call>> | undefined;
    for (const d of devices) {
      for (let i = 0; i < DEFAULT_TIP_RULES.perWindow; i++) {
        last = await call(rt.url, 'POST', `/actions/${action.body.id}/tips`, { headers: { authorization: `Bearer ${d.deviceToken}`, 'x-forwarded-for': '10.7.1.1' }, body: { text: `tip ${i}` } });
        if (last.status === 201) accepted++;
        else expect(last.status).toBe(429);
      }
    }
    expect(accepted).toBe(DEFAULT_TIP_RULES.perClient);
    expect(last?.headers.get('retry-after')).toBe(String(DEFAULT_TIP_RULES.windowSeconds));
    // Another address's device still gets its own allowance.
    const other = (await register('10.7.1.2')).body;
    const ok = await call(rt.url, 'POST', `/actions/${action.body.id}/tips`, { headers: { authorization: `Bearer ${other.deviceToken}`, 'x-forwarded-for': '10.7.1.2' }, body: { text: 'elders' } });
    expect(ok.status).toBe(201);
  });
});
