// The local world: every function's ports over one dynalite, one durable queue, one geofence
// engine (tracker and geofence collection at once, as Amazon Location links them), one photo
// folder, one push registry and one postcode table. That infrastructure is built once per local
// runtime; each function gets a World of its own, composed from its configuration (resolved from
// the topology exactly as the CDK stack resolves it), so a local function reaches only the tables
// and queues its topology entry grants. Senders write to the outbox.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { buckets, functionDefaults, functions, queues, tables, type FunctionName } from '#infra/topology';
import { resolveFunctionConfig, type Resources } from '#infra/function-config';
import { parseFunctionConfig, type FunctionConfig, type Settings } from '#shared/config/function-config';
import type { Channel } from '#shared/domain/vocabulary';
import { systemClock, type Clock } from '#shared/ports/clock';
import type { ChannelSender } from '#shared/ports/channel-sender';
import type { Queue } from '#shared/ports/queue';
import { createDocumentClient, createDynamoClient } from '#shared/adapters/dynamodb/client';
import { DynamoActionStore } from '#shared/adapters/dynamodb/action-store';
import { DynamoQueue } from '#shared/adapters/local/dynamo-queue';
import { OutboxSender } from '#shared/adapters/local/outbox-sender';
import { LocalGeofenceEngine } from '#shared/adapters/local/geofence-engine';
import { LocalPhotoStore } from '#shared/adapters/local/photo-store';
import { LocalPushRegistry } from '#shared/adapters/local/push-registry';
import { PostcodeTableGeocoder } from '#shared/adapters/local/postcode-geocoder';
import { composeWorld, lazy, type Stores, type World } from '#shared/runtime/world';
import { meterDynamo } from '#shared/runtime/request-meter';
import { traced } from '#shared/runtime/tracer';

export interface LocalWorldOptions {
  /** dynalite's address. */
  readonly dynamoEndpoint: string;
  /** Where tip photos are kept (the local S3). */
  readonly uploadsDir: string;
  /** The postcode table the geocoder reads; the repository's demo table when not given. */
  readonly postcodeTable?: string;
  /** The secrets Secrets Manager holds in AWS: participant keys (hex) and the webhook's signing secret. */
  readonly secrets: { readonly participant: string; readonly webhook?: string };
  /** Where the webhook posts; nothing is posted without one. */
  readonly webhookUrl?: string;
  /** The deployment's settings, resolved (`resolveSettings`), with the public base URL set. */
  readonly settings: Settings;
  /** Every function's clock (tests pass one they control). */
  readonly clock?: Clock;
  /** Tests and benches: replace ports of a function's world (a failing provider, a faulty queue). */
  readonly wrapWorld?: (name: FunctionName, world: World) => World;
}

/** The local worlds of one runtime and the infrastructure they share. */
export interface LocalWorlds {
  /** A function's world: its configuration from the topology, the shared local infrastructure. */
  of(name: FunctionName): World;
  /** A world whose configuration grants every table, queue and bucket: for the runtime, tools and tests. */
  readonly all: World;
  /** A function's configuration as its world has it. */
  configOf(name: FunctionName): FunctionConfig;
  readonly dynamo: DynamoDBClient;
  readonly db: DynamoDBDocumentClient;
  /** The durable queue every function sends to and the pollers receive from. */
  readonly queue: DynamoQueue;
  readonly photos: LocalPhotoStore;
  readonly clock: Clock;
  /** Closes the DynamoDB client. */
  destroy(): void;
}

const itself = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, n]));

/** Where everything is locally: tables and buckets by their topology names, queues as `local://name`. */
export function localResources(options: Pick<LocalWorldOptions, 'dynamoEndpoint' | 'uploadsDir' | 'postcodeTable' | 'secrets' | 'webhookUrl'>): Resources {
  return {
    world: 'local',
    tables: itself(Object.keys(tables)),
    queues: Object.fromEntries(Object.keys(queues).map((q) => [q, `local://${q}`])),
    buckets: itself(Object.keys(buckets)),
    secrets: { participant: { value: options.secrets.participant }, ...(options.secrets.webhook ? { webhook: { value: options.secrets.webhook } } : {}) },
    webhook: options.webhookUrl ? { url: options.webhookUrl } : {},
    local: { dynamoEndpoint: options.dynamoEndpoint, uploadsDir: options.uploadsDir, ...(options.postcodeTable ? { postcodeTable: options.postcodeTable } : {}) },
  };
}

export function localWorlds(options: LocalWorldOptions): LocalWorlds {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  // One client for everything: DynamoDB calls made while a queue record is handled count towards its action's cost.
  const dynamo = traced(meterDynamo(createDynamoClient(options.dynamoEndpoint)));
  const db = createDocumentClient(dynamo);
  const queue = new DynamoQueue(db);
  const resources = localResources(options);
  const settings = options.settings;
  const geocoder = lazy(() => PostcodeTableGeocoder.fromFile(options.postcodeTable));
  const push = lazy(() => new LocalPushRegistry(db));
  // ENTER events go straight to the queue: the engine is Amazon Location, not a function of the action.
  const engine = lazy(() => new LocalGeofenceEngine(queue, new DynamoActionStore(db, resources.tables.actions!), settings.positionTtlMinutes * 60_000, now));
  const photos = lazy(() => new LocalPhotoStore(options.uploadsDir, () => (settings.publicBaseUrl ?? '').replace(/\/+$/, ''), undefined, now));

  const compose = (config: FunctionConfig): World =>
    composeWorld(config, {
      dynamo,
      clock,
      queue: (): Queue => queue,
      sender: (channel: Channel): ChannelSender => new OutboxSender(channel, db, now),
      geocoder: () => geocoder(),
      push: () => push(),
      tracker: () => engine(),
      geofences: () => engine(),
      photos: () => photos(),
      secret: async (name) => {
        const ref = config.secrets[name];
        return ref && 'value' in ref ? ref.value : undefined;
      },
    });

  const configs = new Map<FunctionName, FunctionConfig>();
  const configOf = (name: FunctionName): FunctionConfig => {
    let config = configs.get(name);
    if (!config) configs.set(name, (config = resolveFunctionConfig(name, resources, settings)));
    return config;
  };
  const worlds = new Map<FunctionName, World>();
  const all = lazy(() =>
    compose(
      parseFunctionConfig({
        name: 'local',
        world: 'local',
        memoryMb: functionDefaults.memoryMb,
        timeoutSeconds: functionDefaults.timeoutSeconds,
        tables: resources.tables,
        queues: resources.queues,
        buckets: resources.buckets,
        secrets: resources.secrets,
        messaging: {},
        location: {},
        webhook: resources.webhook,
        local: resources.local,
        settings,
      }),
    ),
  );
  return {
    of(name) {
      if (!(name in functions)) throw new Error(`no function ${name} in the topology`);
      let world = worlds.get(name);
      if (!world) {
        const own = compose(configOf(name));
        worlds.set(name, (world = options.wrapWorld ? options.wrapWorld(name, own) : own));
      }
      return world;
    },
    get all() {
      return all();
    },
    configOf,
    dynamo,
    db,
    queue,
    get photos() {
      return photos();
    },
    clock,
    destroy: () => dynamo.destroy(),
  };
}

/** What a test or bench may replace in a world: each wrapper gets the world's own port, once. */
export interface PortWrappers {
  readonly sender?: (real: ChannelSender, channel: Channel) => ChannelSender;
  readonly queue?: (real: Queue) => Queue;
  readonly stores?: { readonly [K in keyof Stores]?: (real: Stores[K]) => Stores[K] };
  /** Called on every read of `config`, so a test can change what the function sees mid-run. */
  readonly config?: (real: FunctionConfig) => FunctionConfig;
}

/**
 * `world` with some ports wrapped (for `wrapWorld`): everything else is the world's own, still
 * built on first use. Wrappers run once per world (and channel), on first use.
 */
export function wrapPorts(world: World, wrap: PortWrappers): World {
  const out = Object.create(world) as World;
  const define = (key: string, get: () => unknown) => Object.defineProperty(out, key, { get, enumerable: true });
  if (wrap.sender) {
    const senders = new Map<Channel, ChannelSender>();
    const make = wrap.sender;
    Object.defineProperty(out, 'sender', {
      value: (channel: Channel) => {
        let s = senders.get(channel);
        if (!s) senders.set(channel, (s = make(world.sender(channel), channel)));
        return s;
      },
    });
  }
  if (wrap.queue) {
    const make = wrap.queue;
    const queue = lazy(() => make(world.queue));
    define('queue', queue);
  }
  if (wrap.stores) {
    const replaced = wrap.stores as Record<string, ((real: unknown) => unknown) | undefined>;
    const stores = Object.create(world.stores) as Record<string, unknown>;
    for (const [key, make] of Object.entries(replaced)) {
      if (!make) continue;
      const store = lazy(() => make((world.stores as unknown as Record<string, unknown>)[key]));
      Object.defineProperty(stores, key, { get: store, enumerable: true });
    }
    Object.defineProperty(out, 'stores', { value: stores });
  }
  if (wrap.config) {
    const make = wrap.config;
    define('config', () => make(world.config));
  }
  return out;
}
