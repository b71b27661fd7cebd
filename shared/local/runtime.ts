// The local world in one process: dynalite on disk, the topology's tables, durable queues with
// pollers, and the HTTP API. `npm start` and the end-to-end tests both start it through here.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { functions, queueEnv, queues, type QueueName } from '#infra/topology';
import { json } from '#shared/http/http-handler';
import { HttpProblem, problemResponse } from '#shared/http/problem';
import { readOutbox } from '#shared/adapters/local/outbox-sender';
import { dlqName } from '#shared/adapters/local/dynamo-queue';
import { startStore, startStoreProcess, createTables, type LocalStore } from './store';
import { startPollers, type PollerOptions, type Pollers } from './poller';
import { startHttpServer, type LocalRoute } from './http-server';
import { localSecret, tokenVerifier } from './keys';
import { inboundSmsRoute } from './inbound-sms';
import { uploadsRoute } from './uploads-route';
import { seedDemo, demoParticipants, DEMO_CITIES } from './seed';
import { loadMunicipalityFixture } from './municipality-fixture';
import { seedParticipantUsage } from './seed-usage';
import { coverRanges } from '#shared/domain/geo-index';
import { ENDPOINT_FILE } from './data-dir';

export interface RuntimeOptions extends PollerOptions {
  /** Data folder; undefined keeps everything in memory (tests). */
  readonly dataDir?: string;
  readonly port?: number;
  /** Keys and tokens live here even for an in-memory store. */
  readonly keyDir: string;
  /** Demo participants seeded on first start; 0 seeds none. */
  readonly seed?: number;
  /** Local provider pace per channel instance; 0 is unpaced (the outbox has no quota). */
  readonly sendRatePerSecond?: number;
  /** Run dynalite in a child process (a core of its own); tests keep it in-process. */
  readonly storeProcess?: boolean;
  /** Tests: the client address comes from X-Forwarded-For, to play several clients. */
  readonly trustForwardedFor?: boolean;
}

export interface Runtime {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly seeded: number;
  readonly pollers: Pollers;
  stop(): Promise<void>;
}

/** What the user set before the first start; later starts overwrite the variable with their own URL. */
const configuredPublicBaseUrl = process.env.PUBLIC_BASE_URL;

/** Every function's environment merged into the process: keys are unique by construction. */
function applyEnvironment(store: LocalStore, options: RuntimeOptions): void {
  process.env.BURGERNET_WORLD = 'local';
  process.env.DYNAMODB_ENDPOINT = store.endpoint;
  process.env.AWS_REGION ??= 'eu-west-1';
  process.env.POWERTOOLS_SERVICE_NAME ??= 'burgernet';
  // This machine runs Node 20 on purpose (see STACK.md); deployed Lambdas run a current Node.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  for (const spec of Object.values(functions)) {
    for (const [k, v] of Object.entries('env' in spec ? spec.env : {})) process.env[k] = options.sendRatePerSecond !== undefined && k.endsWith('_RATE_PER_SECOND') ? String(options.sendRatePerSecond) : v;
  }
  for (const q of Object.keys(queues) as QueueName[]) process.env[queueEnv(q)] = `local://${q}`;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  // The participant secret (phone hashes, codes, manage tokens) lives with the local keys.
  process.env.PARTICIPANT_SECRET ??= localSecret(options.keyDir, 'participant');
  const store = options.storeProcess ? await startStoreProcess(options.dataDir) : await startStore(options.dataDir);
  applyEnvironment(store, options);
  // Tip photos (the local S3): beside the data, or the keys when the store is in memory.
  process.env.BURGERNET_UPLOADS_DIR = join(options.dataDir ?? options.keyDir, 'uploads');
  // Imported after the environment is set: the wiring reads it once.
  const deps = await import('#shared/runtime/deps');
  deps.resetDeps();
  await createTables(deps.dynamoClient());
  // Local reports need municipalities: the repository's fixture, unless real ones were imported.
  await loadMunicipalityFixture(deps.municipalityStore());

  let seeded = 0;
  const marker = options.dataDir ? join(options.dataDir, 'seeded') : undefined;
  if ((options.seed ?? 0) > 0 && !(marker && existsSync(marker))) {
    const keys = await deps.participantKeys();
    await seedDemo(deps.participantStore(), options.seed!, (e164) => keys.phoneKey(e164));
    await seedParticipantUsage(deps.usageStore(), demoParticipants(options.seed!), new Date());
    seeded = options.seed!;
    if (marker) writeFileSync(marker, `${seeded}\n`);
  }

  // Warm H3's WebAssembly and the store's indexes, so the first action is as quick as the rest.
  const warm = { center: { lat: DEMO_CITIES[0].lat, lon: DEMO_CITIES[0].lon }, radiusMeters: 500 };
  for await (const _ of deps.participantStore().candidatesIn(coverRanges(warm).slice(0, 1), { queryCalls: 0, itemsRead: 0 }));

  const queue = deps.localQueue();
  const pollers = startPollers(queue, options);
  const outboxRoute: LocalRoute = async (method, url) => {
    if (url.pathname === '/_local/outbox' && method === 'GET') {
      const actionId = url.searchParams.get('actionId');
      if (!actionId) return problemResponse(HttpProblem.invalid([{ field: 'query.actionId', message: 'required' }]));
      return json(200, await readOutbox(deps.documentClient(), actionId));
    }
    if (url.pathname === '/_local/queues' && method === 'GET') {
      const names = Object.keys(queues).flatMap((q) => [q, dlqName(q)]);
      return json(200, Object.fromEntries(await Promise.all(names.map(async (q) => [q, await queue.depth(q)] as const))));
    }
    return undefined;
  };
  const { server, url } = await startHttpServer({ port: options.port ?? 0, verify: await tokenVerifier(options.keyDir), localRoutes: [outboxRoute, inboundSmsRoute(queue), uploadsRoute(deps.localPhotoStore)], trustForwardedFor: options.trustForwardedFor ?? false });
  // The public feed and the webhook link here unless PUBLIC_BASE_URL was given (set per start: the port may change).
  process.env.PUBLIC_BASE_URL = configuredPublicBaseUrl ?? url;
  // The import tool finds the running store here instead of opening the locked data folder.
  const endpointFile = options.dataDir ? join(options.dataDir, ENDPOINT_FILE) : undefined;
  if (endpointFile) writeFileSync(endpointFile, JSON.stringify({ dynamodb: store.endpoint, api: url }));

  return {
    url,
    dynamoEndpoint: store.endpoint,
    seeded,
    pollers,
    async stop() {
      await closeServer(server);
      await pollers.stop();
      deps.dynamoClient().destroy();
      await store.close();
      if (endpointFile) rmSync(endpointFile, { force: true });
    },
  };
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
