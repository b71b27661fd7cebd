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
import { DynamoQueue } from '#shared/adapters/local/dynamo-queue';
import { OutboxSender } from '#shared/adapters/local/outbox-sender';
import { Pacer } from '#shared/domain/pacer';
import { awsChannelSender, awsQueue } from './aws-adapters';

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
}
const overrides: Overrides = {};
export function override(o: Overrides): void {
  Object.assign(overrides, o);
  senders.clear();
}

export const dynamoClient = once(() => createDynamoClient());
export const documentClient = once(() => createDocumentClient(dynamoClient()));
export const actionStore = once(() => new DynamoActionStore(documentClient(), tableName('actions')));
export const participantStore = once(() => new DynamoParticipantStore(documentClient(), tableName('participants')));
export const deliveryStore = once(() => new DynamoDeliveryStore(documentClient(), tableName('deliveries')));
export const localQueue = once(() => new DynamoQueue(documentClient()));
export const queue = once((): Queue => (world() === 'local' ? localQueue() : awsQueue()));
export const clock = (): Clock => overrides.clock ?? systemClock;

const senders = new Map<Channel, ChannelSender>();
export function channelSender(channel: Channel): ChannelSender {
  const existing = senders.get(channel);
  if (existing) return existing;
  const real = world() === 'local' ? new OutboxSender(channel, documentClient(), () => clock().now()) : awsChannelSender(channel);
  const sender = overrides.sender ? overrides.sender(channel, real) : real;
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
