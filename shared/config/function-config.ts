// One function's resolved configuration: what it is, where its tables, queues and buckets are,
// the deployment's settings it acts by. Resolved once from the topology (infra/function-config.ts),
// handed to a Lambda as one JSON value and to a local function as this object, validated here.
import { z } from 'zod';
import { channels } from '#shared/domain/vocabulary';

const positive = z.number().positive();
const count = z.number().int().positive();
const names = z.record(z.string(), z.string().min(1));

/** What a sender of one channel is deployed as: the preview prices and times deliveries by it. */
export const senderProfileSchema = z.object({
  memoryMb: count,
  /** Provider calls per second one sender instance makes (its share of the channel quota). */
  ratePerInstance: z.number().nonnegative(),
  /** Provider calls per second the whole channel may make. */
  quotaPerSecond: positive,
});
export type SenderProfile = z.infer<typeof senderProfileSchema>;

/** The deployment's rules and limits; every default is written once, in infra/topology.ts. */
export const settingsSchema = z.object({
  smsMaxSegments: z.number().int().min(1).max(10),
  approval: z.object({ radiusKm: positive, polygonKm2: positive }),
  publicFeed: z.object({ hours: positive, lookbackDays: positive }),
  positionTtlMinutes: positive,
  tips: z.object({ perWindow: count, perClient: count, windowSeconds: count, retentionDays: count }),
  /** New app installs per client address per window. */
  devices: z.object({ registrationsPerClient: count, windowSeconds: count }),
  /** How long a sender's claim on a recipient holds before another may take it over. */
  claimTtlSeconds: positive,
  senders: z.object(Object.fromEntries(channels.map((c) => [c, senderProfileSchema])) as Record<(typeof channels)[number], typeof senderProfileSchema>),
  /** Links in the public feed, CAP and webhooks start here (no trailing slash). */
  publicBaseUrl: z.string().optional(),
  /** Dollars per euro for reports, when set. */
  usdPerEur: positive.optional(),
  /** A price table over the defaults: inline JSON wins over a file path. */
  priceTable: z.object({ json: z.string().optional(), file: z.string().optional() }),
});
export type Settings = z.infer<typeof settingsSchema>;

export const functionConfigSchema = z.object({
  /** The topology's name of the function. */
  name: z.string().min(1),
  world: z.enum(['aws', 'local']),
  memoryMb: count,
  timeoutSeconds: count,
  /** Senders only: the provider calls per second this instance makes. */
  pacePerSecond: z.number().nonnegative().optional(),
  /** Physical names by topology name, for what the function may touch and nothing else. */
  tables: names,
  queues: names,
  buckets: names,
  /** Secrets by name: an ARN in AWS, the value itself locally. */
  secrets: z.record(z.string(), z.union([z.object({ arn: z.string().min(1) }), z.object({ value: z.string().min(1) })])),
  /** AWS End User Messaging and SNS identities (AWS only). */
  messaging: z.object({
    smsOriginationIdentity: z.string().optional(),
    smsConfigurationSet: z.string().optional(),
    voiceOriginationIdentity: z.string().optional(),
    voiceConfigurationSet: z.string().optional(),
    apnsPlatformApplicationArn: z.string().optional(),
    fcmPlatformApplicationArn: z.string().optional(),
  }),
  /** Amazon Location resources (AWS only). */
  location: z.object({ trackerName: z.string().optional(), geofenceCollectionName: z.string().optional() }),
  /** Where the webhook posts; the signing secret is `secrets.webhook`. */
  webhook: z.object({ url: z.string().optional() }),
  /** Local world: dynalite's endpoint, the upload folder, the postcode table. */
  local: z.object({ dynamoEndpoint: z.string().optional(), uploadsDir: z.string().optional(), postcodeTable: z.string().optional() }),
  settings: settingsSchema,
});
export type FunctionConfig = z.infer<typeof functionConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates a configuration; a broken one fails the cold start, never a request later. */
export function parseFunctionConfig(value: unknown): FunctionConfig {
  const result = functionConfigSchema.safeParse(value);
  if (!result.success) throw new ConfigError(`invalid function configuration: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data;
}
