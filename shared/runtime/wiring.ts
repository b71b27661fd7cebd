// The domain's dependencies composed from a world, one function per use, so every handler that
// needs (say) the lifecycle wires the same ports the same way. Rules come from the settings in
// the function's configuration; nothing here reads the environment.
import { ParticipantKeys } from '#shared/domain/participant-keys';
import type { RegistrationDeps } from '#shared/domain/registration';
import type { DeliveryFeedback, DeliverDeps } from '#shared/domain/deliver';
import { onPermanentFailure, type OptOutDeps } from '#shared/domain/opt-out';
import { DEFAULT_APPROVAL_RULE, type ApprovalRule } from '#shared/domain/approval';
import type { LifecycleDeps } from '#shared/domain/lifecycle';
import type { FanoutDeps } from '#shared/domain/fanout';
import type { DeviceDeps } from '#shared/domain/devices';
import type { ReportDeps } from '#shared/domain/usage-report';
import type { PublicFeedConfig } from '#shared/domain/public-feed';
import type { TipRules } from '#shared/domain/tips';
import type { Channel } from '#shared/domain/vocabulary';
import type { World } from './world';

/** The four-eyes thresholds of this deployment. */
export const approvalRule = (w: World): ApprovalRule => ({
  types: DEFAULT_APPROVAL_RULE.types,
  maxRadiusKm: w.config.settings.approval.radiusKm,
  maxPolygonKm2: w.config.settings.approval.polygonKm2,
});

export const positionTtlMs = (w: World): number => w.config.settings.positionTtlMinutes * 60_000;

export const tipRules = (w: World): TipRules => ({ ...w.config.settings.tips });

/** The public feed's links and windows; links start at the configured public base URL (required). */
export function publicFeedConfig(w: World): PublicFeedConfig {
  const baseUrl = w.config.settings.publicBaseUrl?.trim().replace(/\/+$/, '');
  if (!baseUrl) throw new Error(`${w.config.name}: settings.publicBaseUrl is not set`);
  return { baseUrl, recentHours: w.config.settings.publicFeed.hours, lookbackDays: w.config.settings.publicFeed.lookbackDays };
}

/** What the operator acts need: the same ports for every lifecycle handler. */
export const lifecycleDeps = (w: World): LifecycleDeps => ({
  actions: w.stores.actions,
  timeline: w.stores.timeline,
  queue: w.queue,
  clock: w.clock,
  approvalRule: approvalRule(w),
  smsMaxSegments: w.config.settings.smsMaxSegments,
});

export const fanoutDeps = (w: World): FanoutDeps => ({
  actions: w.stores.actions,
  participants: w.stores.participants,
  deliveries: w.stores.deliveries,
  timeline: w.stores.timeline,
  queue: w.queue,
  clock: w.clock,
  geofences: w.geofences,
});

/** Keys derived from the participant secret (hex, at least 32 bytes). */
export async function participantKeys(w: World): Promise<ParticipantKeys> {
  const secret = await w.secret('participant');
  if (!secret) throw new Error(`${w.config.name}: no participant secret configured`);
  return new ParticipantKeys(Buffer.from(secret, 'hex'));
}

/** The municipal figures participant changes feed (joined, left, campaign recruits). */
const participantUsage = (w: World) => ({
  get usage() {
    return w.stores.usage;
  },
  get campaigns() {
    return w.stores.campaigns;
  },
});

/** What STOP and delivery feedback need to take a number out and count it as left. */
export const optOutDeps = (w: World): OptOutDeps => ({ registry: w.stores.participants, clock: w.clock, usage: participantUsage(w) });

/** Codes, limits and usage are taken on first use: not every participant route is granted them. */
export const registrationDeps = async (w: World): Promise<RegistrationDeps> => ({
  registry: w.stores.participants,
  get codes() {
    return w.stores.codes;
  },
  get limits() {
    return w.stores.limits;
  },
  get geocoder() {
    return w.geocoder;
  },
  senders: {
    get sms() {
      return w.sender('sms');
    },
    get voice() {
      return w.sender('voice');
    },
  },
  keys: await participantKeys(w),
  clock: w.clock,
  usage: participantUsage(w),
});

/** Delivery's reports to the register: opt-outs stop, repeated hard failures deactivate. */
export const deliveryFeedback = (w: World): DeliveryFeedback => ({
  failedForGood: (id, reason) => onPermanentFailure(optOutDeps(w), id, reason),
  deliveredAfterFailures: (id) => w.stores.participants.clearFailures(id),
});

/** A sender's ports for one channel: provider, pacer, claim lifetime and feedback. */
export const deliverDeps = (w: World, channel: Channel): Omit<DeliverDeps, 'participants' | 'deliveries'> => ({
  sender: w.sender(channel),
  pacer: w.pacer(channel),
  clock: w.clock,
  claimTtlMs: w.config.settings.claimTtlSeconds * 1000,
  feedback: deliveryFeedback(w),
});

/** Push registry and tracker are built on first use: a route without their grants never needs them. */
export const deviceDeps = (w: World): DeviceDeps => ({
  devices: w.stores.devices,
  participants: w.stores.participants,
  get push() {
    return w.push;
  },
  get tracker() {
    return w.tracker;
  },
  clock: w.clock,
});

/** What the usage reports read: usage records, actions (type and outcome), prices, the clock. */
export const reportDeps = (w: World): ReportDeps => ({
  usage: w.stores.usage,
  actions: w.stores.actions,
  prices: w.prices,
  clock: w.clock,
  ...(w.config.settings.usdPerEur ? { usdPerEur: w.config.settings.usdPerEur } : {}),
});
