// What Burgernet's usage costs: provider prices per channel and the AWS unit prices behind the
// platform, in one typed table. The defaults are public list prices for eu-west-1 (Ireland, where
// the stack deploys) in USD, free tiers ignored; a deployment overrides any of them with
// `PRICE_TABLE_JSON` (or a JSON file named by `PRICE_TABLE_FILE`), validated here.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const price = z.number().nonnegative().finite();

export const priceTableSchema = z
  .object({
    currency: z.literal('USD'),
    region: z.string().min(1),
    /** When the prices were last compared with the price pages (YYYY-MM-DD). */
    checkedOn: z.iso.date(),
    source: z.string().min(1),
    channels: z
      .object({
        /** AWS End User Messaging SMS to a Dutch mobile number, per message part (segment), carrier fee included. */
        smsPerSegment: price,
        /** AWS End User Messaging voice to a Dutch mobile number, per started minute. */
        voicePerMinute: price,
        /** SNS mobile push, per million publishes. */
        pushPerMillion: price,
      })
      .strict(),
    aws: z
      .object({
        /** Lambda on ARM64. */
        lambdaPerGbSecond: price,
        lambdaPerMillionRequests: price,
        /** DynamoDB on demand, standard table class. */
        dynamoPerMillionReadUnits: price,
        dynamoPerMillionWriteUnits: price,
        dynamoPerGbMonth: price,
        /** SQS standard queues, per million requests (64 KB each). */
        sqsPerMillionRequests: price,
        /** Amazon Location Service. */
        locationPerThousandGeofenceEvaluations: price,
        locationPerThousandPositionWrites: price,
        /** API Gateway HTTP API, first 300 million a month. */
        apiPerMillionRequests: price,
      })
      .strict(),
    /** What a deployment pays per month whether or not anything happens (`npm run cost`). */
    fixed: z
      .object({
        kmsKeyPerMonth: price,
        cloudwatchAlarmPerMonth: price,
        cloudwatchDashboardPerMonth: price,
        secretPerMonth: price,
        logsStoragePerGbMonth: price,
        /** DynamoDB point-in-time recovery (continuous backups), per GB of table a month. */
        dynamoPitrPerGbMonth: price,
      })
      .strict(),
  })
  .strict();

export type PriceTable = z.infer<typeof priceTableSchema>;

export const DEFAULT_PRICES: PriceTable = {
  currency: 'USD',
  region: 'eu-west-1',
  checkedOn: '2026-11-29',
  source:
    'AWS public price pages for eu-west-1 as last published to the author (End User Messaging SMS/voice to NL, SNS, Lambda, DynamoDB, SQS, Location, API Gateway); not fetched live — compare before quoting a tender',
  channels: {
    smsPerSegment: 0.105,
    voicePerMinute: 0.08,
    pushPerMillion: 0.5,
  },
  aws: {
    lambdaPerGbSecond: 0.0000133334,
    lambdaPerMillionRequests: 0.2,
    dynamoPerMillionReadUnits: 0.1415,
    dynamoPerMillionWriteUnits: 0.7068,
    dynamoPerGbMonth: 0.283,
    sqsPerMillionRequests: 0.4,
    locationPerThousandGeofenceEvaluations: 0.05,
    locationPerThousandPositionWrites: 0.05,
    apiPerMillionRequests: 1.11,
  },
  fixed: {
    kmsKeyPerMonth: 1,
    cloudwatchAlarmPerMonth: 0.1,
    cloudwatchDashboardPerMonth: 3,
    secretPerMonth: 0.4,
    logsStoragePerGbMonth: 0.03,
    dynamoPitrPerGbMonth: 0.22,
  },
};

/** Partial overrides: any price may be given alone; the rest keep their defaults. */
const overrideSchema = z
  .object({
    currency: priceTableSchema.shape.currency,
    region: priceTableSchema.shape.region,
    checkedOn: priceTableSchema.shape.checkedOn,
    source: priceTableSchema.shape.source,
    channels: priceTableSchema.shape.channels.partial(),
    aws: priceTableSchema.shape.aws.partial(),
    fixed: priceTableSchema.shape.fixed.partial(),
  })
  .partial()
  .strict();

export class PriceTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PriceTableError';
  }
}

/** Applies overrides to the defaults; throws PriceTableError naming each bad field. */
export function priceTableWith(overrides: unknown, base: PriceTable = DEFAULT_PRICES): PriceTable {
  const parsed = overrideSchema.safeParse(overrides);
  if (!parsed.success) {
    throw new PriceTableError(`price table: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const o = parsed.data;
  return { ...base, ...o, channels: { ...base.channels, ...o.channels }, aws: { ...base.aws, ...o.aws }, fixed: { ...base.fixed, ...o.fixed } };
}

/**
 * The deployment's table: inline JSON (`PRICE_TABLE_JSON`) wins over a file (`PRICE_TABLE_FILE`);
 * neither gives the defaults. A broken override throws at start rather than misprice quietly.
 */
export function priceTableFrom(source: { readonly json?: string; readonly file?: string }, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): PriceTable {
  const [origin, text] = source.json
    ? ['PRICE_TABLE_JSON', source.json]
    : source.file
      ? [`PRICE_TABLE_FILE ${source.file}`, readFile(source.file)]
      : [undefined, undefined];
  if (text === undefined) return DEFAULT_PRICES;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new PriceTableError(`${origin}: not JSON (${(err as Error).message})`);
  }
  try {
    return priceTableWith(json);
  } catch (err) {
    throw new PriceTableError(`${origin}: ${(err as Error).message}`);
  }
}

// ---------------------------------------------------------------- channel messages

/**
 * Speaking rate of the Dutch text-to-speech voice: 14 characters a second (about 140 words a
 * minute at Dutch words of 5 letters plus a space), a little slower than conversation because
 * alerts are read clearly.
 */
export const SPEECH_CHARS_PER_SECOND = 14;
/** Dialling and answering before the first word, counted towards the billed call. */
export const CALL_SETUP_SECONDS = 5;

/** Seconds of speech in an SSML script: its text at the speaking rate plus its explicit breaks. */
export function speechSeconds(ssml: string): number {
  let pauses = 0;
  for (const m of ssml.matchAll(/<break\b[^>]*\btime="(\d+(?:\.\d+)?)(ms|s)"/g)) pauses += Number(m[1]) / (m[2] === 'ms' ? 1000 : 1);
  const text = ssml
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(lt|gt|amp|apos|quot);/g, '_')
    .replace(/\s+/g, ' ')
    .trim();
  return pauses + Array.from(text).length / SPEECH_CHARS_PER_SECOND;
}

/** Billed minutes of one call: setup plus speech, each started minute in full. */
export const billedMinutes = (callSeconds: number): number => Math.max(1, Math.ceil((callSeconds + CALL_SETUP_SECONDS) / 60));

/** One channel's messages of one bulletin, shaped as the channel bills them. */
export type MessageBatch =
  | { readonly channel: 'sms'; readonly count: number; readonly segments: number }
  | { readonly channel: 'voice'; readonly count: number; readonly callSeconds: number }
  | { readonly channel: 'push'; readonly count: number };

/** What the provider charges for a batch (SMS per segment, voice per started minute, push per publish). */
export function providerCost(table: PriceTable, batch: MessageBatch): number {
  switch (batch.channel) {
    case 'sms':
      return batch.count * batch.segments * table.channels.smsPerSegment;
    case 'voice':
      return batch.count * billedMinutes(batch.callSeconds) * table.channels.voicePerMinute;
    case 'push':
      return (batch.count * table.channels.pushPerMillion) / 1e6;
  }
}

// ---------------------------------------------------------------- AWS usage

/** Metered AWS usage; every field optional so a report can price what it measured. */
export interface AwsUsage {
  readonly lambdaGbSeconds?: number;
  readonly lambdaRequests?: number;
  readonly dynamoReadUnits?: number;
  readonly dynamoWriteUnits?: number;
  readonly dynamoGbMonths?: number;
  readonly sqsRequests?: number;
  readonly locationGeofenceEvaluations?: number;
  readonly locationPositionWrites?: number;
  readonly apiRequests?: number;
}

export function awsCost(table: PriceTable, u: AwsUsage): number {
  const a = table.aws;
  return (
    (u.lambdaGbSeconds ?? 0) * a.lambdaPerGbSecond +
    ((u.lambdaRequests ?? 0) * a.lambdaPerMillionRequests) / 1e6 +
    ((u.dynamoReadUnits ?? 0) * a.dynamoPerMillionReadUnits) / 1e6 +
    ((u.dynamoWriteUnits ?? 0) * a.dynamoPerMillionWriteUnits) / 1e6 +
    (u.dynamoGbMonths ?? 0) * a.dynamoPerGbMonth +
    ((u.sqsRequests ?? 0) * a.sqsPerMillionRequests) / 1e6 +
    ((u.locationGeofenceEvaluations ?? 0) * a.locationPerThousandGeofenceEvaluations) / 1e3 +
    ((u.locationPositionWrites ?? 0) * a.locationPerThousandPositionWrites) / 1e3 +
    ((u.apiRequests ?? 0) * a.apiPerMillionRequests) / 1e6
  );
}

/**
 * Estimated platform usage of delivering `count` messages on a channel, for a preview: per
 * message a contact read, about four ledger writes (claim, outcome, release, a share of the
 * progress records) and the sender's Lambda time at its paced rate; per chunk of 100 one SQS
 * send, receive and delete. Actual usage is measured, not estimated, once an action has run.
 */
export function deliveryUsage(count: number, sender: { readonly memoryMb: number; readonly ratePerInstance: number }): AwsUsage {
  const chunks = Math.ceil(count / 100);
  const secondsPerMessage = sender.ratePerInstance > 0 ? 1 / sender.ratePerInstance : 0.02;
  return {
    dynamoReadUnits: count,
    dynamoWriteUnits: 4 * count,
    sqsRequests: 3 * chunks,
    lambdaRequests: chunks,
    lambdaGbSeconds: (count * secondsPerMessage * sender.memoryMb) / 1024,
  };
}

/** Rounds money to a hundredth of a cent for display (a push costs far less than a cent). */
export const roundMoney = (amount: number): number => Math.round(amount * 10_000) / 10_000;
