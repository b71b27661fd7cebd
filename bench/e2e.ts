// `node --import tsx bench/e2e.ts [--participants N] [--margin-km 8] [--actions 20] [--send-rate 0]`
//
// End-to-end figures on the local runtime (bench/local-runtime.ts: the national crowd's
// participants around Utrecht, dynalite in a child process):
//   (a) POST /actions → first message in the local outbox, for --actions small actions (300 m
//       circles around Utrecht, SMS), one at a time: p50 and p95;
//   (b) the Utrecht 5 km action (SMS; --channels sms,voice adds voice): POST → every fan-out task has queued its
//       recipients (the last `fanout-selected` timeline entry once `fanout-planned`'s task count
//       is reached);
//   (c) deliveries per second through the runtime for that action: outbox entries ÷ seconds from
//       the first to the last send.
// Senders are unpaced by default (--send-rate 0): (c) is what the local runtime can push, not a
// provider quota (the pacing bench measures pacing). Merges "e2e" into bench/results/latest.json.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { containsPoint, destination } from '#shared/domain/area';
import { actionBody, runAndExit, startBenchRuntime, UTRECHT_5KM, type BenchRuntime } from './local-runtime';
import { fmt, median, mergeSection, percentile } from './report';

const { values: args } = parseArgs({
  options: {
    participants: { type: 'string', default: '2300000' },
    'margin-km': { type: 'string', default: '8' },
    actions: { type: 'string', default: '20' },
    'send-rate': { type: 'string', default: '0' },
    channels: { type: 'string', default: 'sms' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`usage: node --import tsx bench/e2e.ts [options]
  --participants N  national crowd the Utrecht participants come from (default 2,300,000)
  --margin-km K     load participants up to K km beyond the Utrecht 5 km circle (default 8)
  --actions N       small actions for the POST → first message latency (default 20)
  --send-rate R     local provider pace per channel, messages/s (default 0: unpaced)
  --channels LIST   channels of the 5 km action (default sms; sms,voice sends ~1.5 × as many)`);
  process.exit(0);
}
const participants = Number(args.participants.replace(/[_,]/g, ''));
const marginKm = Number(args['margin-km']);
const actions = Number(args.actions);
const sendRate = Number(args['send-rate']);
const bigChannels = args.channels.split(',').filter((c): c is 'sms' | 'voice' => c === 'sms' || c === 'voice');
if (bigChannels.length === 0) {
  console.error('--channels takes sms, voice or both');
  process.exit(2);
}

type OutboxEntry = { channel: string; participantId: string; sentAt: string };
type TimelineEntry = { kind: string; at: string; details: Record<string, unknown> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function request<T>(b: BenchRuntime, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${b.rt.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${b.operatorToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function startAction(b: BenchRuntime, body: unknown): Promise<{ id: string; startedAt: number; postMs: number }> {
  const startedAt = Date.now();
  const t0 = performance.now();
  const res = await request<{ id: string; status: string }>(b, 'POST', '/actions', body);
  if (res.status !== 201) throw new Error(`POST /actions answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, startedAt, postMs: performance.now() - t0 };
}

const outbox = async (b: BenchRuntime, id: string) => (await request<OutboxEntry[]>(b, 'GET', `/_local/outbox?actionId=${id}`)).body;

/** (a): wall clock from sending POST /actions to the first entry's sentAt (same machine clock). */
async function firstMessage(b: BenchRuntime, i: number): Promise<{ ms: number; postMs: number; recipients: number }> {
  // Spread over the city within 3 km of the centre, so each action reads other cells.
  const center = destination(UTRECHT_5KM.center, 500 + ((i * 137) % 2500), (i * 2.4) % (2 * Math.PI));
  const { id, startedAt, postMs } = await startAction(b, actionBody(center, 300));
  for (;;) {
    const entries = await outbox(b, id);
    if (entries.length > 0) {
      const first = Math.min(...entries.map((e) => Date.parse(e.sentAt)));
      // One at a time: the next action starts on an idle runtime.
      await b.rt.pollers.idle();
      return { ms: first - startedAt, postMs, recipients: (await outbox(b, id)).length };
    }
    await sleep(10);
  }
}

log(`End-to-end bench: local runtime, Utrecht participants of a ${fmt(participants)} national crowd, senders ${sendRate > 0 ? `paced at ${sendRate}/s per channel` : 'unpaced'}`);
const b = await startBenchRuntime({ participants, marginKm, sendRatePerSecond: sendRate });
await runAndExit(b, async () => {
  let exitCode = 0;
  log(`loaded ${fmt(b.loaded.length)} participants within ${fmt(UTRECHT_5KM.radiusMeters / 1000 + marginKm)} km of Utrecht centre in ${fmt(b.loadSeconds, 1)} s`);

  // (a) POST → first message.
  const first = [];
  for (let i = 0; i < actions; i++) first.push(await firstMessage(b, i));
  const firstMs = first.map((f) => f.ms);
  log(`(a) POST /actions → first message in the outbox, ${actions} actions of 300 m (median ${fmt(median(first.map((f) => f.recipients)))} recipients): p50 ${fmt(percentile(firstMs, 50))} ms, p95 ${fmt(percentile(firstMs, 95))} ms (POST itself p50 ${fmt(percentile(first.map((f) => f.postMs), 50))} ms)`);

  // (b) the 5 km action: until every task has queued its recipients.
  const inside = containsPoint(UTRECHT_5KM);
  const inArea = b.loaded.filter((p) => inside(p.lat, p.lon));
  const expected = inArea.length;
  const expectedMessages = bigChannels.reduce((n, c) => n + inArea.filter((p) => p.channels.includes(c)).length, 0);
  const big = await startAction(b, actionBody(UTRECHT_5KM.center, UTRECHT_5KM.radiusMeters, bigChannels));
  let queuedAt: number | undefined;
  let recipients = 0;
  let queuedMessages = 0;
  let tasks = 0;
  while (queuedAt === undefined) {
    const entries = (await request<{ entries: TimelineEntry[] }>(b, 'GET', `/actions/${big.id}/timeline`)).body.entries;
    const planned = entries.find((e) => e.kind === 'fanout-planned');
    const selected = entries.filter((e) => e.kind === 'fanout-selected');
    tasks = Number(planned?.details.tasks ?? 0);
    if (planned && selected.length >= tasks) {
      queuedAt = Math.max(...selected.map((e) => Date.parse(e.at)));
      recipients = selected.reduce((n, e) => n + Number(e.details.recipients), 0);
      queuedMessages = selected.reduce((n, e) => n + bigChannels.reduce((m, c) => m + Number(e.details[c] ?? 0), 0), 0);
    } else await sleep(50);
  }
  const queuedMs = queuedAt - big.startedAt;
  log(`(b) Utrecht 5 km, ${bigChannels.join(' + ')}: ${fmt(recipients)} recipients (brute force ${fmt(expected)}), ${fmt(queuedMessages)} messages in ${tasks} fan-out task(s), all queued ${fmt(queuedMs)} ms after POST`);
  if (recipients !== expected || queuedMessages !== expectedMessages) {
    console.error(`!!! the action selected ${recipients} recipients and queued ${queuedMessages} messages; a brute-force count over the loaded participants gives ${expected} and ${expectedMessages}`);
    exitCode = 1;
  }

  // (c) deliveries: wait until every queue is drained, then read the outbox once.
  await b.rt.pollers.idle();
  const sent = await outbox(b, big.id);
  const times = sent.map((e) => Date.parse(e.sentAt)).sort((x, y) => x - y);
  const firstSend = times[0];
  const lastSend = times[times.length - 1];
  const spanS = firstSend !== undefined && lastSend !== undefined ? (lastSend - firstSend) / 1000 : 0;
  const perChannel = Object.fromEntries(bigChannels.map((c) => [c, sent.filter((e) => e.channel === c).length]));
  const perSecond = spanS > 0 ? (sent.length - 1) / spanS : null;
  log(
    `(c) ${fmt(sent.length)} deliveries (${Object.entries(perChannel).map(([c, n]) => `${c} ${fmt(n)}`).join(', ')}) from ${fmt(((firstSend ?? big.startedAt) - big.startedAt) / 1000, 1)} s to ${fmt(((lastSend ?? big.startedAt) - big.startedAt) / 1000, 1)} s after POST: ` +
      `${perSecond === null ? '–' : fmt(perSecond)} deliveries/s (first to last send, ${sendRate > 0 ? `paced at ${sendRate}/s per channel` : 'unpaced'})`,
  );

  mergeSection('e2e', {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    crowd: `participants of the ${participants}-participant national synthetic crowd (seed as the selection bench) within ${UTRECHT_5KM.radiusMeters / 1000 + marginKm} km of Utrecht centre`,
    participantsLoaded: b.loaded.length,
    loadSeconds: b.loadSeconds,
    runtime: 'startRuntime: dynalite in a child process, visibilityScale 1, idleMs 200',
    pacing: sendRate > 0 ? `senders paced at ${sendRate} messages/s per channel` : 'unpaced (sendRatePerSecond 0)',
    firstMessage: {
      what: 'POST /actions sent → sentAt of the first outbox entry; 300 m circles around Utrecht, SMS, one action at a time',
      actions,
      p50Ms: percentile(firstMs, 50),
      p95Ms: percentile(firstMs, 95),
      maxMs: Math.max(...firstMs),
      allMs: firstMs,
      postP50Ms: percentile(first.map((f) => f.postMs), 50),
      recipientsMedian: median(first.map((f) => f.recipients)),
    },
    utrecht5km: {
      channels: bigChannels,
      recipients,
      expectedRecipients: expected,
      queuedMessages,
      expectedMessages,
      fanoutTasks: tasks,
      allQueuedMs: queuedMs,
      allQueuedSignal: 'latest at of the fanout-selected timeline entries once their number equals fanout-planned tasks',
      deliveries: sent.length,
      deliveriesByChannel: perChannel,
      firstSendAfterPostMs: firstSend === undefined ? null : firstSend - big.startedAt,
      lastSendAfterPostMs: lastSend === undefined ? null : lastSend - big.startedAt,
      deliveriesPerSecond: perSecond,
    },
  });
  log('merged "e2e" into bench/results/latest.json');
  return exitCode;
});

function log(line: string): void {
  console.log(line);
}
