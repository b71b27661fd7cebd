// A World builds a function's ports from its configuration: one AWS implementation
// (aws-world.ts) and one local (shared/local/local-world.ts). Handlers get a world from the house
// wrappers and take what they use from it (shared/runtime/wiring.ts composes the domain's deps);
// tests build their own world instead of overriding globals. Ports are built on first use, once
// per world: a route never touches a service its topology entry does not grant.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '#shared/domain/vocabulary';
import type { FunctionConfig } from '#shared/config/function-config';
import type { Clock } from '#shared/ports/clock';
import type { ChannelSender } from '#shared/ports/channel-sender';
import type { Queue } from '#shared/ports/queue';
import type { Geocoder } from '#shared/ports/geocoder';
import type { PushRegistry } from '#shared/ports/push-registry';
import type { PositionTracker } from '#shared/ports/position-tracker';
import type { GeofenceRegistry } from '#shared/ports/geofence-registry';
import type { PhotoStore } from '#shared/ports/photo-store';
import type { Municipality } from '#shared/ports/municipality-store';
import { createDocumentClient } from '#shared/adapters/dynamodb/client';
import { DynamoActionStore } from '#shared/adapters/dynamodb/action-store';
import { DynamoParticipantStore } from '#shared/adapters/dynamodb/participant-store';
import { DynamoDeliveryStore } from '#shared/adapters/dynamodb/delivery-store';
import { DynamoTimelineStore } from '#shared/adapters/dynamodb/timeline-store';
import { DynamoCodeStore } from '#shared/adapters/dynamodb/code-store';
import { DynamoRateLimiter } from '#shared/adapters/dynamodb/rate-limiter';
import { DynamoDeviceStore } from '#shared/adapters/dynamodb/device-store';
import { DynamoTipStore } from '#shared/adapters/dynamodb/tip-store';
import { DynamoMunicipalityStore } from '#shared/adapters/dynamodb/municipality-store';
import { DynamoUsageStore } from '#shared/adapters/dynamodb/usage-store';
import { DynamoCampaignStore } from '#shared/adapters/dynamodb/campaign-store';
import { Pacer } from '#shared/domain/pacer';
import { priceTableFrom, type PriceTable } from '#shared/domain/prices';
import { municipalityLocator, type Locate } from '#shared/domain/municipality-locator';
import type { TableName, SecretName } from '#infra/topology';
import { countQueueSend } from './request-meter';
import { GuardedGeofences } from './guarded-geofences';

/** The DynamoDB-backed stores: the same adapters in both worlds (locally against dynalite). */
export interface Stores {
  readonly actions: DynamoActionStore;
  readonly participants: DynamoParticipantStore;
  readonly deliveries: DynamoDeliveryStore;
  readonly timeline: DynamoTimelineStore;
  readonly codes: DynamoCodeStore;
  readonly limits: DynamoRateLimiter;
  readonly devices: DynamoDeviceStore;
  readonly tips: DynamoTipStore;
  readonly municipalities: DynamoMunicipalityStore;
  readonly usage: DynamoUsageStore;
  readonly campaigns: DynamoCampaignStore;
}

export interface World {
  readonly config: FunctionConfig;
  readonly clock: Clock;
  readonly stores: Stores;
  readonly queue: Queue;
  sender(channel: Channel): ChannelSender;
  /** One pacer per channel per world: in AWS per Lambda instance, as the quota plan assumes. */
  pacer(channel: Channel): Pacer;
  readonly geocoder: Geocoder;
  readonly push: PushRegistry;
  readonly tracker: PositionTracker;
  readonly geofences: GeofenceRegistry;
  readonly photos: PhotoStore;
  /** A deployment secret: Secrets Manager in AWS (cached 5 minutes), the configured value locally. */
  secret(name: SecretName): Promise<string | undefined>;
  /** Where Idempotency-Key records live. */
  readonly idempotency: { readonly client: DynamoDBClient; readonly table: string };
  readonly prices: PriceTable;
  /** The municipality a point lies in (boundaries read once per world). */
  municipalityAt(lat: number, lon: number): Promise<string | undefined>;
  /** The municipality directory, read at most every 5 minutes. */
  municipalityDirectory(): Promise<readonly Municipality[]>;
}

/** What differs between the worlds; everything else is composed the same way. */
export interface WorldParts {
  readonly dynamo: DynamoDBClient;
  readonly clock: Clock;
  queue(): Queue;
  sender(channel: Channel, world: World): ChannelSender;
  geocoder(world: World): Geocoder;
  push(world: World): PushRegistry;
  tracker(world: World): PositionTracker;
  /** The raw geofence registry; the world guards it (a failed put never fails a fan-out). */
  geofences(world: World): GeofenceRegistry;
  photos(world: World): PhotoStore;
  secret(name: SecretName): Promise<string | undefined>;
}

/** A value built on first use. */
export function lazy<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

/** The physical name of a table the function was granted. */
export function tableOf(config: FunctionConfig, table: TableName): string {
  const name = config.tables[table];
  if (!name) throw new Error(`${config.name} has no access to the ${table} table (not in its topology entry)`);
  return name;
}

function storesOver(config: FunctionConfig, db: () => DynamoDBDocumentClient, clock: Clock): Stores {
  const t = (table: TableName) => tableOf(config, table);
  const stores = {
    actions: lazy(() => new DynamoActionStore(db(), t('actions'))),
    participants: lazy(() => new DynamoParticipantStore(db(), t('participants'))),
    deliveries: lazy(() => new DynamoDeliveryStore(db(), t('deliveries'))),
    timeline: lazy(() => new DynamoTimelineStore(db(), t('timeline'))),
    codes: lazy(() => new DynamoCodeStore(db(), t('codes'))),
    limits: lazy(() => new DynamoRateLimiter(db(), t('limits'), () => clock.now())),
    // Devices are items of the participants table.
    devices: lazy(() => new DynamoDeviceStore(db(), t('participants'))),
    tips: lazy(() => new DynamoTipStore(db(), t('tips'))),
    municipalities: lazy(() => new DynamoMunicipalityStore(db(), t('municipalities'))),
    usage: lazy(() => new DynamoUsageStore(db(), t('usage'))),
    campaigns: lazy(() => new DynamoCampaignStore(db(), t('campaigns'))),
  };
  return Object.defineProperties({} as Stores, Object.fromEntries(Object.entries(stores).map(([k, make]) => [k, { get: make, enumerable: true }])));
}

/** Queue sends counted as SQS requests for the action being worked on (both worlds batch by 10). */
function countingQueue(inner: Queue): Queue {
  return {
    send: async (name, messages) => {
      await inner.send(name, messages);
      countQueueSend(messages.length);
    },
  };
}

/** Composes a world from its configuration and the parts that differ between AWS and local. */
export function composeWorld(config: FunctionConfig, parts: WorldParts): World {
  const db = lazy(() => createDocumentClient(parts.dynamo));
  const stores = storesOver(config, db, parts.clock);
  const senders = new Map<Channel, ChannelSender>();
  const pacers = new Map<Channel, Pacer>();
  const queue = lazy(() => countingQueue(parts.queue()));
  const prices = lazy(() => priceTableFrom(config.settings.priceTable));
  let locator: Promise<Locate> | undefined;
  let directory: { at: number; list: Promise<readonly Municipality[]> } | undefined;
  const world: World = {
    config,
    clock: parts.clock,
    stores,
    get queue() {
      return queue();
    },
    sender(channel) {
      let s = senders.get(channel);
      if (!s) senders.set(channel, (s = parts.sender(channel, world)));
      return s;
    },
    pacer(channel) {
      let p = pacers.get(channel);
      if (!p) pacers.set(channel, (p = new Pacer(config.pacePerSecond ?? 0)));
      return p;
    },
    get geocoder() {
      return geocoder();
    },
    get push() {
      return push();
    },
    get tracker() {
      return tracker();
    },
    get geofences() {
      return geofences();
    },
    get photos() {
      return photos();
    },
    secret: (name) => parts.secret(name),
    get idempotency() {
      return { client: parts.dynamo, table: tableOf(config, 'idempotency') };
    },
    get prices() {
      return prices();
    },
    async municipalityAt(lat, lon) {
      // Boundaries are reference data: read once; a failed read is tried again next time.
      locator ??= stores.municipalities
        .boundaries()
        .then(municipalityLocator)
        .catch((err: unknown) => {
          locator = undefined;
          throw err;
        });
      return (await locator)(lat, lon);
    },
    municipalityDirectory() {
      const now = Date.now();
      if (!directory || now - directory.at > 300_000) {
        const list = stores.municipalities.list();
        directory = { at: now, list };
        list.catch(() => (directory = undefined));
      }
      return directory.list;
    },
  };
  const geocoder = lazy(() => parts.geocoder(world));
  const push = lazy(() => parts.push(world));
  const tracker = lazy(() => parts.tracker(world));
  const geofences = lazy(() => new GuardedGeofences(parts.geofences(world)));
  const photos = lazy(() => parts.photos(world));
  return world;
}
