// The local world in one process: dynalite on disk, the topology's tables, durable queues with
// pollers, and the HTTP API. `npm start` and the end-to-end tests both start it through here.
// Every function runs in a world of its own (shared/local/local-world.ts), configured from the
// topology as the CDK stack configures it; nothing is read from or written to the environment
// beyond the local knobs (`localEnvironment()`).
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { functions, queues, type FunctionName } from '#infra/topology';
import { resolveSettings, type SettingOverrides } from '#infra/function-config';
import { localEnvironment, quietLocalSdk } from '#shared/config/environment';
import type { FunctionConfig, Settings } from '#shared/config/function-config';
import type { Channel } from '#shared/domain/vocabulary';
import type { Clock } from '#shared/ports/clock';
import { json, type HttpEvent, type HttpResult } from '#shared/http/http-handler';
import { HttpProblem, problemResponse } from '#shared/http/problem';
import { readOutbox } from '#shared/adapters/local/outbox-sender';
import { dlqName, type DynamoQueue } from '#shared/adapters/local/dynamo-queue';
import type { World } from '#shared/runtime/world';
import { participantKeys } from '#shared/runtime/wiring';
import { coverRanges } from '#shared/domain/geo-index';
import { startStore, startStoreProcess, createTables } from './store';
import { startPollers, type PollerOptions, type Pollers } from './poller';
import { startHttpServer, type LocalRoute } from './http-server';
import { localSecret, tokenVerifier } from './keys';
import { inboundSmsRoute } from './inbound-sms';
import { uploadsRoute } from './uploads-route';
import { seedDemo, demoParticipants, DEMO_CITIES } from './seed';
import { loadMunicipalityFixture } from './municipality-fixture';
import { seedParticipantUsage } from './seed-usage';
import { ENDPOINT_FILE } from './data-dir';
import { localWorlds, type LocalWorlds } from './local-world';
import { localFunction } from './lambda-context';

export interface RuntimeOptions extends PollerOptions {
  /** Data folder; undefined keeps everything in memory (tests). */
  readonly dataDir?: string;
  readonly port?: number;
  /** Keys and tokens live here even for an in-memory store. */
  readonly keyDir: string;
  /** Demo participants seeded on first start; 0 seeds none. */
  readonly seed?: number;
  /**
   * Local provider pace per sender instance: one rate for every channel, or rates per channel
   * (the others keep their share of the topology's quota); 0 is unpaced (the outbox has no quota).
   * Unset: the deployed pace.
   */
  readonly sendRatePerSecond?: number | Partial<Record<Channel, number>>;
  /** Run dynalite in a child process (a core of its own); tests keep it in-process. */
  readonly storeProcess?: boolean;
  /** Tests: the client address comes from X-Forwarded-For, to play several clients. */
  readonly trustForwardedFor?: boolean;
  /** Settings over the topology's defaults and the environment's knobs (e.g. a shorter claimTtlSeconds). */
  readonly settings?: SettingOverrides;
  /** Where the webhook posts and its signing secret; default WEBHOOK_URL and WEBHOOK_SECRET. */
  readonly webhook?: { readonly url?: string; readonly secret?: string };
  /** Every function's clock: a test passes one it controls. */
  readonly clock?: Clock;
  /** Tests and benches: replace ports of a function's world (shared/local/local-world.ts `wrapPorts`). */
  readonly wrapWorld?: (name: FunctionName, world: World) => World;
}

export interface Runtime {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly seeded: number;
  readonly pollers: Pollers;
  /** A local world granting every table, queue and bucket: tests and tools use its stores. */
  readonly world: World;
  /** The durable queue every function sends to (depths, dead letters; a send wakes the pollers). */
  readonly queue: DynamoQueue;
  /** The runtime's DynamoDB client and document client, for scans. */
  readonly dynamo: DynamoDBClient;
  readonly db: DynamoDBDocumentClient;
  /** A function's configuration as the runtime resolved it. */
  configOf(name: FunctionName): FunctionConfig;
  stop(): Promise<void>;
}

/** The settings: topology defaults, then the environment's knobs, then the options; the public base URL last. */
function settingsFor(options: RuntimeOptions, env: ReturnType<typeof localEnvironment>, url: string): Settings {
  const rate = options.sendRatePerSecond;
  const settings = resolveSettings({
    ...(env.claimTtlSeconds !== undefined ? { claimTtlSeconds: env.claimTtlSeconds } : {}),
    ...(env.usdPerEur !== undefined ? { usdPerEur: env.usdPerEur } : {}),
    priceTable: env.priceTable,
    approval: env.approval,
    ...options.settings,
    ...(typeof rate === 'number' ? { sendRatePerInstance: rate } : {}),
    // The public feed, CAP, webhooks and photo links point here unless PUBLIC_BASE_URL says otherwise.
    publicBaseUrl: env.publicBaseUrl ?? url,
  });
  if (rate === undefined || typeof rate === 'number') return settings;
  const senders = Object.fromEntries(
    Object.entries(settings.senders).map(([c, profile]) => [c, rate[c as Channel] === undefined ? profile : { ...profile, ratePerInstance: rate[c as Channel]! }]),
  ) as Settings['senders'];
  return { ...settings, senders };
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  quietLocalSdk();
  const env = localEnvironment();
  // The participant secret (phone hashes, codes, manage tokens) lives with the local keys.
  const participantSecret = env.participantSecret ?? localSecret(options.keyDir, 'participant');
  const store = options.storeProcess ? await startStoreProcess(options.dataDir) : await startStore(options.dataDir);

  // The server listens first: its address is the public base URL of every function's
  // configuration. Requests wait until the worlds are built, the tables exist and the seed is in.
  let built: LocalWorlds | undefined = undefined;
  const worlds = (): LocalWorlds => {
    if (!built) throw new Error('the local runtime is still starting');
    return built;
  };
  let ready!: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  const outboxRoute: LocalRoute = async (method, url) => {
    if (url.pathname === '/_local/outbox' && method === 'GET') {
      const actionId = url.searchParams.get('actionId');
      if (!actionId) return problemResponse(HttpProblem.invalid([{ field: 'query.actionId', message: 'required' }]));
      return json(200, await readOutbox(worlds().db, actionId));
    }
    if (url.pathname === '/_local/queues' && method === 'GET') {
      const names = Object.keys(queues).flatMap((q) => [q, dlqName(q)]);
      return json(200, Object.fromEntries(await Promise.all(names.map(async (q) => [q, await worlds().queue.depth(q)] as const))));
    }
    return undefined;
  };
  const inbound: LocalRoute = (...args) => inboundSmsRoute(worlds().queue)(...args);
  let server: Server;
  let url: string;
  try {
    ({ server, url } = await startHttpServer({
      port: options.port ?? 0,
      verify: await tokenVerifier(options.keyDir),
      functionOf: (name) => localFunction<HttpEvent, HttpResult>(name, worlds().of(name)),
      ready: started,
      localRoutes: [outboxRoute, inbound, uploadsRoute(() => worlds().photos)],
      trustForwardedFor: options.trustForwardedFor ?? false,
    }));
  } catch (err) {
    await store.close();
    throw err;
  }

  const webhookUrl = options.webhook?.url ?? env.webhookUrl;
  const webhookSecret = options.webhook?.secret ?? env.webhookSecret;
  const local = (built = localWorlds({
    dynamoEndpoint: store.endpoint,
    // Tip photos (the local S3): beside the data, or the keys when the store is in memory.
    uploadsDir: join(options.dataDir ?? options.keyDir, 'uploads'),
    ...(env.postcodeTable ? { postcodeTable: env.postcodeTable } : {}),
    secrets: { participant: participantSecret, ...(webhookSecret ? { webhook: webhookSecret } : {}) },
    ...(webhookUrl ? { webhookUrl } : {}),
    settings: settingsFor(options, env, url),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.wrapWorld ? { wrapWorld: options.wrapWorld } : {}),
  }));

  let seeded = 0;
  let pollers: Pollers | undefined;
  let endpointFile: string | undefined;
  let world: World;
  try {
    // Every function's configuration is checked now, as each cold start checks its own.
    for (const name of Object.keys(functions) as FunctionName[]) local.configOf(name);
    world = local.all;
    await createTables(local.dynamo);
    // Local reports need municipalities: the repository's fixture, unless real ones were imported.
    await loadMunicipalityFixture(world.stores.municipalities);

    const marker = options.dataDir ? join(options.dataDir, 'seeded') : undefined;
    if ((options.seed ?? 0) > 0 && !(marker && existsSync(marker))) {
      const keys = await participantKeys(world);
      await seedDemo(world.stores.participants, options.seed!, (e164) => keys.phoneKey(e164));
      await seedParticipantUsage(world.stores.usage, demoParticipants(options.seed!), new Date());
      seeded = options.seed!;
      if (marker) writeFileSync(marker, `${seeded}\n`);
    }

    // Warm H3's WebAssembly and the store's indexes, so the first action is as quick as the rest.
    const warm = { center: { lat: DEMO_CITIES[0].lat, lon: DEMO_CITIES[0].lon }, radiusMeters: 500 };
    for await (const _ of world.stores.participants.candidatesIn(coverRanges(warm).slice(0, 1), { queryCalls: 0, itemsRead: 0 }));

    pollers = startPollers(local.queue, (name) => localFunction<SQSEvent, SQSBatchResponse | void>(name, local.of(name)), options);
    // The import tool finds the running store here instead of opening the locked data folder.
    endpointFile = options.dataDir ? join(options.dataDir, ENDPOINT_FILE) : undefined;
    if (endpointFile) writeFileSync(endpointFile, JSON.stringify({ dynamodb: store.endpoint, api: url }));
  } catch (err) {
    ready();
    await closeServer(server);
    await pollers?.stop();
    local.destroy();
    await store.close();
    throw err;
  }
  ready();

  const running = pollers;
  return {
    url,
    dynamoEndpoint: store.endpoint,
    seeded,
    pollers: running,
    world,
    queue: local.queue,
    dynamo: local.dynamo,
    db: local.db,
    configOf: (name) => local.configOf(name),
    async stop() {
      await closeServer(server);
      await running.stop();
      local.destroy();
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
