// The local runtime with the bench crowd around Utrecht, for the end-to-end and load benches:
// the national synthetic participants (same generator, seed and land mask as the selection
// bench) are generated and only those within the Utrecht 5 km test area plus a margin are
// loaded, so the area's density is the national one while loading stays quick. Dynalite runs in
// a child process, as `npm start` runs it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distanceMeters, isCircle, type Circle } from '#shared/domain/area';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import { logger } from '#shared/runtime/logger';
import { quietLocalSdk } from '#shared/config/environment';
import type { Participant } from '#shared/ports/participant-store';
import { areaByKey } from './areas';
import { BENCH_SEED, generatePopulation, landMaskPath, loadLandMask, participantAt } from './synthetic';

quietLocalSdk();
// The runtime logs every chunk at INFO; the figures are the output here. The logger exists by
// now (imported with the runtime), so its level is set rather than the environment.
logger.setLogLevel('WARN');

const utrecht = areaByKey('utrecht-5km').area;
if (!isCircle(utrecht)) throw new Error('the Utrecht test area is a circle');
export const UTRECHT_5KM: Circle = utrecht;

export interface BenchRuntimeOptions {
  /** Size of the national crowd the Utrecht participants are drawn from. */
  readonly participants: number;
  /** Participants up to this many km beyond the 5 km circle are loaded too. */
  readonly marginKm: number;
  /** Local provider pace per channel; 0 is unpaced. */
  readonly sendRatePerSecond: number;
}

export interface BenchRuntime {
  readonly rt: Runtime;
  readonly operatorToken: string;
  /** The loaded participants (their positions decide who an area reaches). */
  readonly loaded: readonly Participant[];
  readonly loadSeconds: number;
  stop(): Promise<void>;
}

export async function startBenchRuntime(options: BenchRuntimeOptions): Promise<BenchRuntime> {
  const pop = generatePopulation(options.participants, BENCH_SEED, loadLandMask(landMaskPath));
  const within = UTRECHT_5KM.radiusMeters + options.marginKm * 1000;
  const { lat, lon } = UTRECHT_5KM.center;
  const loaded: Participant[] = [];
  for (let i = 0; i < pop.count; i++) if (distanceMeters(lat, lon, pop.lat[i]!, pop.lon[i]!) <= within) loaded.push(participantAt(pop, i));

  const dir = mkdtempSync(join(tmpdir(), 'burgernet-bench-runtime-'));
  // visibilityScale 1 and idleMs 200: the deployed queue timings, pollers waking as `npm start` does.
  const rt = await startRuntime({ dataDir: join(dir, 'data'), keyDir: dir, seed: 0, storeProcess: true, visibilityScale: 1, idleMs: 200, sendRatePerSecond: options.sendRatePerSecond, trustForwardedFor: true });
  try {
    const started = performance.now();
    // Four putMany calls of 500 in flight, as the import tool loads.
    for (let i = 0; i < loaded.length; i += 2000) {
      await Promise.all([0, 1, 2, 3].map((k) => rt.world.stores.participants.putMany(loaded.slice(i + k * 500, Math.min(loaded.length, i + (k + 1) * 500)))));
    }
    const loadSeconds = (performance.now() - started) / 1000;
    const operatorToken = await signToken(dir, { role: 'operator', sub: 'bench-operator' });
    return {
      rt,
      operatorToken,
      loaded,
      loadSeconds,
      async stop() {
        await rt.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rt.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** A small heterdaad action around a point, SMS only unless channels are given. */
export function actionBody(center: { lat: number; lon: number }, radiusMeters: number, channels: readonly ('sms' | 'voice')[] = ['sms']) {
  return {
    type: 'heterdaad',
    title: 'Overval juwelier',
    description: { text: 'Man, 1.85 m, donkere jas, op een scooter' },
    area: { center, radiusMeters },
    channels,
    messages: {
      sms: 'Burgernet: overval juwelier. Gezocht: man, 1.85 m, donkere jas, scooter. Gezien? Bel 0800-0011.',
      voice: 'Dit is Burgernet. Bij een overval zoekt de politie een man van 1 meter 85 met een donkere jas op een scooter.',
    },
  };
}

/** Runs a bench on the runtime, stops the runtime whatever happens, and exits with the bench's code (1 on an error). */
export async function runAndExit(b: BenchRuntime, run: () => Promise<number>): Promise<never> {
  let code = 1;
  try {
    code = await run();
  } catch (err) {
    console.error(err);
  } finally {
    await b.stop();
  }
  process.exit(code);
}
