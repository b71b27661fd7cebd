// What keeps failing is dead-lettered, never dropped: a provider that is down for one channel
// sends that channel's chunks to its DLQ after the receive limit, while the other channel is
// delivered in full; nothing is sent twice on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { queues } from '#infra/topology';
import { call } from '../support/http';
import { endOutage, voiceOutage } from '../support/voice-outage';
import { startMissingPersonAction } from '../support/missing-person';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-dlq-'));
let rt: Runtime;
let voiceAttempts = 0;

beforeAll(async () => {
  // Visibility timeouts at 1/100 (1.8 s for senders): still longer than a chunk takes, as in AWS.
  rt = await startRuntime({
    keyDir: dir,
    seed: 2_000,
    visibilityScale: 0.01,
    idleMs: 50,
    sendRatePerSecond: 0,
    // Down for good, counting every attempt.
    wrapWorld: voiceOutage(() => {
      voiceAttempts++;
      return true;
    }),
  });
});

afterAll(() => endOutage(rt, dir));

describe('dead-letter queues', () => {
  it('dead-letters the failing channel after its receive limit and delivers the other', async () => {
    const { id, token } = await startMissingPersonAction(rt.url, dir);
    await rt.pollers.idle();

    const depths = (await call<Record<string, number>>(rt.url, 'GET', '/_local/queues')).body;
    const status = (await call<{ counts: Record<string, { targeted: number; sent: number; failed: number }> }>(rt.url, 'GET', `/actions/${id}`, { token })).body;
    expect(status.counts.voice!.targeted).toBeGreaterThan(0);
    // Chunks are cut per selection task, so their number is at least targeted / 100.
    expect(depths['voice-dlq']).toBeGreaterThanOrEqual(Math.ceil(status.counts.voice!.targeted / 100));
    expect(depths['sms-dlq']).toBe(0);
    expect(depths.voice).toBe(0);
    // Each recipient was tried once per receive, no more: the claim keeps retries in step.
    expect(voiceAttempts).toBe(status.counts.voice!.targeted * queues.voice.maxReceiveCount);
    expect(status.counts.voice).toMatchObject({ sent: 0, failed: 0 });

    const outbox = (await call<{ channel: string; participantId: string }[]>(rt.url, 'GET', `/_local/outbox?actionId=${id}`)).body;
    expect(outbox.filter((e) => e.channel === 'voice')).toHaveLength(0);
    const sms = outbox.filter((e) => e.channel === 'sms').map((e) => e.participantId);
    expect(sms).toHaveLength(status.counts.sms!.targeted);
    expect(new Set(sms).size).toBe(sms.length);
  });
});
