// The token bucket on a fake clock, and the quota plan in the topology it is fed from.
import { describe, expect, it } from 'vitest';
import { Pacer } from '#shared/domain/pacer';
import { CHUNK_SIZE } from '#shared/domain/fanout';
import { channels, functions, quotaRatePerSecond, quotas, queues, senderOf, type Channel, type FunctionSpec } from '#infra/topology';
import { resolveFunctionConfig, resolveSettings } from '#infra/function-config';

/** A clock that only moves when someone sleeps; sleeps resolve in time order, `late` ms late. */
function fakeTime(late = 0) {
  let now = 0;
  const sleepers: { until: number; wake: () => void }[] = [];
  const wait = (ms: number) =>
    new Promise<void>((wake) => {
      sleepers.push({ until: now + Math.max(0, ms) + late, wake });
      sleepers.sort((a, b) => a.until - b.until);
    });
  /** Runs until nothing is waiting: settles promises, then advances to the next sleeper. */
  const run = async () => {
    for (;;) {
      for (let i = 0; i < 20; i++) await Promise.resolve();
      const next = sleepers.shift();
      if (!next) return;
      now = Math.max(now, next.until);
      next.wake();
    }
  };
  return { now: () => now, wait, run };
}

/** Most calls (or tokens) in any window of `ms` that starts at a call. */
const busiest = (at: readonly number[], ms: number) => Math.max(...at.map((t) => at.filter((u) => u >= t && u < t + ms).length));

async function times(pacer: Pacer, time: ReturnType<typeof fakeTime>, costs: readonly number[]): Promise<number[]> {
  const at: number[] = [];
  const all = Promise.all(costs.map((cost) => pacer.take(cost).then(() => at.push(time.now()))));
  await time.run();
  await all;
  return at;
}

describe('Pacer', () => {
  it('lets calls through at the rate, never more than the rate in any second', async () => {
    const time = fakeTime();
    const at = await times(new Pacer(10, 2, time.now, time.wait), time, Array.from({ length: 31 }, () => 1));
    // The burst goes at once; the window then holds the 11th call until the first second is over.
    expect(at.slice(0, 3)).toEqual([0, 0, 100]);
    expect(at[10]).toBe(1000);
    expect(busiest(at, 1000)).toBeLessThanOrEqual(10);
    expect(at[30]! / 1000).toBeCloseTo(3, 1);
  });

  it('makes up for timers that wake late, still within the window', async () => {
    // Every sleep 30 ms late: spacing the calls from each wake-up would give 7.7 a second.
    const time = fakeTime(30);
    const at = await times(new Pacer(10, 2, time.now, time.wait), time, Array.from({ length: 41 }, () => 1));
    expect(busiest(at, 1000)).toBeLessThanOrEqual(10);
    expect(40 / (at[40]! / 1000)).toBeGreaterThan(9);
    const strict = fakeTime(30);
    const spaced = await times(new Pacer(10, 1, strict.now, strict.wait), strict, Array.from({ length: 41 }, () => 1));
    expect(40 / (spaced[40]! / 1000)).toBeLessThan(8);
  });

  it('serves waiting callers first come, first served', async () => {
    const time = fakeTime();
    const pacer = new Pacer(5, 1, time.now, time.wait);
    const order: number[] = [];
    const all = Promise.all([0, 1, 2, 3, 4, 5].map((i) => pacer.take().then(() => order.push(i))));
    await time.run();
    await all;
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('charges a multi-segment SMS its segments, even above the burst', async () => {
    const time = fakeTime();
    const at = await times(new Pacer(10, 1, time.now, time.wait), time, [3, 1, 1]);
    // The 3-token call goes at once and leaves a debt of 2: the next waits 300 ms, then 100 ms.
    expect(at).toEqual([0, 300, 400]);
  });

  it('counts segments in the window too', async () => {
    const time = fakeTime();
    const at = await times(new Pacer(10, 10, time.now, time.wait), time, [4, 4, 4, 1]);
    // Burst and window allow 10 tokens at once: two 4-part SMS, then the third waits for the window.
    expect(at.slice(0, 2)).toEqual([0, 0]);
    expect(at[2]).toBe(1000);
  });

  it('is unpaced at a rate of 0', async () => {
    const pacer = new Pacer(0, 1, () => 0, () => Promise.reject(new Error('must not wait')));
    await Promise.all(Array.from({ length: 100 }, () => pacer.take()));
  });
});

describe('quota plan in the topology', () => {
  const senders: Record<Channel, FunctionSpec> = { sms: functions.sendSms, voice: functions.sendVoice, push: functions.sendPush };
  const settings = resolveSettings();
  /** What a deployed sender instance paces at: its resolved configuration's pace. */
  const paceOf = (channel: Channel) => resolveFunctionConfig(senderOf[channel], { world: 'aws', tables: {}, queues: {} }, settings).pacePerSecond!;

  it('gives each sender instance the quota divided by its maximum concurrency', () => {
    for (const channel of channels) {
      const spec = senders[channel];
      if (spec.trigger.type !== 'sqs') throw new Error(`${channel} sender is not queue-driven`);
      const perInstance = paceOf(channel);
      expect(perInstance * spec.trigger.maxConcurrency, channel).toBeCloseTo(quotaRatePerSecond(channel), 9);
      // The settings the preview prices and times by say the same.
      expect(settings.senders[channel]).toMatchObject({ ratePerInstance: perInstance, quotaPerSecond: quotaRatePerSecond(channel) });
    }
    expect(quotaRatePerSecond('voice')).toBeCloseTo(quotas.voice.concurrentCalls / quotas.voice.assumedCallSeconds, 9);
  });

  it('lets a sender finish a chunk within its timeout and its queue visibility', () => {
    for (const channel of channels) {
      const { timeoutSeconds } = resolveFunctionConfig(senderOf[channel], { world: 'aws', tables: {}, queues: {} }, settings);
      const perInstance = paceOf(channel);
      // A single-segment chunk at the instance's pace, with a fifth of the timeout to spare.
      const chunkSeconds = CHUNK_SIZE / perInstance;
      expect(chunkSeconds, `${channel}: ${CHUNK_SIZE} at ${perInstance}/s`).toBeLessThanOrEqual(0.8 * timeoutSeconds);
      expect(timeoutSeconds).toBeLessThanOrEqual(queues[channel].visibilityTimeoutSeconds);
    }
  });
});
