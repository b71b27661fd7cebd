// `node --import tsx bench/preview.ts [--inside 40000] [--outside 10000] [--runs 7]`
//
// POST /actions/preview latency on the real local runtime (dynalite in its own process, as
// `npm start` runs it): seeds a crowd with `--inside` participants inside a 2 km circle around
// Utrecht and `--outside` in the ring beyond, checks the preview's counts against a brute-force
// count, and prints the median and worst time over `--runs` previews. Writes
// bench/results/preview-latest.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startRuntime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import { seededRandom } from '#shared/local/seed';
import { containsPoint, destination as pointAt, type Area } from '#shared/domain/area';
import type { Participant } from '#shared/ports/participant-store';
import type { Channel } from '#shared/domain/vocabulary';
import type { ActionPreview } from '#shared/domain/preview';
import { median } from './report';
import { quietLocalSdk } from '#shared/config/environment';

quietLocalSdk('WARN');

const { values: args } = parseArgs({
  options: {
    inside: { type: 'string', default: '40000' },
    outside: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '7' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log('usage: node --import tsx bench/preview.ts [--inside 40000] [--outside 10000] [--runs 7]');
  process.exit(0);
}
const inside = Number(args.inside);
const outside = Number(args.outside);
const runs = Number(args.runs);

const CENTER = { lat: 52.0907, lon: 5.1214 };
const RADIUS = 2_000;
const area: Area = { center: CENTER, radiusMeters: RADIUS };
const MUNICIPALITIES = ['GM0344', 'GM0310', 'GM0353'];

/** The point `meters` from the centre along `bearing` radians. */
const at = (meters: number, bearing: number) => pointAt(CENTER, meters, bearing);

function crowd(): Participant[] {
  const random = seededRandom(7);
  const out: Participant[] = [];
  const add = (meters: number) => {
    const i = out.length;
    const { lat, lon } = at(meters, random() * 2 * Math.PI);
    const r = random();
    const channels: Channel[] = r < 0.5 ? ['sms', 'voice'] : r < 0.8 ? ['sms'] : r < 0.9 ? ['voice', 'push'] : ['push'];
    out.push({
      id: `pv_${String(i).padStart(7, '0')}`,
      phone: `+316${String(i).padStart(8, '0')}`,
      push: channels.includes('push') ? { platform: 'android', endpoint: `local-device-${i}` } : undefined,
      channels,
      lat,
      lon,
      municipalityCode: MUNICIPALITIES[i % MUNICIPALITIES.length],
      language: 'nl',
      status: 'active',
      exerciseOptIn: random() < 0.3,
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  };
  // Uniform over the disc (√ for equal density), then a ring out to twice the radius.
  for (let i = 0; i < inside; i++) add(RADIUS * Math.sqrt(random()) * 0.999);
  for (let i = 0; i < outside; i++) add(RADIUS * (1.001 + random()));
  return out;
}


const dir = mkdtempSync(join(tmpdir(), 'burgernet-preview-'));
const rt = await startRuntime({ dataDir: join(dir, 'data'), keyDir: dir, seed: 0, storeProcess: true, sendRatePerSecond: 0 });
try {
  const people = crowd();
  const loadStarted = performance.now();
  for (let i = 0; i < people.length; i += 2000) {
    const slice = people.slice(i, i + 2000);
    await Promise.all([0, 1, 2, 3].map((k) => rt.world.stores.participants.putMany(slice.slice(k * 500, (k + 1) * 500))));
  }
  console.log(`seeded ${people.length.toLocaleString('en-US')} participants in ${Math.round(performance.now() - loadStarted)} ms`);

  const isInside = containsPoint(area);
  const expected = people.filter((p) => isInside(p.lat, p.lon));
  const expectedOn = (c: Channel) => expected.filter((p) => p.channels.includes(c)).length;

  const token = await signToken(dir, { role: 'operator', sub: 'bench' });
  const body = {
    type: 'heterdaad',
    title: 'Overval juwelier',
    description: { text: 'Man, 1.85 m, donkere jas' },
    area,
    channels: ['sms', 'voice', 'push'],
    messages: {
      sms: 'Burgernet: gezocht man 1.85 m, donkere jas. Gezien? Bel 0800-0011',
      voice: 'Dit is Burgernet. De politie zoekt een man met een donkere jas.',
      push: { title: 'Burgernet: overval Utrecht', body: 'Gezocht: man, 1.85 m, donkere jas' },
    },
  };
  const times: number[] = [];
  const server: number[] = [];
  let last: ActionPreview | undefined;
  for (let r = 0; r <= runs; r++) {
    const t0 = performance.now();
    const res = await fetch(`${rt.url}/actions/preview`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const preview = (await res.json()) as ActionPreview;
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`preview answered ${res.status}: ${JSON.stringify(preview)}`);
    // The first call loads the handler module; it is reported apart.
    if (r > 0) {
      times.push(ms);
      server.push(preview.selection.ms);
    } else console.log(`first call (handler load): ${Math.round(ms)} ms`);
    last = preview;
  }
  const p = last!;
  const correct =
    p.recipients.inArea === expected.length && (['sms', 'voice', 'push'] as const).every((c) => p.recipients.byChannel[c] === expectedOn(c));
  const result = {
    when: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    participants: { inside, outside },
    area,
    runs,
    latencyMs: { median: Math.round(median(times)), max: Math.round(Math.max(...times)), all: times.map(Math.round) },
    selectionMs: { median: median(server) },
    queryCalls: p.selection.queryCalls,
    itemsRead: p.selection.itemsRead,
    recipients: p.recipients.total,
    byChannel: p.recipients.byChannel,
    matchesBruteForce: correct,
    costTotal: p.cost.total,
  };
  console.log(
    `POST /actions/preview, ${inside.toLocaleString('en-US')} inside (+${outside.toLocaleString('en-US')} around): ` +
      `median ${result.latencyMs.median} ms, worst ${result.latencyMs.max} ms over ${runs} runs ` +
      `(selection ${result.selectionMs.median} ms, ${result.queryCalls} Query calls, ${result.itemsRead.toLocaleString('en-US')} items read); ` +
      `counts ${correct ? 'match' : 'DO NOT match'} a brute-force count`,
  );
  const resultsDir = resolve(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'preview-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  if (!correct) process.exitCode = 1;
} finally {
  await rt.stop();
  rmSync(dir, { recursive: true, force: true });
}
