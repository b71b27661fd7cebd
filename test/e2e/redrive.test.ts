// Redrive: a provider that is down dead-letters its channel's chunks; once it is back,
// `npm run redrive -- voice` (against the running runtime's store) moves them back and every
// recipient gets the message exactly once, while the channel that worked is not sent again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import type { Participant } from '#shared/ports/participant-store';
import { call } from '../support/http';
import { endOutage, voiceOutage } from '../support/voice-outage';
import { startMissingPersonAction, UTRECHT } from '../support/missing-person';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-redrive-'));
const people: Participant[] = Array.from({ length: 24 }, (_, i) => ({
  id: `rd_${String(i).padStart(3, '0')}`,
  phone: `+3164${String(i).padStart(7, '0')}`,
  channels: ['sms', 'voice'],
  lat: UTRECHT.lat + (i * 40) / 111_195,
  lon: UTRECHT.lon,
  municipalityCode: 'GM0344',
  language: 'nl',
  status: 'active',
  exerciseOptIn: false,
  updatedAt: '2026-01-01T00:00:00Z',
}));

let rt: Runtime;
let voiceDown = true;

beforeAll(async () => {
  // On disk, so the redrive tool finds this runtime through the data folder's endpoint file.
  rt = await startRuntime({ dataDir: dir, keyDir: dir, seed: 0, visibilityScale: 0.01, idleMs: 50, sendRatePerSecond: 0, wrapWorld: voiceOutage(() => voiceDown) });
  await rt.world.stores.participants.putMany(people);
});

afterAll(() => endOutage(rt, dir));

describe('npm run redrive', () => {
  it('moves dead-lettered chunks back once the cause is fixed; each recipient gets the message once', async () => {
    const { id, token } = await startMissingPersonAction(rt.url, dir);
    await rt.pollers.idle();
    const depths = async () => (await call<Record<string, number>>(rt.url, 'GET', '/_local/queues')).body;
    const before = await depths();
    expect(before['voice-dlq']).toBeGreaterThan(0);
    expect(before['sms-dlq']).toBe(0);
    type Entry = { channel: string; participantId: string };
    const outbox = async () => (await call<Entry[]>(rt.url, 'GET', `/_local/outbox?actionId=${id}`)).body;
    expect((await outbox()).filter((e) => e.channel === 'voice')).toEqual([]);

    // The provider is back; the operator redrives the voice queue with the tool, as in the README.
    voiceDown = false;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'shared/local/redrive-cli.ts', 'voice'], {
      env: { ...process.env, BURGERNET_DATA: dir },
    });
    expect(stdout).toContain(`moved ${before['voice-dlq']} message`);
    await rt.pollers.idle();

    const after = await depths();
    expect(after['voice-dlq']).toBe(0);
    expect(after.voice).toBe(0);
    const entries = await outbox();
    for (const channel of ['sms', 'voice']) {
      const ids = entries.filter((e) => e.channel === channel).map((e) => e.participantId);
      expect(ids.sort(), channel).toEqual(people.map((p) => p.id));
    }
    const status = (await call<{ counts: Record<string, { targeted: number; sent: number; failed: number }> }>(rt.url, 'GET', `/actions/${id}`, { token })).body;
    expect(status.counts.voice).toMatchObject({ targeted: people.length, sent: people.length, failed: 0 });
    expect(status.counts.sms).toMatchObject({ targeted: people.length, sent: people.length, failed: 0 });

    // A second redrive finds nothing to move.
    const again = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'shared/local/redrive-cli.ts', 'voice'], { env: { ...process.env, BURGERNET_DATA: dir } });
    expect(again.stdout).toContain('moved 0 messages');
  });
});
