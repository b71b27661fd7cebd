// `node --import tsx bench/load.ts [--rate 20] [--seconds 60] [--participants N] [--margin-km 8]`
//
// Mixed operator and participant traffic against the local runtime (bench/local-runtime.ts: the
// Utrecht participants of the national crowd), open loop: request k is fired at start + k/rate
// whatever earlier requests are doing, so a slow answer does not slow the offered load (no
// coordinated omission; the scheduler's own lag is reported). Latency is from firing to the
// whole body read. Prints p50/p99 and errors (any status a kind does not expect) per kind and
// overall; merges "load" into bench/results/latest.json.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { destination } from '#shared/domain/area';
import { seededRandom } from '#shared/local/seed';
import { actionBody, runAndExit, startBenchRuntime, UTRECHT_5KM, type BenchRuntime } from './local-runtime';
import { fmt, mergeSection, percentile, table } from './report';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '60' },
    participants: { type: 'string', default: '2300000' },
    'margin-km': { type: 'string', default: '8' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`usage: node --import tsx bench/load.ts [options]
  --rate R          requests per second offered, open loop (default 20)
  --seconds S       duration (default 60)
  --participants N  national crowd the Utrecht participants come from (default 2,300,000)
  --margin-km K     load participants up to K km beyond the Utrecht 5 km circle (default 8)`);
  process.exit(0);
}
const rate = Number(args.rate);
const seconds = Number(args.seconds);
const participants = Number(args.participants.replace(/[_,]/g, ''));
const marginKm = Number(args['margin-km']);
if (!(rate > 0) || !(seconds > 0)) {
  console.error('--rate and --seconds must be positive');
  process.exit(2);
}

interface Req {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly headers: Record<string, string>;
}

interface Kind {
  readonly name: string;
  readonly who: 'operator' | 'participant';
  /** Share of the requests. */
  readonly weight: number;
  readonly expect: readonly number[];
  make(n: number): Req;
}

const random = seededRandom(20);
/** A point in Utrecht within 4 km of the centre. */
const somewhere = () => destination(UTRECHT_5KM.center, 4000 * Math.sqrt(random()), 2 * Math.PI * random());

function kinds(b: BenchRuntime, actionIds: readonly string[], devices: readonly { id: string; deviceToken: string }[]): Kind[] {
  const op = { authorization: `Bearer ${b.operatorToken}` };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  return [
    { name: 'GET /actions', who: 'operator', weight: 0.1, expect: [200], make: () => ({ method: 'GET', path: '/actions', headers: op }) },
    { name: 'GET /actions/{id}', who: 'operator', weight: 0.1, expect: [200], make: () => ({ method: 'GET', path: `/actions/${pick(actionIds)}`, headers: op }) },
    { name: 'GET /actions/{id}/timeline', who: 'operator', weight: 0.05, expect: [200], make: () => ({ method: 'GET', path: `/actions/${pick(actionIds)}/timeline`, headers: op }) },
    // 1–2 km circles: a few thousand to ~10,000 participants at national density.
    { name: 'POST /actions/preview', who: 'operator', weight: 0.05, expect: [200], make: () => ({ method: 'POST', path: '/actions/preview', headers: op, body: actionBody(somewhere(), 1000 + Math.round(random() * 1000), ['sms', 'voice']) }) },
    {
      name: 'POST /participants',
      who: 'participant',
      weight: 0.1,
      expect: [201],
      // A number range (all but the last three digits) and a client address of its own each: the
      // anti-SMS-pumping limits per range, number and address are not what is measured here.
      make: (n) => ({
        method: 'POST',
        path: '/participants',
        headers: { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
        body: { phone: `+3161${String(n % 10_000).padStart(4, '0')}${String((n * 7) % 1000).padStart(3, '0')}`, postcode: '3511 AA', houseNumber: 12, channels: ['sms'] },
      }),
    },
    { name: 'GET /public/actions', who: 'participant', weight: 0.3, expect: [200], make: () => ({ method: 'GET', path: '/public/actions', headers: {} }) },
    {
      name: 'PUT /devices/{id}/position',
      who: 'participant',
      weight: 0.3,
      expect: [200],
      make: () => {
        const d = pick(devices);
        return { method: 'PUT', path: `/devices/${d.id}/position`, headers: { authorization: `Bearer ${d.deviceToken}` }, body: somewhere() };
      },
    },
  ];
}

interface Outcome {
  readonly kind: string;
  readonly status: number;
  readonly ms: number;
  readonly ok: boolean;
}

async function fire(url: string, kind: Kind, req: Req): Promise<Outcome> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${url}${req.path}`, {
      method: req.method,
      headers: { ...req.headers, ...(req.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
    });
    await res.arrayBuffer();
    return { kind: kind.name, status: res.status, ms: performance.now() - t0, ok: kind.expect.includes(res.status) };
  } catch {
    // Connection refused or reset: status 0.
    return { kind: kind.name, status: 0, ms: performance.now() - t0, ok: false };
  }
}

/** Open loop: every request leaves at its slot; answers are collected as they come. */
async function run(url: string, mix: readonly Kind[]): Promise<{ outcomes: Outcome[]; maxLagMs: number; wallSeconds: number }> {
  const total = Math.round(rate * seconds);
  const cumulative: number[] = [];
  let acc = 0;
  for (const k of mix) cumulative.push((acc += k.weight));
  const pending: Promise<Outcome>[] = [];
  let maxLagMs = 0;
  const start = performance.now();
  for (let n = 0; n < total; n++) {
    const due = start + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    maxLagMs = Math.max(maxLagMs, performance.now() - due);
    const u = random() * acc;
    const kind = mix[Math.max(0, cumulative.findIndex((c) => u < c))]!;
    pending.push(fire(url, kind, kind.make(n)));
  }
  const outcomes = await Promise.all(pending);
  return { outcomes, maxLagMs, wallSeconds: (performance.now() - start) / 1000 };
}

console.log(`Load bench: ${rate} requests/s for ${seconds} s, open loop, mixed operator and participant traffic on the local runtime`);
const b = await startBenchRuntime({ participants, marginKm, sendRatePerSecond: 0 });
await runAndExit(b, async () => {
  let exitCode = 0;
  console.log(`loaded ${fmt(b.loaded.length)} participants around Utrecht in ${fmt(b.loadSeconds, 1)} s`);
  // Something for the operator reads: three small actions, fanned out before the load starts.
  const actionIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${b.rt.url}/actions`, { method: 'POST', headers: { authorization: `Bearer ${b.operatorToken}`, 'content-type': 'application/json' }, body: JSON.stringify(actionBody(somewhere(), 300)) });
    if (res.status !== 201) throw new Error(`POST /actions answered ${res.status}`);
    actionIds.push(((await res.json()) as { id: string }).id);
  }
  await b.rt.pollers.idle();
  // App installs whose positions the load updates.
  const devices: { id: string; deviceToken: string }[] = [];
  for (let i = 0; i < 50; i++) {
    const res = await fetch(`${b.rt.url}/devices`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ platform: i % 2 ? 'ios' : 'android', pushToken: `${i.toString(16).padStart(8, '0')}${'be0c'.repeat(14)}` }) });
    if (res.status !== 201) throw new Error(`POST /devices answered ${res.status}: ${await res.text()}`);
    devices.push((await res.json()) as { id: string; deviceToken: string });
  }

  const mix = kinds(b, actionIds, devices);
  const { outcomes, maxLagMs, wallSeconds } = await run(b.rt.url, mix);
  // Let the sign-ups' verification SMS and position work finish before stopping.
  await b.rt.pollers.idle();

  const figures = (name: string, xs: readonly Outcome[]) => {
    const ms = xs.map((o) => o.ms);
    const statuses: Record<string, number> = {};
    for (const o of xs) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
    return {
      kind: name,
      requests: xs.length,
      p50Ms: xs.length ? percentile(ms, 50) : null,
      p99Ms: xs.length ? percentile(ms, 99) : null,
      maxMs: xs.length ? Math.max(...ms) : null,
      errors: xs.filter((o) => !o.ok).length,
      statuses,
    };
  };
  const perKind = mix.map((k) => ({ who: k.who, ...figures(k.name, outcomes.filter((o) => o.kind === k.name)) }));
  const operator = figures('operator', outcomes.filter((o) => mix.find((k) => k.name === o.kind)?.who === 'operator'));
  const participant = figures('participant', outcomes.filter((o) => mix.find((k) => k.name === o.kind)?.who === 'participant'));
  const overall = figures('overall', outcomes);
  const ms = (x: number | null) => (x === null ? '–' : fmt(x, 1));
  console.log('');
  console.log(
    table(
      ['kind', 'requests', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'statuses'],
      [...perKind, operator, participant, overall].map((f) => [f.kind, fmt(f.requests), ms(f.p50Ms), ms(f.p99Ms), ms(f.maxMs), fmt(f.errors), Object.entries(f.statuses).map(([s, n]) => `${s}×${n}`).join(' ')]),
    ),
  );
  console.log(`offered ${fmt(outcomes.length)} requests in ${fmt(wallSeconds, 1)} s (${fmt(outcomes.length / wallSeconds, 1)}/s achieved offer; scheduler lag at most ${fmt(maxLagMs)} ms)`);
  if (overall.errors > 0) exitCode = 1;

  mergeSection('load', {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    offered: { ratePerSecond: rate, seconds, requests: outcomes.length, wallSeconds, maxSchedulerLagMs: maxLagMs },
    model: 'open loop: request k is sent at start + k/rate regardless of earlier answers; latency from send to the body read',
    crowd: `participants of the ${participants}-participant national synthetic crowd within ${UTRECHT_5KM.radiusMeters / 1000 + marginKm} km of Utrecht centre (${b.loaded.length} loaded)`,
    setup: '3 small actions fanned out beforehand, 50 registered devices; sign-ups with distinct numbers and client addresses',
    mix: mix.map((k) => ({ kind: k.name, who: k.who, weight: k.weight, expectedStatuses: k.expect })),
    perKind,
    operator,
    participant,
    overall,
  });
  console.log('merged "load" into bench/results/latest.json');
  return exitCode;
});
