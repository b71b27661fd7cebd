// The printable municipality report opened in a real headless Chromium (Debian's `chromium`,
// installed by .ci/run): three inline SVG charts laid out with visible marks, nothing loaded from
// elsewhere. Without a Chromium on this machine the test is skipped and says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import type { Participant } from '#shared/ports/participant-store';
import { addMonths, monthOf } from '#shared/domain/usage';
import { recordParticipantChanges } from '#shared/domain/participant-usage';
import { call } from '../support/http';

const run = promisify(execFile);
const CHROMIUM = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
if (!CHROMIUM) console.warn('\n*** report-html.test.ts SKIPPED: no Chromium here (apt-get install chromium, or set CHROMIUM=/path); CI installs it. ***\n');

const dir = mkdtempSync(join(tmpdir(), 'burgernet-report-html-'));
let rt: Runtime;
let token: string;

/** Measures what Chromium laid out and leaves it on <body> for --dump-dom to print. */
const MEASURE = `<script>
addEventListener('load', () => {
  const charts = [...document.querySelectorAll('svg.chart')].map((s) => {
    const box = s.getBoundingClientRect();
    const marks = [...s.querySelectorAll('rect, polyline, circle')].filter((e) => { const b = e.getBBox(); return b.width > 0 && b.height > 0; }).length;
    return { label: s.getAttribute('aria-label'), width: Math.round(box.width), height: Math.round(box.height), marks };
  });
  const external = [...document.querySelectorAll('[src], link[href], img, iframe, object')].length;
  document.body.setAttribute('data-result', JSON.stringify({ charts, external }));
});
</script>`;

beforeAll(async () => {
  rt = await startRuntime({ keyDir: dir, seed: 0, visibilityScale: 0.01, idleMs: 100, sendRatePerSecond: 0 });
  // 60 residents of Utrecht joining over the last six months, on all three channels.
  const now = new Date();
  const people: { participant: Participant; at: string }[] = Array.from({ length: 60 }, (_, i) => ({
    participant: {
      id: `hp_${i}`,
      phone: `+3162${String(7000 + i).padStart(7, '0')}`,
      channels: i % 3 === 0 ? ['sms', 'voice'] : i % 3 === 1 ? ['sms'] : ['push'],
      ...(i % 3 === 2 ? { push: { platform: 'ios' as const, endpoint: `local-device-h${i}` } } : {}),
      lat: 52.0907 + i / 20_000,
      lon: 5.1214,
      municipalityCode: 'GM0344',
      language: 'nl',
      status: 'active',
      exerciseOptIn: false,
      updatedAt: now.toISOString(),
    },
    at: new Date(`${addMonths(monthOf(now), -(i % 6))}-15T12:00:00Z`).toISOString(),
  }));
  await rt.world.stores.participants.putMany(people.map((p) => p.participant));
  await recordParticipantChanges({ usage: rt.world.stores.usage }, people);
  token = await signToken(dir, { role: 'municipality', municipality: 'GM0344' });
  const ops = await signToken(dir, { role: 'operator' });
  await call(rt.url, 'POST', '/actions', {
    token: ops,
    body: { type: 'vermissing', title: 'Vermiste man', description: { text: 'Man, 80 jaar' }, area: { center: { lat: 52.0907, lon: 5.1214 }, radiusMeters: 3000 }, channels: ['sms', 'push'], messages: { sms: 'Burgernet: vermiste man, 80 jaar. Gezien? Bel 0800-0011', push: { title: 'Burgernet: vermist', body: 'Man, 80 jaar' } } },
  });
  await rt.pollers.idle();
}, 60_000);

afterAll(async () => {
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('printable municipality report', () => {
  it('is a self-contained HTML page only its readers get', async () => {
    const res = await call<string>(rt.url, 'GET', '/reports/municipalities/GM0344.html', { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.body.match(/<svg /g)).toHaveLength(3);
    expect(res.body).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(res.body).toContain('@media print');
    expect((await call(rt.url, 'GET', '/reports/municipalities/GM0363.html', { token })).status).toBe(403);
  });

  it.skipIf(!CHROMIUM)('renders its three charts in headless Chromium', async () => {
    const html = (await call<string>(rt.url, 'GET', '/reports/municipalities/GM0344.html', { token })).body;
    const file = join(dir, 'report.html');
    writeFileSync(file, html.replace('</body>', `${MEASURE}</body>`));
    const { stdout } = await run(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--virtual-time-budget=5000', '--dump-dom', `file://${file}`], {
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const attr = /data-result="([^"]*)"/.exec(stdout)?.[1];
    expect(attr, 'the page reported its layout').toBeDefined();
    const result = JSON.parse(attr!.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as { charts: { label: string; width: number; height: number; marks: number }[]; external: number };
    expect(result.external).toBe(0);
    expect(result.charts.map((c) => c.label)).toEqual(['Deelnemers per kanaal (eind van de maand)', 'Berichten aan inwoners per kanaal per maand', 'Kosten per maand (USD)']);
    for (const c of result.charts) {
      expect(c.width, c.label).toBeGreaterThan(300);
      expect(c.height, c.label).toBeGreaterThan(100);
    }
    // Lines and dots for three channels over six months; bars for this month's messages and cost.
    const [participants, messages, cost] = result.charts;
    expect(participants!.marks).toBeGreaterThanOrEqual(3 * 6);
    expect(messages!.marks).toBeGreaterThanOrEqual(2);
    expect(cost!.marks).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
