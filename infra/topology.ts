// The one description of the system: every function, its trigger, the tables and queues it
// touches, and every default of the deployment's settings. The CDK stack and the local runtime
// both resolve each function's configuration from this module (infra/function-config.ts), so the
// deployed system and `npm start` cannot drift apart. Pure data: no CDK, no SDK.
import { channels, type Channel, type QueueName, type Role } from '#shared/domain/vocabulary';
import { DEFAULT_APPROVAL_RULE } from '#shared/domain/approval';
import { DEFAULT_SMS_MAX_SEGMENTS } from '#shared/domain/sms-encoding';
import { DEFAULT_LOOKBACK_DAYS, DEFAULT_RECENT_HOURS } from '#shared/domain/public-feed';
import { DEFAULT_DEVICE_LIMITS, DEFAULT_POSITION_TTL_MINUTES } from '#shared/domain/devices';
import { DEFAULT_TIP_RULES } from '#shared/domain/tips';
import { CLAIM_TTL_MS } from '#shared/domain/deliver';
import { quotaRatePerSecond as rateOf, type Quotas } from '#shared/domain/quotas';

export { channels, type Channel, type QueueName, type Role };
export type TableName = keyof typeof tables;
export type BucketName = keyof typeof buckets;
export type Access = 'read' | 'readwrite';

export interface KeySchema {
  readonly partitionKey: string;
  readonly sortKey?: string;
}

export interface TableSpec extends KeySchema {
  readonly indexes?: Readonly<Record<string, KeySchema & { readonly projection: readonly string[] | 'keys' | 'all' }>>;
  /** Holds personal data (phone numbers, positions): encrypted with the customer-managed key. */
  readonly personal: boolean;
  /** Attribute that DynamoDB TTL deletes by (epoch seconds). */
  readonly ttlAttribute?: string;
}

export interface QueueSpec {
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
}

export type Trigger =
  | { readonly type: 'http'; readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; readonly path: string; readonly roles: readonly Role[] | 'public' }
  | { readonly type: 'sqs'; readonly queue: QueueName; readonly batchSize: number; readonly maxConcurrency: number };

export interface FunctionSpec {
  /** Handler file under functions/, without extension; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly trigger: Trigger;
  readonly tables: Readonly<Partial<Record<TableName, Access>>>;
  readonly sendsTo: readonly QueueName[];
  /** AWS messaging APIs the function calls (granted in the messaging construct). */
  readonly messaging?: readonly ('sms' | 'voice' | 'push' | 'push-endpoints')[];
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
  /** Deployment secrets the function reads (Secrets Manager in AWS, environment locally). */
  readonly secrets?: readonly SecretName[];
  /** Calls Amazon Location Places to geocode addresses. */
  readonly geocoding?: boolean;
  /** Amazon Location calls: `track` device positions, `forget` a device's history, put and remove action `geofences`. */
  readonly location?: readonly ('track' | 'forget' | 'geofences')[];
  /** Buckets it uses: `put` (presigned uploads) or `read` (presigned downloads). */
  readonly buckets?: Readonly<Partial<Record<BucketName, 'put' | 'read'>>>;
}

/** `participant`: keys phone hashes, code hashes and manage tokens; `webhook`: signs webhooks. */
export type SecretName = 'participant' | 'webhook';

export const tables = {
  participants: {
    partitionKey: 'id',
    personal: true,
    // Sparse geo index: only active participants carry `gb`/`gc`. `gb` is the coarse H3 bucket,
    // `gc` the fine H3 cell + '#' + id, so the cells covering an area become key ranges.
    // `mun` (municipality code) lets a preview count per municipality from the index alone.
    // Locations (extra addresses, saved places, device positions) are items of their own in the
    // same index, naming their owner (`own`), with open windows (`win`) and expiry (`exp`).
    // `byPhone` finds a participant by the keyed hash of their number (STOP, sign-up).
    indexes: {
      geo: { partitionKey: 'gb', sortKey: 'gc', projection: ['lat', 'lon', 'ch', 'ex', 'mun', 'own', 'win', 'exp'] },
      byPhone: { partitionKey: 'ph', projection: 'keys' },
    },
    ttlAttribute: 'ttl',
  },
  actions: { partitionKey: 'id', personal: false, indexes: { byCreated: { partitionKey: 'kind', sortKey: 'createdAt', projection: 'all' } } },
  // Deliveries per action: a thread per participant and channel (the in-order, exactly-once
  // claim), an outcome per participant/message/channel, and progress records per chunk that the
  // action's counters are summed from.
  deliveries: { partitionKey: 'actionId', sortKey: 'sk', personal: false },
  // The audit trail per action: operator acts and fan-out steps, append-only.
  timeline: { partitionKey: 'actionId', sortKey: 'sk', personal: false },
  idempotency: { partitionKey: 'id', personal: false, ttlAttribute: 'expiration' },
  // One-time codes (hashed) and the sign-up they confirm, which holds a number and addresses.
  codes: { partitionKey: 'id', personal: true, ttlAttribute: 'ttl' },
  // Fixed-window counters for rate limits; keys hold hashes, never numbers or addresses.
  limits: { partitionKey: 'key', personal: false, ttlAttribute: 'ttl' },
  // Reference data: CBS municipalities (name, police unit, inhabitants per year, simplified
  // boundary). `directory` lists them all without the boundaries (kind = 'municipality').
  municipalities: { partitionKey: 'code', personal: false, indexes: { directory: { partitionKey: 'kind', sortKey: 'code', projection: ['name', 'unit', 'inh'] } } },
  // Usage figures, written whole per event source so a retry rewrites instead of adding:
  // `<GM code>#<YYYY-MM>` holds a municipality's month (messages per chunk, actions, participant
  // changes), `action#<id>` an action's messages and counted AWS requests, `campaign#<id>` sign-ups.
  usage: { partitionKey: 'pk', sortKey: 'sk', personal: false },
  // Recruitment campaigns and their codes (`code#<CODE>` items point at the campaign).
  campaigns: { partitionKey: 'id', personal: false },
  // Tips from app users per action, newest last in the sort key (time#id); the tipster's
  // position and text are personal data. TTL deletes them after TIP_RETENTION_DAYS.
  tips: { partitionKey: 'actionId', sortKey: 'sk', personal: true, ttlAttribute: 'ttl' },
} as const satisfies Record<string, TableSpec>;

export const queues = {
  fanout: { visibilityTimeoutSeconds: 120, maxReceiveCount: 5 },
  sms: { visibilityTimeoutSeconds: 180, maxReceiveCount: 6 },
  voice: { visibilityTimeoutSeconds: 180, maxReceiveCount: 6 },
  push: { visibilityTimeoutSeconds: 180, maxReceiveCount: 6 },
  // One message per dispatched bulletin; 10 tries a minute apart ride out a short receiver outage.
  webhook: { visibilityTimeoutSeconds: 60, maxReceiveCount: 10 },
  // Two-way SMS (STOP) from End User Messaging through SNS; locally POST /_local/inbound-sms.
  inbound: { visibilityTimeoutSeconds: 60, maxReceiveCount: 5 },
  // Amazon Location geofence ENTER events from EventBridge; locally the geofence engine sends them.
  geofence: { visibilityTimeoutSeconds: 60, maxReceiveCount: 5 },
} as const satisfies Record<QueueName, QueueSpec>;

export interface BucketSpec {
  /** Objects are deleted this many days after upload. */
  readonly expireDays: number;
}

export const buckets = {
  // Photos attached to tips, uploaded by the app with a presigned URL; personal data of the tipster.
  tipPhotos: { expireDays: 180 },
} as const satisfies Record<string, BucketSpec>;

/**
 * Provider quotas of the whole deployment (account and origination identity), per channel: SMS
 * message parts per second, concurrent voice calls (turned into a rate by an assumed call length:
 * dialling, the script twice and the call-back line) and SNS push publishes per second. Request
 * them from AWS and set them here; the senders keep to them.
 */
export const quotas: Quotas = {
  sms: { partsPerSecond: 100 },
  voice: { concurrentCalls: 300, assumedCallSeconds: 45 },
  push: { publishesPerSecond: 500 },
};

/** Provider calls per second a channel may make across all its sender instances. */
export const quotaRatePerSecond = (channel: Channel, q: Quotas = quotas): number => rateOf(channel, q);

/** What a function is deployed with unless its entry says otherwise (CDK and local alike). */
export const functionDefaults = { memoryMb: 512, timeoutSeconds: 10 } as const;

/**
 * The deployment's rules and limits, each default written once: here, or in the domain module
 * whose rule it is (imported above). A deployment overrides them (infra/function-config.ts).
 */
export const defaultSettings = {
  /** SMS segment budget per text (shared/domain/sms-encoding.ts); 1–10. */
  smsMaxSegments: DEFAULT_SMS_MAX_SEGMENTS,
  /** Four-eyes thresholds (shared/domain/approval.ts). */
  approval: { radiusKm: DEFAULT_APPROVAL_RULE.maxRadiusKm, polygonKm2: DEFAULT_APPROVAL_RULE.maxPolygonKm2 },
  /** How long ended actions stay in the public feed, and how far back it looks for active ones. */
  publicFeed: { hours: DEFAULT_RECENT_HOURS, lookbackDays: DEFAULT_LOOKBACK_DAYS },
  /** How long a device's last position counts for the fan-out and for geofence ENTER events. */
  positionTtlMinutes: DEFAULT_POSITION_TTL_MINUTES,
  /** Tips per device and per client address about one action per window, and how long tips are kept (photos: buckets.tipPhotos). */
  tips: { ...DEFAULT_TIP_RULES },
  /** New app installs per client address per window (shared/domain/devices.ts). */
  devices: { ...DEFAULT_DEVICE_LIMITS },
  /** How long a sender's claim on a recipient holds before another may take it over. */
  claimTtlSeconds: CLAIM_TTL_MS / 1000,
  quotas,
} as const;

/** A sender per channel, each paced to its channel's quota divided by its maxConcurrency. */
const sender = (channel: Channel, description: string) =>
  ({
    entry: `senders/${channel}`,
    description,
    trigger: { type: 'sqs', queue: channel, batchSize: 1, maxConcurrency: 5 },
    tables: { actions: 'read', participants: 'readwrite', deliveries: 'readwrite', usage: 'readwrite', campaigns: 'read' },
    sendsTo: [],
    messaging: [channel],
    timeoutSeconds: 120,
  }) as const satisfies FunctionSpec;

/** The sender function of each channel. */
export const senderOf = { sms: 'sendSms', voice: 'sendVoice', push: 'sendPush' } as const satisfies Record<Channel, string>;

export const functions = {
  createAction: {
    entry: 'actions/create',
    description: 'Operator starts an action; queues its fan-out unless it needs a second operator',
    trigger: { type: 'http', method: 'POST', path: '/actions', roles: ['operator'] },
    tables: { actions: 'readwrite', timeline: 'readwrite', idempotency: 'readwrite' },
    sendsTo: ['fanout', 'webhook'],
  },
  approveAction: {
    entry: 'actions/approve',
    description: 'A second operator releases an action that needs four eyes',
    trigger: { type: 'http', method: 'POST', path: '/actions/{id}/approve', roles: ['operator'] },
    tables: { actions: 'readwrite', timeline: 'readwrite' },
    sendsTo: ['fanout', 'webhook'],
  },
  updateAction: {
    entry: 'actions/update',
    description: 'New text and optionally a moved or wider area, to everyone alerted and everyone now inside',
    trigger: { type: 'http', method: 'POST', path: '/actions/{id}/updates', roles: ['operator'] },
    tables: { actions: 'readwrite', timeline: 'readwrite', idempotency: 'readwrite' },
    sendsTo: ['fanout', 'webhook'],
  },
  endAction: {
    entry: 'actions/end',
    description: 'Ends an action with an outcome and a closing text to everyone alerted',
    trigger: { type: 'http', method: 'POST', path: '/actions/{id}/end', roles: ['operator'] },
    tables: { actions: 'readwrite', timeline: 'readwrite', idempotency: 'readwrite' },
    sendsTo: ['fanout', 'webhook'],
  },
  cancelAction: {
    entry: 'actions/cancel',
    description: 'Withdraws an action sent in error, with a short correction to everyone alerted',
    trigger: { type: 'http', method: 'POST', path: '/actions/{id}/cancel', roles: ['operator'] },
    tables: { actions: 'readwrite', timeline: 'readwrite', idempotency: 'readwrite' },
    sendsTo: ['fanout', 'webhook'],
  },
  actionTimeline: {
    entry: 'actions/timeline',
    description: 'The audit trail of one action: every operator act and fan-out step',
    trigger: { type: 'http', method: 'GET', path: '/actions/{id}/timeline', roles: ['operator'] },
    tables: { actions: 'read', timeline: 'read' },
    sendsTo: [],
  },
  getAction: {
    entry: 'actions/get',
    description: 'Status and per-channel counts of one action',
    trigger: { type: 'http', method: 'GET', path: '/actions/{id}', roles: ['operator'] },
    tables: { actions: 'read', deliveries: 'read' },
    sendsTo: [],
  },
  listActions: {
    entry: 'actions/list',
    description: 'Recent actions, newest first, paginated',
    trigger: { type: 'http', method: 'GET', path: '/actions', roles: ['operator'] },
    tables: { actions: 'read' },
    sendsTo: [],
  },
  fanout: {
    entry: 'fanout/fanout',
    description: 'Plans an action into selection tasks and selects recipients per task',
    trigger: { type: 'sqs', queue: 'fanout', batchSize: 5, maxConcurrency: 10 },
    tables: { actions: 'read', participants: 'read', deliveries: 'readwrite', timeline: 'readwrite', usage: 'readwrite' },
    sendsTo: ['fanout', 'sms', 'voice', 'push'],
    // The plan step puts an active action's geofence and removes an ended one's.
    location: ['geofences'],
    memoryMb: 1024,
    timeoutSeconds: 60,
  },
  sendSms: sender('sms', 'Delivers SMS chunks, paced to the SMS quota'),
  sendVoice: sender('voice', 'Places text-to-speech calls, paced to the voice quota'),
  sendPush: sender('push', 'Publishes app pushes to platform endpoints'),
  previewAction: {
    entry: 'actions/preview',
    description: 'What an action would do, sending nothing: recipients per channel and municipality, SMS segments, cost, approval',
    trigger: { type: 'http', method: 'POST', path: '/actions/preview', roles: ['operator'] },
    tables: { participants: 'read' },
    sendsTo: [],
    // More memory is more CPU: the exact test runs over every candidate in the area.
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  publicActions: {
    entry: 'public/list',
    description: 'Public feed without a token: active and recently ended actions as JSON or Atom, area rounded',
    trigger: { type: 'http', method: 'GET', path: '/public/actions', roles: 'public' },
    tables: { actions: 'read' },
    sendsTo: [],
  },
  publicAction: {
    entry: 'public/get',
    description: 'One public action without a token: {id} as JSON, {id}.cap as CAP 1.2 XML',
    // API Gateway path variables must be whole segments, so "{id}.cap" is one variable, parsed by the handler.
    trigger: { type: 'http', method: 'GET', path: '/public/actions/{file}', roles: 'public' },
    tables: { actions: 'read' },
    sendsTo: [],
  },
  sendWebhook: {
    secrets: ['webhook'],
    entry: 'senders/webhook',
    description: 'Posts each start, update and end, signed, to the social media and displays webhook',
    trigger: { type: 'sqs', queue: 'webhook', batchSize: 5, maxConcurrency: 2 },
    tables: { actions: 'read' },
    sendsTo: [],
    timeoutSeconds: 30,
  },
  signUp: {
    entry: 'participants/sign-up',
    description: 'A participant signs up with number and address; a code goes to the number',
    trigger: { type: 'http', method: 'POST', path: '/participants', roles: 'public' },
    tables: { participants: 'read', codes: 'readwrite', limits: 'readwrite', usage: 'readwrite', campaigns: 'read', municipalities: 'read' },
    sendsTo: [],
    messaging: ['sms', 'voice'],
    secrets: ['participant'],
    geocoding: true,
  },
  verifyParticipant: {
    entry: 'participants/verify',
    description: 'The code from the number makes a sign-up active',
    trigger: { type: 'http', method: 'POST', path: '/participants/{id}/verify', roles: 'public' },
    tables: { participants: 'readwrite', codes: 'readwrite', usage: 'readwrite', campaigns: 'read' },
    sendsTo: [],
    secrets: ['participant'],
  },
  requestManageCode: {
    entry: 'participants/manage-code',
    description: 'A code to a registered number, to manage its registration',
    trigger: { type: 'http', method: 'POST', path: '/participants/manage-code', roles: 'public' },
    tables: { participants: 'read', codes: 'readwrite', limits: 'readwrite' },
    sendsTo: [],
    messaging: ['sms', 'voice'],
    secrets: ['participant'],
  },
  issueManageToken: {
    entry: 'participants/manage-token',
    description: 'Number and code buy a short-lived manage token',
    trigger: { type: 'http', method: 'POST', path: '/participants/manage-token', roles: 'public' },
    tables: { participants: 'read', codes: 'readwrite' },
    sendsTo: [],
    secrets: ['participant'],
  },
  readRegistration: {
    entry: 'participants/read',
    description: 'A participant reads their own registration (manage token)',
    trigger: { type: 'http', method: 'GET', path: '/participants/{id}', roles: 'public' },
    tables: { participants: 'read' },
    sendsTo: [],
    secrets: ['participant'],
  },
  changeRegistration: {
    entry: 'participants/change',
    description: 'A participant changes channels, language or addresses with time windows (manage token)',
    trigger: { type: 'http', method: 'PATCH', path: '/participants/{id}', roles: 'public' },
    tables: { participants: 'readwrite', usage: 'readwrite', campaigns: 'read', municipalities: 'read' },
    sendsTo: [],
    secrets: ['participant'],
    geocoding: true,
  },
  eraseRegistration: {
    entry: 'participants/erase',
    description: 'A participant erases their registration at once (manage token)',
    trigger: { type: 'http', method: 'DELETE', path: '/participants/{id}', roles: 'public' },
    tables: { participants: 'readwrite', codes: 'readwrite', usage: 'readwrite', campaigns: 'read' },
    sendsTo: [],
    secrets: ['participant'],
  },
  inboundSms: {
    entry: 'participants/inbound-sms',
    description: 'STOP by SMS unsubscribes the number',
    trigger: { type: 'sqs', queue: 'inbound', batchSize: 10, maxConcurrency: 2 },
    tables: { participants: 'readwrite', usage: 'readwrite', campaigns: 'read' },
    sendsTo: [],
    secrets: ['participant'],
    timeoutSeconds: 30,
  },
  municipalityReport: {
    entry: 'reports/municipality',
    description: 'Usage report of one municipality: {code} as JSON or CSV (Accept: text/csv), {code}.html as a printable page',
    // One path variable for "GM0344" and "GM0344.html": API Gateway variables are whole segments.
    trigger: { type: 'http', method: 'GET', path: '/reports/municipalities/{file}', roles: ['municipality', 'unit', 'board'] },
    tables: { municipalities: 'read', actions: 'read', usage: 'readwrite', campaigns: 'read' },
    sendsTo: [],
    timeoutSeconds: 29,
  },
  unitReport: {
    entry: 'reports/unit',
    description: 'Usage report of one police unit: its municipalities summed, JSON or CSV',
    trigger: { type: 'http', method: 'GET', path: '/reports/units/{unit}', roles: ['unit', 'board'] },
    tables: { municipalities: 'read', actions: 'read', usage: 'readwrite' },
    sendsTo: [],
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  nationalReport: {
    entry: 'reports/national',
    description: 'National usage report: every municipality summed, JSON or CSV',
    trigger: { type: 'http', method: 'GET', path: '/reports/national', roles: ['board'] },
    tables: { municipalities: 'read', actions: 'read', usage: 'readwrite' },
    sendsTo: [],
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  createCampaign: {
    entry: 'campaigns/create',
    description: 'A municipality (or a unit, jointly) starts a recruitment campaign and gets its code',
    trigger: { type: 'http', method: 'POST', path: '/campaigns', roles: ['municipality', 'unit'] },
    tables: { municipalities: 'read', campaigns: 'readwrite', usage: 'readwrite' },
    sendsTo: [],
  },
  getCampaign: {
    entry: 'campaigns/get',
    description: 'One campaign: sign-ups, verified, still active after 90 days',
    trigger: { type: 'http', method: 'GET', path: '/campaigns/{id}', roles: ['municipality', 'unit', 'board'] },
    tables: { municipalities: 'read', campaigns: 'read', usage: 'read' },
    sendsTo: [],
  },
  actionCost: {
    entry: 'actions/cost',
    description: 'What one action cost: messages per channel and the AWS requests counted for it, per municipality',
    trigger: { type: 'http', method: 'GET', path: '/actions/{id}/cost', roles: ['operator', 'board'] },
    tables: { actions: 'read', usage: 'read' },
    sendsTo: [],
  },
  openApi: {
    entry: 'docs/openapi',
    description: 'The OpenAPI 3.1 document of this API, generated from the schemas that validate requests',
    trigger: { type: 'http', method: 'GET', path: '/openapi.json', roles: 'public' },
    tables: {},
    sendsTo: [],
  },
  apiDocs: {
    entry: 'docs/reference',
    description: 'A readable API reference page (Swagger UI), served whole from the bundle',
    trigger: { type: 'http', method: 'GET', path: '/docs', roles: 'public' },
    tables: {},
    sendsTo: [],
  },
  registerDevice: {
    entry: 'devices/register',
    description: 'An app install registers for push (platform, push token, language) and gets its device token',
    trigger: { type: 'http', method: 'POST', path: '/devices', roles: 'public' },
    tables: { participants: 'readwrite', limits: 'readwrite' },
    sendsTo: [],
    messaging: ['push-endpoints'],
    secrets: ['participant'],
    location: ['forget'],
  },
  deleteDevice: {
    entry: 'devices/delete',
    description: 'An app install leaves: push endpoint, tracker history, position and saved places deleted (device token)',
    trigger: { type: 'http', method: 'DELETE', path: '/devices/{id}', roles: 'public' },
    tables: { participants: 'readwrite' },
    sendsTo: [],
    messaging: ['push-endpoints'],
    location: ['forget'],
  },
  putPosition: {
    entry: 'devices/position',
    description: "The device's current position: only the last is kept, for POSITION_TTL_MINUTES (device token)",
    trigger: { type: 'http', method: 'PUT', path: '/devices/{id}/position', roles: 'public' },
    tables: { participants: 'readwrite' },
    sendsTo: [],
    location: ['track'],
  },
  putPlaces: {
    entry: 'devices/places',
    description: 'Up to 5 named saved places with optional time windows; they alert like addresses (device token)',
    trigger: { type: 'http', method: 'PUT', path: '/devices/{id}/places', roles: 'public' },
    tables: { participants: 'readwrite' },
    sendsTo: [],
  },
  geofenceEnter: {
    entry: 'geofences/enter',
    description: "A device entered an active action's area after the start: queue its alert (once per action)",
    trigger: { type: 'sqs', queue: 'geofence', batchSize: 10, maxConcurrency: 2 },
    tables: { actions: 'read', participants: 'read', deliveries: 'readwrite' },
    sendsTo: ['push'],
    timeoutSeconds: 30,
  },
  createTip: {
    entry: 'tips/create',
    description: 'An app user sends a tip about an active action: text, optional position and photo (device token, rate-limited)',
    trigger: { type: 'http', method: 'POST', path: '/actions/{id}/tips', roles: 'public' },
    tables: { actions: 'read', participants: 'read', tips: 'readwrite', limits: 'readwrite' },
    sendsTo: [],
    buckets: { tipPhotos: 'put' },
    secrets: ['participant'],
  },
  listTips: {
    entry: 'tips/list',
    description: "An action's tips for operators, newest first, photos as short-lived links",
    trigger: { type: 'http', method: 'GET', path: '/actions/{id}/tips', roles: ['operator'] },
    tables: { actions: 'read', tips: 'read' },
    sendsTo: [],
    buckets: { tipPhotos: 'read' },
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functions;

export const httpRoutes = (): { name: FunctionName; spec: FunctionSpec & { trigger: Extract<Trigger, { type: 'http' }> } }[] =>
  (Object.entries(functions) as [FunctionName, FunctionSpec][])
    .filter((e): e is [FunctionName, FunctionSpec & { trigger: Extract<Trigger, { type: 'http' }> }] => e[1].trigger.type === 'http')
    .map(([name, spec]) => ({ name, spec }));

export const queueConsumers = (): { name: FunctionName; spec: FunctionSpec & { trigger: Extract<Trigger, { type: 'sqs' }> } }[] =>
  (Object.entries(functions) as [FunctionName, FunctionSpec][])
    .filter((e): e is [FunctionName, FunctionSpec & { trigger: Extract<Trigger, { type: 'sqs' }> }] => e[1].trigger.type === 'sqs')
    .map(([name, spec]) => ({ name, spec }));
