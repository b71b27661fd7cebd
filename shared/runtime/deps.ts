// Wiring: builds each port's adapter once per process for the world named by BURGERNET_WORLD
// ('aws' when deployed, 'local' under `npm start` and the tests). Handlers take ports from here;
// nothing else reads the environment.
import type { Channel } from '#infra/topology';
import { rateEnv } from '#infra/topology';
import type { ChannelSender } from '#shared/ports/channel-sender';
import type { Queue } from '#shared/ports/queue';
import { systemClock, type Clock } from '#shared/ports/clock';
import { createDocumentClient, createDynamoClient, tableName } from '#shared/adapters/dynamodb/client';
import { DynamoActionStore } from '#shared/adapters/dynamodb/action-store';
import { DynamoParticipantStore } from '#shared/adapters/dynamodb/participant-store';
import { DynamoDeliveryStore } from '#shared/adapters/dynamodb/delivery-store';
import { DynamoTimelineStore } from '#shared/adapters/dynamodb/timeline-store';
import { DynamoCodeStore } from '#shared/adapters/dynamodb/code-store';
import { DynamoRateLimiter } from '#shared/adapters/dynamodb/rate-limiter';
import { PostcodeTableGeocoder } from '#shared/adapters/local/postcode-geocoder';
import { ParticipantKeys } from '#shared/domain/participant-keys';
import type { RegistrationDeps } from '#shared/domain/registration';
import type { DeliveryFeedback } from '#shared/domain/deliver';
import { onPermanentFailure } from '#shared/domain/opt-out';
import type { Geocoder } from '#shared/ports/geocoder';
import { DynamoQueue } from '#shared/adapters/local/dynamo-queue';
import { OutboxSender } from '#shared/adapters/local/outbox-sender';
import { Pacer } from '#shared/domain/pacer';
import { approvalRuleFrom } from '#shared/domain/approval';
import type { LifecycleDeps } from '#shared/domain/lifecycle';
import type { FanoutDeps } from '#shared/domain/fanout';
import { awsChannelSender, awsGeocoder, awsQueue } from './aws-adapters';
import { bulletinStarts, measuredSender } from './measured-sender';
import { traced } from './tracer';
import { countQueueSend, meterDynamo } from './request-meter';
import { DynamoMunicipalityStore } from '#shared/adapters/dynamodb/municipality-store';
import { DynamoUsageStore } from '#shared/adapters/dynamodb/usage-store';
import { DynamoCampaignStore } from '#shared/adapters/dynamodb/campaign-store';
import { priceTableFrom } from '#shared/domain/prices';
import { municipalityLocator, type Locate } from '#shared/domain/municipality-locator';
import type { ReportDeps } from '#shared/domain/usage-report';
import type { Municipality } from '#shared/ports/municipality-store';

import { DynamoDeviceStore } from '#shared/adapters/dynamodb/device-store';
import { DynamoTipStore } from '#shared/adapters/dynamodb/tip-store';
import { LocalPushRegistry } from '#shared/adapters/local/push-registry';
import { LocalGeofenceEngine } from '#shared/adapters/local/geofence-engine';
import { LocalPhotoStore } from '#shared/adapters/local/photo-store';
import type { PushRegistry } from '#shared/ports/push-registry';
import type { PositionTracker } from '#shared/ports/position-tracker';
import type { GeofenceRegistry } from '#shared/ports/geofence-registry';
import type { PhotoStore } from '#shared/ports/photo-store';
import { positionTtlMs, type DeviceDeps } from '#shared/domain/devices';
import { GuardedGeofences } from './guarded-geofences';
import { awsGeofences, awsPhotoStore, awsPositionTracker, awsPushRegistry } from './aws-app-adapters';

export type World = 'aws' | 'local';
export const world = (): World => (process.env.BURGERNET_WORLD === 'local' ? 'local' : 'aws');

const resets: (() => void)[] = [];
const once = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  resets.push(() => (value = undefined));
  return () => (value ??= make());
};

/** Forgets every adapter so the next use reads the environment again (a restarted local runtime). */
export function resetDeps(): void {
  for (const reset of resets) reset();
  senders.clear();
  pacers.clear();
}

/** Replacements the local runtime and the fault tests plug in (a failing provider, a fixed clock). */
export interface Overrides {
  sender?: (channel: Channel, real: ChannelSender) => ChannelSender;
  clock?: Clock;
  /** Wraps the fan-out handler's ports (a selector that throws halfway, a queue that duplicates sends). */
  fanout?: (real: FanoutDeps) => FanoutDeps;
}
const overrides: Overrides = {};
export function override(o: Overrides): void {
  Object.assign(overrides, o);
  senders.clear();
}

// Metered: DynamoDB calls made while a queue record is handled count towards its action's cost.
export const dynamoClient = once(() => traced(meterDynamo(createDynamoClient())));
export const documentClient = once(() => createDocumentClient(dynamoClient()));
export const actionStore = once(() => new DynamoActionStore(documentClient(), tableName('actions')));
export const participantStore = once(() => new DynamoParticipantStore(documentClient(), tableName('participants')));
export const deliveryStore = once(() => new DynamoDeliveryStore(documentClient(), tableName('deliveries')));
export const timelineStore = once(() => new DynamoTimelineStore(documentClient(), tableName('timeline')));
export const codeStore = once(() => new DynamoCodeStore(documentClient(), tableName('codes')));
export const rateLimiter = once(() => new DynamoRateLimiter(documentClient(), tableName('limits'), () => clock().now()));
export const geocoder = once((): Geocoder => (world() === 'local' ? PostcodeTableGeocoder.fromFile() : awsGeocoder(municipalityAt)));
export const localQueue = once(() => new DynamoQueue(documentClient()));
export const queue = once((): Queue => countingQueue(world() === 'local' ? localQueue() : awsQueue()));
export const clock = (): Clock => overrides.clock ?? systemClock;
/** How long a sender's claim on a recipient holds before another may take it over (`CLAIM_TTL_SECONDS`). */
export const claimTtlMs = (): number | undefined => (process.env.CLAIM_TTL_SECONDS ? Number(process.env.CLAIM_TTL_SECONDS) * 1000 : undefined);
/** The fan-out handler's ports as the fault tests may have wrapped them; unchanged when no override is set. */
export const withFanoutOverride = (real: FanoutDeps): FanoutDeps => (overrides.fanout ? overrides.fanout(real) : real);
/** The four-eyes thresholds of this deployment. */
export const approvalRule = once(() => approvalRuleFrom(process.env));
/** What the operator acts need: one place, so every lifecycle handler wires the same ports. */
export const lifecycleDeps = (): LifecycleDeps => ({ actions: actionStore(), timeline: timelineStore(), queue: queue(), clock: clock(), approvalRule: approvalRule() });
/**
 * A deployment secret: from Secrets Manager in AWS (ARN in `arnEnv`, cached for 5 minutes per
 * instance, so a rotation applies within that), from `localEnv` in the local world.
 */
export async function deploymentSecret(arnEnv: string, localEnv: string): Promise<string | undefined> {
  if (world() === 'local') return process.env[localEnv];
  const arn = process.env[arnEnv]?.trim();
  if (!arn) return undefined;
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  const value = await getSecret(arn, { maxAge: 300 });
  return typeof value === 'string' ? value : value ? Buffer.from(value).toString('utf8') : undefined;
}

/** Keys derived from the participant secret (hex, at least 32 bytes). */
export async function participantKeys(): Promise<ParticipantKeys> {
  const secret = await deploymentSecret('PARTICIPANT_SECRET_ARN', 'PARTICIPANT_SECRET');
  if (!secret) throw new Error('no participant secret: PARTICIPANT_SECRET_ARN in AWS, PARTICIPANT_SECRET locally');
  return new ParticipantKeys(Buffer.from(secret, 'hex'));
}

/** The municipal figures participant changes feed (joined, left, campaign recruits). */
const participantUsage = () => ({ usage: usageStore(), campaigns: campaignStore() });

/** What STOP and delivery feedback need to take a number out and count it as left. */
export const optOutDeps = () => ({ registry: participantStore(), clock: clock(), usage: participantUsage() });

export const registrationDeps = async (): Promise<RegistrationDeps> => ({
  registry: participantStore(),
  codes: codeStore(),
  limits: rateLimiter(),
  geocoder: geocoder(),
  senders: { sms: channelSender('sms'), voice: channelSender('voice') },
  keys: await participantKeys(),
  clock: clock(),
  usage: participantUsage(),
});

/** Delivery's reports to the register: opt-outs stop, repeated hard failures deactivate. */
export const deliveryFeedback = (): DeliveryFeedback => ({
  failedForGood: (id, reason) => onPermanentFailure(optOutDeps(), id, reason),
  deliveredAfterFailures: (id) => participantStore().clearFailures(id),
});

/** Where Idempotency-Key records live, for the handlers that accept one. */
export const idempotencyStore = { client: () => dynamoClient(), table: () => tableName('idempotency') };

const senders = new Map<Channel, ChannelSender>();
export function channelSender(channel: Channel): ChannelSender {
  const existing = senders.get(channel);
  if (existing) return existing;
  const real = world() === 'local' ? new OutboxSender(channel, documentClient(), () => clock().now()) : awsChannelSender(channel);
  const chosen = overrides.sender ? overrides.sender(channel, real) : real;
  // Deployed senders count sends, failures and latency for CloudWatch (metrics.ts); locally nothing is emitted.
  const sender = world() === 'aws' ? measuredSender(chosen, bulletinStarts(actionStore())) : chosen;
  senders.set(channel, sender);
  return sender;
}

/** One pacer per channel per process: in AWS that is per Lambda instance, as the quota plan assumes. */
const pacers = new Map<Channel, Pacer>();
export function pacer(channel: Channel): Pacer {
  let p = pacers.get(channel);
  if (!p) {
    p = new Pacer(Number(process.env[rateEnv(channel)] ?? '0'));
    pacers.set(channel, p);
  }
  return p;
}

// The app: devices, positions, places, tips (see README "The app: devices, positions, tips").
export const deviceStore = once(() => new DynamoDeviceStore(documentClient(), tableName('participants')));
export const tipStore = once(() => new DynamoTipStore(documentClient(), tableName('tips')));
export const pushRegistry = once((): PushRegistry => (world() === 'local' ? new LocalPushRegistry(documentClient()) : awsPushRegistry()));
/** Locally one engine is tracker and geofence collection at once, as Amazon Location links them. */
const localGeofenceEngine = once(() => new LocalGeofenceEngine(localQueue(), actionStore(), positionTtlMs(process.env), () => clock().now()));
export const positionTracker = once((): PositionTracker => (world() === 'local' ? localGeofenceEngine() : awsPositionTracker()));
export const geofenceRegistry = once((): GeofenceRegistry => new GuardedGeofences(world() === 'local' ? localGeofenceEngine() : awsGeofences()));
/** Files under BURGERNET_UPLOADS_DIR, links on PUBLIC_BASE_URL (both set by the local runtime). */
export const localPhotoStore = once(
  () => new LocalPhotoStore(process.env.BURGERNET_UPLOADS_DIR ?? '.data/uploads', () => process.env.PUBLIC_BASE_URL ?? 'http://127.0.0.1:3000', undefined, () => clock().now()),
);
export const photoStore = once((): PhotoStore => (world() === 'local' ? localPhotoStore() : awsPhotoStore()));
/** Push registry and tracker are built on first use: a route without their grants never needs them. */
export const deviceDeps = (): DeviceDeps => ({
  devices: deviceStore(),
  participants: participantStore(),
  get push() {
    return pushRegistry();
  },
  get tracker() {
    return positionTracker();
  },
  clock: clock(),
});

// Municipalities, usage figures and campaigns (README "Municipality reports and cost").
export const municipalityStore = once(() => new DynamoMunicipalityStore(documentClient(), tableName('municipalities')));
export const usageStore = once(() => new DynamoUsageStore(documentClient(), tableName('usage')));
export const campaignStore = once(() => new DynamoCampaignStore(documentClient(), tableName('campaigns')));
/** The deployment's price table (PRICE_TABLE_JSON / PRICE_TABLE_FILE over the defaults). */
export const prices = once(() => priceTableFrom(process.env));

/** Queue sends counted as SQS requests for the action being worked on (both worlds batch by 10). */
function countingQueue(inner: Queue): Queue {
  return {
    send: async (name, messages) => {
      await inner.send(name, messages);
      countQueueSend(messages.length);
    },
  };
}

/** Boundaries are reference data: read once per instance; a failed read is tried again next time. */
let locator: Promise<Locate> | undefined;
resets.push(() => (locator = undefined));
export async function municipalityAt(lat: number, lon: number): Promise<string | undefined> {
  locator ??= municipalityStore()
    .boundaries()
    .then(municipalityLocator)
    .catch((err: unknown) => {
      locator = undefined;
      throw err;
    });
  return (await locator)(lat, lon);
}

/** The municipality directory (reference data): read at most every 5 minutes per instance. */
let directoryCache: { at: number; list: Promise<readonly Municipality[]> } | undefined;
resets.push(() => (directoryCache = undefined));
export function municipalityDirectory(): Promise<readonly Municipality[]> {
  const now = Date.now();
  if (!directoryCache || now - directoryCache.at > 300_000) {
    const list = municipalityStore().list();
    directoryCache = { at: now, list };
    list.catch(() => (directoryCache = undefined));
  }
  return directoryCache.list;
}

/** What the usage reports read: usage records, actions (type and outcome), prices, the clock. */
export const reportDeps = (): ReportDeps => ({
  usage: usageStore(),
  actions: actionStore(),
  prices: prices(),
  clock: clock(),
  ...(process.env.USD_PER_EUR ? { usdPerEur: Number(process.env.USD_PER_EUR) } : {}),
});
