// Proof under faults: one action's whole fan-out through the local runtime while the providers
// fail 10% of calls transiently (throttle, timeout) and 1% permanently, a provider's answer gets
// lost after it sent, the selector dies halfway through its read, the fan-out dies halfway
// through queueing a task's chunks, and the queue redelivers chunks (and the plan) that already
// succeeded. Afterwards every eligible participant has exactly one outbox entry per channel,
// permanent failures are in the ledger with their reason, and nothing is dead-lettered.
// Small by default (part of `npm test`); for the big run:
//   FAULT_RECIPIENTS=10000 FAULT_VISIBILITY_SCALE=0.2 FAULT_TIMEOUT_SECONDS=3600 npx vitest run test/e2e/faults.test.ts
// FAULT_SEED varies the faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { wrapPorts } from '#shared/local/local-world';
import { signToken } from '#shared/local/keys';
import { runningRuntime } from '#shared/local/data-dir';
import { readOutbox } from '#shared/adapters/local/outbox-sender';
import { dlqName } from '#shared/adapters/local/dynamo-queue';
import { ChannelError, type ChannelSender } from '#shared/ports/channel-sender';
import type { Candidate, Participant, ParticipantStore, ReadStats } from '#shared/ports/participant-store';
import type { GeoRange } from '#shared/domain/geo-index';
import type { Queue } from '#shared/ports/queue';
import type { ChunkMessage } from '#shared/domain/messages';
import { queues, type Channel, type QueueName } from '#infra/topology';
import { call } from '../support/http';
import { missingPersonAction, UTRECHT } from '../support/missing-person';

const RECIPIENTS = Number(process.env.FAULT_RECIPIENTS ?? 300);
const SEED = Number(process.env.FAULT_SEED ?? 20_260_601);
/** Big runs on a busy machine may need longer visibility timeouts (a chunk must finish within one). */
const VISIBILITY_SCALE = Number(process.env.FAULT_VISIBILITY_SCALE ?? 0.04);
/** How long the big run may take; 10,000 recipients under load took about 15 minutes here. */
const TIMEOUT_MS = Number(process.env.FAULT_TIMEOUT_SECONDS ?? Math.max(300, RECIPIENTS * 0.09)) * 1000;
const CHANNELS: readonly Channel[] = ['sms', 'voice'];
const RADIUS = 1500;

/** FNV-1a of the seed and a key, as a number in [0, 1): the same fault for the same call in every run. */
function chance(key: string): number {
  let h = 0x811c9dc5 ^ SEED;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 0x1_0000_0000;
}

/** Everyone well inside the circle (at most 1.3 km out), spread by the seeded hash. */
const people: Participant[] = Array.from({ length: RECIPIENTS }, (_, i) => {
  const id = `flt_${String(i).padStart(6, '0')}`;
  const r = 1300 * Math.sqrt(chance(`${id}:r`));
  const a = 2 * Math.PI * chance(`${id}:a`);
  return {
    id,
    phone: `+3161${String(i).padStart(7, '0')}`,
    channels: CHANNELS,
    lat: UTRECHT.lat + (r * Math.cos(a)) / 111_195,
    lon: UTRECHT.lon + (r * Math.sin(a)) / (111_195 * Math.cos((UTRECHT.lat * Math.PI) / 180)),
    municipalityCode: 'GM0344',
    language: 'nl',
    status: 'active',
    exerciseOptIn: false,
    updatedAt: '2026-01-01T00:00:00Z',
  };
});

const deliveryIdOf = (actionId: string, channel: Channel, participantId: string) => `${actionId}:0:${channel}:${participantId}`;
/** A delivery id without its action id (random per run), so the same faults hit the same people in every run. */
const faultKey = (deliveryId: string) => deliveryId.slice(deliveryId.indexOf(':') + 1);
const permanent = (deliveryId: string) => chance(`${faultKey(deliveryId)}:permanent`) < 0.01;

const dir = mkdtempSync(join(tmpdir(), 'burgernet-faults-'));
let rt: Runtime;

// What the faults did, for the summary and the assertions.
const attempts = new Map<string, number>();
const providerSends = new Map<string, number>();
const lostAnswers = new Map<string, number>();
const faults = { throttled: 0, timeouts: 0, permanent: 0, lostAnswers: 0, selectorCrashes: 0, queueingCrashes: 0, redelivered: 0 };
const selectorCrashed = new Set<string>();
const queueingCrashed = new Set<string>();
const queuedChunks: { readonly queue: QueueName; readonly message: ChunkMessage }[] = [];

/** The provider with faults: decided per delivery id and attempt, so concurrency does not change them. */
const faultySender = (real: ChannelSender): ChannelSender => ({
  channel: real.channel,
  async send(m) {
    const n = (attempts.get(m.deliveryId) ?? 0) + 1;
    attempts.set(m.deliveryId, n);
    if (permanent(m.deliveryId)) {
      faults.permanent++;
      throw new ChannelError('permanent', 'InvalidDestination');
    }
    const roll = chance(`${faultKey(m.deliveryId)}:${n}`);
    if (roll < 0.05) {
      faults.throttled++;
      throw new ChannelError('throttled', 'ThrottlingException');
    }
    if (roll < 0.1) {
      faults.timeouts++;
      throw new ChannelError('transient', 'RequestTimeout');
    }
    const id = await real.send(m);
    providerSends.set(m.deliveryId, (providerSends.get(m.deliveryId) ?? 0) + 1);
    // The provider sent, but its answer never came back (a socket reset): the sender must not count it twice.
    if (n === 1 && chance(`${faultKey(m.deliveryId)}:lost`) < 0.02) {
      faults.lostAnswers++;
      lostAnswers.set(m.deliveryId, (lostAnswers.get(m.deliveryId) ?? 0) + 1);
      throw new Error('socket hang up');
    }
    return id;
  },
});

/** The selector dies after its first page of candidates, once per task. */
const faultyParticipants = (real: ParticipantStore): ParticipantStore => {
  async function* candidatesIn(ranges: readonly GeoRange[], stats: ReadStats): AsyncIterable<readonly Candidate[]> {
    const key = JSON.stringify(ranges[0]);
    for await (const page of real.candidatesIn(ranges, stats)) {
      yield page;
      if (!selectorCrashed.has(key)) {
        selectorCrashed.add(key);
        faults.selectorCrashes++;
        throw new Error('fault: selector died halfway through its read');
      }
    }
  }
  return Object.assign(Object.create(real) as ParticipantStore, { candidatesIn });
};

/** The fan-out dies after queueing half of a task's chunks on a channel, once per task and channel. */
const faultyQueue = (real: Queue): Queue => ({
  async send(name, messages) {
    if (name === 'fanout') return real.send(name, messages);
    const chunks = messages as readonly ChunkMessage[];
    const key = `${name}:${chunks[0]?.actionId}:${chunks[0]?.seq}:${chunks[0]?.chunkId.replace(/-\d+$/, '')}`;
    if (chunks.length > 1 && !queueingCrashed.has(key)) {
      queueingCrashed.add(key);
      faults.queueingCrashes++;
      await real.send(name, chunks.slice(0, Math.ceil(chunks.length / 2)));
      throw new Error('fault: fan-out died halfway through queueing');
    }
    await real.send(name, chunks);
    for (const message of chunks) queuedChunks.push({ queue: name, message });
  },
});

describe(`fan-out under faults (${RECIPIENTS} recipients, seed ${SEED})`, () => {
  beforeAll(async () => {
    // Visibility timeouts at 1/25 (7.2 s for senders): longer than a chunk takes even with throttle
    // backoff, as in AWS; shorter, a chunk still running is redelivered beside itself until it dead-letters.
    // Every provider is faulty; the fan-out's selector and queue are too.
    rt = await startRuntime({
      keyDir: dir,
      seed: 0,
      visibilityScale: VISIBILITY_SCALE,
      idleMs: 50,
      sendRatePerSecond: 0,
      wrapWorld: (name, world) =>
        wrapPorts(world, {
          sender: (real) => faultySender(real),
          ...(name === 'fanout' ? { stores: { participants: (real) => faultyParticipants(real) as typeof real }, queue: faultyQueue } : {}),
        }),
    });
    for (let i = 0; i < people.length; i += 500) await rt.world.stores.participants.putMany(people.slice(i, i + 500));
  });

  afterAll(async () => {
    await rt?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers once per eligible participant and channel, records permanent failures, dead-letters nothing', { timeout: TIMEOUT_MS }, async () => {
    const token = await signToken(dir, { role: 'operator' });
    const created = await call<{ id: string }>(rt.url, 'POST', '/actions', {
      token,
      body: missingPersonAction({ radiusMeters: RADIUS, channels: CHANNELS }),
    });
    expect(created.status).toBe(201);
    const actionId = created.body.id;
    // Big runs say how far they are every 30 s.
    const started = Date.now();
    const ticker =
      RECIPIENTS > 1000
        ? setInterval(() => {
            void Promise.all([readOutbox(rt.db, actionId), rt.queue.depth('sms-dlq'), rt.queue.depth('voice-dlq')]).then(([o, a, b]) =>
              console.log(`faults progress: ${Math.round((Date.now() - started) / 1000)} s, outbox ${o.length}/${RECIPIENTS * CHANNELS.length}, dead-lettered ${a + b}`),
            );
          }, 30_000)
        : undefined;
    await rt.pollers.idle();

    // The queue redelivers what already succeeded: every chunk once more, and the plan itself.
    const queue = rt.queue;
    const copies = queuedChunks.filter((c) => c.message.actionId === actionId);
    for (const c of copies) await queue.send(c.queue, [c.message]);
    await queue.send('fanout', [{ kind: 'plan', actionId, seq: 0 }]);
    faults.redelivered = copies.length + 1;
    await rt.pollers.idle();
    clearInterval(ticker);

    const outbox = await readOutbox(rt.db, actionId);
    const entries = new Map<string, number>();
    for (const e of outbox) entries.set(deliveryIdOf(actionId, e.channel, e.participantId), (entries.get(deliveryIdOf(actionId, e.channel, e.participantId)) ?? 0) + 1);
    const all = people.flatMap((p) => CHANNELS.map((channel) => ({ channel, participantId: p.id, id: deliveryIdOf(actionId, channel, p.id) })));
    const failing = all.filter((d) => permanent(d.id));
    const delivering = all.filter((d) => !permanent(d.id));

    const missing = delivering.filter((d) => !entries.has(d.id));
    const doubled = [...entries.values()].filter((n) => n > 1).length;
    // Provider calls that went through more than once, beyond the resend a lost answer calls for.
    const resent = [...providerSends].filter(([id, n]) => n > 1 + (lostAnswers.get(id) ?? 0)).length;
    const unrecorded: string[] = [];
    for (const d of [...failing, ...missing]) {
      const outcome = await rt.world.stores.deliveries.outcome({ actionId, seq: 0, channel: d.channel, participantId: d.participantId });
      if (!(outcome?.status === 'failed' && outcome.reason === 'InvalidDestination' && permanent(d.id))) unrecorded.push(d.id);
    }
    const depths = Object.fromEntries(await Promise.all(Object.keys(queues).map(async (q) => [q, await queue.depth(dlqName(q))] as const)));
    const deadLettered = Object.values(depths).reduce((a, b) => a + b, 0);
    const counts = await rt.world.stores.deliveries.counts(actionId);

    console.log(
      `faults: recipients=${RECIPIENTS} seed=${SEED} deliveries=${all.length} sent=${outbox.length} permanentFailed=${failing.length} ` +
        `lost=${missing.length} duplicated=${doubled + resent} deadLettered=${deadLettered} | injected throttled=${faults.throttled} timeouts=${faults.timeouts} ` +
        `permanent=${faults.permanent} lostAnswers=${faults.lostAnswers} selectorCrashes=${faults.selectorCrashes} queueingCrashes=${faults.queueingCrashes} redelivered=${faults.redelivered}`,
    );

    // Every fault kind really happened.
    expect(faults.throttled + faults.timeouts).toBeGreaterThan(0);
    expect(faults.selectorCrashes).toBeGreaterThan(0);
    expect(faults.queueingCrashes + faults.redelivered).toBeGreaterThan(1);
    if (RECIPIENTS >= 200) expect(failing.length).toBeGreaterThan(0);

    expect(missing).toEqual([]);
    expect(doubled).toBe(0);
    expect(resent).toBe(0);
    expect(outbox).toHaveLength(delivering.length);
    expect(unrecorded).toEqual([]);
    // Permanent failures are recorded, not dead-lettered; transient ones were retried within the receive limit.
    expect(depths).toEqual(Object.fromEntries(Object.keys(queues).map((q) => [q, 0])));
    for (const channel of CHANNELS) {
      const mine = all.filter((d) => d.channel === channel);
      expect(counts[channel]).toMatchObject({ targeted: mine.length, sent: mine.filter((d) => !permanent(d.id)).length, failed: mine.filter((d) => permanent(d.id)).length });
    }
  });
});

// The runtime is killed (SIGKILL, in a child process) while the fan-out is under way and started
// again on the same data folder: the durable queue and the ledger carry on, claims the dead
// senders held expire (CLAIM_TTL_SECONDS), and everyone still gets the alert once per channel.
describe('fan-out across a killed and restarted runtime', () => {
  const killDir = mkdtempSync(join(tmpdir(), 'burgernet-kill-'));
  const crowd = people.slice(0, Math.min(people.length, 120));
  let restarted: Runtime | undefined;
  let child: ChildProcess | undefined;

  afterAll(async () => {
    child?.kill('SIGKILL');
    await restarted?.stop();
    rmSync(killDir, { recursive: true, force: true });
  });

  it('delivers everyone once per channel after a SIGKILL mid-fan-out and a restart', { timeout: 90_000 }, async () => {
    // The first runtime: its own process, paced (60 sends per second per channel) so the kill lands mid-fan-out.
    const script = `import { startRuntime } from '#shared/local/runtime';
const rt = await startRuntime({ dataDir: ${JSON.stringify(killDir)}, keyDir: ${JSON.stringify(killDir)}, seed: 0, storeProcess: true, visibilityScale: 0.04, idleMs: 50, sendRatePerSecond: 60 });
await rt.world.stores.participants.putMany(${JSON.stringify(crowd)});
console.log(rt.url);`;
    const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' } });
    child = proc;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const url = await new Promise<string>((resolve, reject) => {
      proc.once('exit', (code) => reject(new Error(`runtime exited with ${code}`)));
      proc.stdout.once('data', (d: Buffer) => resolve(d.toString().trim().split('\n')[0]!));
    });
    const token = await signToken(killDir, { role: 'operator' });
    const created = await call<{ id: string }>(url, 'POST', '/actions', {
      token,
      body: missingPersonAction({ radiusMeters: RADIUS, channels: CHANNELS }),
    });
    expect(created.status).toBe(201);
    const actionId = created.body.id;
    const total = crowd.length * CHANNELS.length;
    let before = 0;
    while (before < total / 5) {
      await new Promise((r) => setTimeout(r, 25));
      before = (await call<unknown[]>(url, 'GET', `/_local/outbox?actionId=${actionId}`)).body.length;
    }
    proc.kill('SIGKILL');
    await exited;
    child = undefined;
    // Its store process exits when the runtime's end of the pipe closes; wait for the lock to go.
    while (await runningRuntime(killDir)) await new Promise((r) => setTimeout(r, 50));

    // Claims the killed senders held are taken over after this (in AWS: 150 s, past a Lambda's life).
    restarted = await startRuntime({ dataDir: killDir, keyDir: killDir, seed: 0, storeProcess: true, visibilityScale: 0.04, idleMs: 50, sendRatePerSecond: 0, settings: { claimTtlSeconds: 3 } });
    await restarted.pollers.idle();

    const outbox = await readOutbox(restarted.db, actionId);
    const got = new Map<string, number>();
    for (const e of outbox) got.set(`${e.channel}:${e.participantId}`, (got.get(`${e.channel}:${e.participantId}`) ?? 0) + 1);
    const lost = crowd.flatMap((p) => CHANNELS.map((c) => `${c}:${p.id}`)).filter((k) => !got.has(k));
    const doubled = [...got.values()].filter((n) => n > 1).length;
    const queue = restarted.queue;
    const deadLettered = (await Promise.all(Object.keys(queues).map((q) => queue.depth(dlqName(q))))).reduce((a, b) => a + b, 0);
    const counts = await restarted.world.stores.deliveries.counts(actionId);
    console.log(`faults (kill -9 and restart): deliveries=${total} sentBeforeKill=${before} sent=${outbox.length} lost=${lost.length} duplicated=${doubled} deadLettered=${deadLettered}`);

    expect(before).toBeLessThan(total);
    expect(lost).toEqual([]);
    expect(doubled).toBe(0);
    expect(deadLettered).toBe(0);
    // The ledger agrees: every message recorded sent once, none failed.
    for (const channel of CHANNELS) expect(counts[channel]).toMatchObject({ targeted: crowd.length, sent: crowd.length, failed: 0 });
  });
});
