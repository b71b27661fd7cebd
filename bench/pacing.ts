// `npm run bench:pacing [-- --participants 6000 --radius 2000 --sms-rate N --push-rate N --voice-calls N --voice-call-seconds S]`
//
// Pacing and nearest first, end to end on the real local runtime: seeds participants uniformly
// over a circle, plugs in a provider that throttles every call above the channel's quota (SMS
// message parts per second, push publishes per second, concurrent voice calls of an assumed
// length), starts one action on all three channels through the HTTP API and reads the outbox
// timestamps back. Per channel it reports the achieved rate as a share of the quota, the
// provider's throttles, and the median distance of the first 10 % served over the median distance
// of all served (1 = no preference; the best possible for a uniform disc is √0.05/√0.5 ≈ 0.32).
// Writes bench/results/pacing-latest.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { channels, functions, quotaRatePerSecond, quotas, senderOf, type Channel, type FunctionSpec } from '#infra/topology';
import { resolveSettings } from '#infra/function-config';
import { quietLocalSdk } from '#shared/config/environment';
import { seededRandom } from '#shared/local/seed';
import { destination as pointAt, distanceMeters } from '#shared/domain/area';
import { smsLength } from '#shared/domain/sms-encoding';
import { ChannelError, type ChannelSender, type OutboundMessage } from '#shared/ports/channel-sender';
import type { Participant } from '#shared/ports/participant-store';
import type { OutboxEntry } from '#shared/adapters/local/outbox-sender';
import { median } from './report';

// Before the runtime (and its logger) loads: a figures printout, not a log of every chunk.
quietLocalSdk('ERROR');
const { startRuntime } = await import('#shared/local/runtime');
const { wrapPorts } = await import('#shared/local/local-world');
const { signToken } = await import('#shared/local/keys');

const { values: args } = parseArgs({
  options: {
    participants: { type: 'string', default: '3000' },
    radius: { type: 'string', default: '2000' },
    'sms-rate': { type: 'string', default: '25' },
    'push-rate': { type: 'string', default: '40' },
    'voice-calls': { type: 'string', default: String(quotas.voice.concurrentCalls) },
    'voice-call-seconds': { type: 'string', default: String(quotas.voice.assumedCallSeconds) },
    'max-seconds': { type: 'string', default: '240' },
    channels: { type: 'string', default: channels.join(',') },
    unpaced: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`usage: npm run bench:pacing -- [options]
  --participants N        participants seeded uniformly over the circle (default 3,000; 40 % on SMS, 4 % voice, 80 % push)
  --radius M              circle radius in metres around Utrecht (default 2,000)
  --sms-rate N            SMS quota, message parts per second (default 25)
  --push-rate N           push quota, publishes per second (default 40)
                          The topology's AWS quotas (SMS ${quotas.sms.partsPerSecond}/s, push ${quotas.push.publishesPerSecond}/s) are more than the local
                          store delivers on a small machine (see --unpaced); above that the quota would not be
                          what limits the rate, and the bench would measure the machine instead.
  --voice-calls N         concurrent voice calls (default: the topology's, ${quotas.voice.concurrentCalls})
  --voice-call-seconds S  assumed call length (default: the topology's, ${quotas.voice.assumedCallSeconds})
  --max-seconds S         give up waiting for one channel's delivery after this long (default 240)
  --channels LIST         channels to measure, one action each, in turn (default sms,voice,push)
  --unpaced               no pacer and no provider quota: measures what the local machine can deliver`);
  process.exit(0);
}

const num = (name: string, text: string, min: number): number => {
  const n = Number(text.replace(/[_,]/g, ''));
  if (!Number.isFinite(n) || n < min) {
    console.error(`--${name} must be a number ≥ ${min}, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return n;
};
const participants = num('participants', args.participants, 100);
const radius = num('radius', args.radius, 100);
const voiceCalls = num('voice-calls', args['voice-calls'], 1);
const voiceCallSeconds = num('voice-call-seconds', args['voice-call-seconds'], 0.1);
const quota: Record<Channel, number> = {
  sms: num('sms-rate', args['sms-rate'], 0.1),
  voice: voiceCalls / voiceCallSeconds,
  push: num('push-rate', args['push-rate'], 0.1),
};
const maxSeconds = num('max-seconds', args['max-seconds'], 10);
const measured = args.channels.split(',').map((c) => c.trim()) as Channel[];
if (measured.length === 0 || measured.some((c) => !channels.includes(c))) {
  console.error(`--channels: a comma-separated list of ${channels.join(', ')}`);
  process.exit(2);
}
const unpaced = args.unpaced;

// ---------------------------------------------------------------- the crowd

const CENTER = { lat: 52.0907, lon: 5.1214 };
/** Share of participants on each channel, so every channel runs for a comparable time. */
const SHARE: Record<Channel, number> = { sms: 0.4, voice: 0.04, push: 0.8 };

const destination = (meters: number, bearing: number) => pointAt(CENTER, meters, bearing);

function crowd(): Participant[] {
  const random = seededRandom(20_261_129);
  return Array.from({ length: participants }, (_, i) => {
    // √ of a uniform draw spreads points evenly over the disc; 0.995 keeps them off the rim.
    const { lat, lon } = destination(radius * 0.995 * Math.sqrt(random()), random() * 2 * Math.PI);
    const chosen = channels.filter((c) => random() < SHARE[c]);
    const list: Channel[] = chosen.length > 0 ? chosen : ['push'];
    return {
      id: `pc_${String(i).padStart(6, '0')}`,
      phone: `+3162${String(i).padStart(7, '0')}`,
      push: list.includes('push') ? { platform: i % 2 ? 'ios' : 'android', endpoint: `bench-device-${i}` } : undefined,
      channels: list,
      lat,
      lon,
      municipalityCode: 'GM0344',
      language: 'nl',
      status: 'active',
      exerciseOptIn: false,
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
  });
}

// ---------------------------------------------------------------- a provider with a quota

/**
 * Wraps the outbox like a provider that enforces the quota: SMS and push refuse a call that
 * would put more than the quota in any one-second window (an SMS counts its segments), voice
 * refuses a call while the assumed-length calls in progress fill every line.
 */
class QuotaProvider implements ChannelSender {
  readonly channel: Channel;
  throttles = 0;
  private readonly recent: { at: number; units: number }[] = [];
  private readonly callsEnd: number[] = [];

  constructor(private readonly real: ChannelSender) {
    this.channel = real.channel;
  }

  async send(m: OutboundMessage): Promise<string> {
    if (unpaced) return this.real.send(m);
    const now = performance.now();
    if (m.channel === 'voice') {
      while (this.callsEnd.length > 0 && this.callsEnd[0]! <= now) this.callsEnd.shift();
      if (this.callsEnd.length >= voiceCalls) return this.throttle();
      this.callsEnd.push(now + voiceCallSeconds * 1000);
      this.callsEnd.sort((a, b) => a - b);
    } else {
      const units = m.channel === 'sms' ? smsLength(m.text).segments : 1;
      while (this.recent.length > 0 && this.recent[0]!.at <= now - 1000) this.recent.shift();
      const used = this.recent.reduce((s, r) => s + r.units, 0);
      if (used + units > quota[m.channel]) return this.throttle();
      this.recent.push({ at: now, units });
    }
    return this.real.send(m);
  }

  private throttle(): never {
    this.throttles++;
    throw new ChannelError('throttled', 'ThrottlingException');
  }
}

// ---------------------------------------------------------------- figures

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Median distance of the first tenth over the median of all, for distances in serving order. */
const nearestRatio = (inOrder: readonly number[]) => median(inOrder.slice(0, Math.max(1, Math.ceil(inOrder.length / 10)))) / median(inOrder);

// ---------------------------------------------------------------- run

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'burgernet-pacing-'));
console.log(
  `pacing bench: ${participants.toLocaleString('en-US')} participants in a ${radius} m circle; ` +
    (unpaced
      ? 'unpaced, no provider quota (local capacity)'
      : `quotas: SMS ${quota.sms} parts/s, voice ${voiceCalls} calls × ${voiceCallSeconds} s (${round(quota.voice, 2)} calls/s), push ${quota.push}/s`),
);
const providers = new Map<Channel, QuotaProvider>();
// Real visibility timeouts: a paced chunk may take longer than a shrunken one and be redelivered.
const rt = await startRuntime({
  dataDir: join(dir, 'data'),
  keyDir: dir,
  seed: 0,
  storeProcess: true,
  idleMs: 100,
  // Locally one process hosts every sender instance and they share one pacer per channel, so the
  // pacer gets the whole quota: what maxConcurrency instances at quota / maxConcurrency add up to in AWS.
  sendRatePerSecond: Object.fromEntries(channels.map((c) => [c, unpaced ? 0 : quota[c]])),
  // Each channel's provider enforces its quota (the senders' own; sign-up codes are not measured here).
  wrapWorld: (name, world) =>
    (Object.values(senderOf) as string[]).includes(name)
      ? wrapPorts(world, {
          sender: (real) => {
            const provider = new QuotaProvider(real);
            providers.set(real.channel, provider);
            return provider;
          },
        })
      : world,
});
try {

  const people = crowd();
  const byId = new Map(people.map((p) => [p.id, p]));
  const seedStarted = Date.now();
  for (let i = 0; i < people.length; i += 2000) {
    const slice = people.slice(i, i + 2000);
    await Promise.all([0, 1, 2, 3].map((k) => rt.world.stores.participants.putMany(slice.slice(k * 500, (k + 1) * 500))));
  }
  console.log(`seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);
  const token = await signToken(dir, { role: 'operator', sub: 'bench' });
  const messages = {
    sms: 'Burgernet: gezocht man 1.85 m, donkere jas. Gezien? Bel 0800-0011',
    voice: 'Dit is Burgernet. De politie zoekt een man met een donkere jas.',
    push: { title: 'Burgernet: overval Utrecht', body: 'Gezocht: man, 1.85 m, donkere jas' },
  };
  const segments = smsLength(messages.sms).segments;

  /** One action on one channel: in AWS every channel has its own Lambdas, locally they would share two cores. */
  async function measure(channel: Channel) {
    const body = {
      type: 'heterdaad',
      title: `Overval juwelier (${channel})`,
      description: { text: 'Man, 1.85 m, donkere jas' },
      area: { center: CENTER, radiusMeters: radius },
      channels: [channel],
      messages: { [channel]: messages[channel] },
    };
    const startedAt = Date.now();
    const res = await fetch(`${rt.url}/actions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = (await res.json()) as { id?: string };
    if (res.status !== 201 || !created.id) throw new Error(`POST /actions answered ${res.status}: ${JSON.stringify(created)}`);
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([rt.pollers.idle().then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), maxSeconds * 1000)))]);
    clearTimeout(timer);
    const wallSeconds = (Date.now() - startedAt) / 1000;
    const outbox = (await (await fetch(`${rt.url}/_local/outbox?actionId=${created.id}`)).json()) as OutboxEntry[];

    const entries = outbox.filter((e) => e.channel === channel).sort((a, b) => a.sentAt.localeCompare(b.sentAt));
    const times = entries.map((e) => Date.parse(e.sentAt));
    const first = times[0] ?? NaN;
    const last = times[times.length - 1] ?? NaN;
    const spanSeconds = (last - first) / 1000;
    // Provider units per second: SMS counts its segments.
    const units = channel === 'sms' ? segments : 1;
    const rate = entries.length > 1 ? ((entries.length - 1) * units) / spanSeconds : NaN;
    const distances = entries.map((e) => {
      const p = byId.get(e.participantId)!;
      return distanceMeters(CENTER.lat, CENTER.lon, p.lat, p.lon);
    });
    return {
      channel,
      quotaPerSecond: unpaced ? null : round(quota[channel], 3),
      expected: people.filter((p) => p.channels.includes(channel)).length,
      served: entries.length,
      servedOnce: new Set(entries.map((e) => e.participantId)).size === entries.length,
      completed: done,
      wallSeconds: round(wallSeconds, 1),
      firstAfterMs: first - startedAt,
      spanSeconds: round(spanSeconds, 2),
      achievedPerSecond: round(rate, 2),
      achievedShareOfQuota: unpaced ? null : round(rate / quota[channel], 3),
      throttles: providers.get(channel)?.throttles ?? 0,
      nearestFirst: {
        medianFirstTenthMeters: Math.round(median(distances.slice(0, Math.ceil(distances.length / 10)))),
        medianAllMeters: Math.round(median(distances)),
        ratio: round(nearestRatio(distances), 3),
        bestPossible: round(nearestRatio([...distances].sort((a, b) => a - b)), 3),
      },
    };
  }

  const perChannel = [];
  for (const channel of measured) {
    const m = await measure(channel);
    console.log(`${channel}: ${m.served}/${m.expected} served, wall ${m.wallSeconds} s (until every queue was empty)`);
    perChannel.push(m);
  }

  const header = ['channel', 'quota/s', 'served', 'first ms', 'span s', 'achieved/s', 'achieved ÷ quota', 'throttles', 'near-first ratio', 'best possible'];
  const rows = perChannel.map((c) => [
    c.channel,
    c.quotaPerSecond === null ? '-' : String(c.quotaPerSecond),
    `${c.served}/${c.expected}`,
    String(c.firstAfterMs),
    String(c.spanSeconds),
    String(c.achievedPerSecond),
    c.achievedShareOfQuota === null ? '-' : c.achievedShareOfQuota.toFixed(3),
    String(c.throttles),
    c.nearestFirst.ratio.toFixed(3),
    c.nearestFirst.bestPossible.toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log([line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n'));
  for (const c of perChannel) if (!c.completed) console.log(`${c.channel}: stopped waiting after ${maxSeconds} s, chunks were still queued or in flight`);

  const senders: Record<Channel, FunctionSpec> = { sms: functions.sendSms, voice: functions.sendVoice, push: functions.sendPush };
  const maxConcurrency = (spec: FunctionSpec) => (spec.trigger.type === 'sqs' ? spec.trigger.maxConcurrency : 0);
  const deployed = resolveSettings().senders;
  const result = {
    when: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    participants,
    radiusMeters: radius,
    unpaced,
    quotas: unpaced ? null : { smsPartsPerSecond: quota.sms, voiceConcurrentCalls: voiceCalls, voiceCallSeconds, pushPerSecond: quota.push },
    topology: Object.fromEntries(
      channels.map((c) => [c, { quotaPerSecond: quotaRatePerSecond(c), maxConcurrency: maxConcurrency(senders[c]), perInstancePerSecond: deployed[c].ratePerInstance }]),
    ),
    channels: perChannel,
  };
  const resultsDir = join(resolve(here), 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, unpaced ? 'pacing-unpaced-latest.json' : 'pacing-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  const bad = perChannel.filter((c) => !c.servedOnce || c.served !== c.expected);
  if (bad.length > 0) {
    console.log(`not every recipient was served exactly once: ${bad.map((c) => `${c.channel} ${c.served}/${c.expected}`).join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  await rt.stop();
  rmSync(dir, { recursive: true, force: true });
}
