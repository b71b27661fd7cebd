// The one description of the system: every function, its trigger, the tables and queues it
// touches and its environment. The CDK stack and the local runtime are both built from this
// module, so the deployed system and `npm start` cannot drift apart. Pure data: no CDK, no SDK.

export type TableName = keyof typeof tables;
export type QueueName = keyof typeof queues;
export type Role = 'operator' | 'municipality' | 'unit' | 'board';
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
  | { readonly type: 'http'; readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE'; readonly path: string; readonly roles: readonly Role[] | 'public' }
  | { readonly type: 'sqs'; readonly queue: QueueName; readonly batchSize: number; readonly maxConcurrency: number };

export interface FunctionSpec {
  /** Handler file under functions/, without extension; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly trigger: Trigger;
  readonly tables: Readonly<Partial<Record<TableName, Access>>>;
  readonly sendsTo: readonly QueueName[];
  /** AWS messaging APIs the function calls (granted in the messaging construct). */
  readonly messaging?: readonly ('sms' | 'voice' | 'push')[];
  readonly env?: Readonly<Record<string, string>>;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
}

export const tables = {
  participants: {
    partitionKey: 'id',
    personal: true,
    // Sparse geo index: only active participants carry `gb`/`gc`. `gb` is the coarse H3 bucket,
    // `gc` the fine H3 cell + '#' + id, so the cells covering an area become key ranges.
    indexes: { geo: { partitionKey: 'gb', sortKey: 'gc', projection: ['lat', 'lon', 'ch', 'ex'] } },
  },
  actions: { partitionKey: 'id', personal: false, indexes: { byCreated: { partitionKey: 'kind', sortKey: 'createdAt', projection: 'all' } } },
  // Deliveries per action: one record per participant/message/channel (the exactly-once claim),
  // plus progress records per chunk that the action's counters are summed from.
  deliveries: { partitionKey: 'actionId', sortKey: 'sk', personal: false },
  idempotency: { partitionKey: 'id', personal: false, ttlAttribute: 'expiration' },
} as const satisfies Record<string, TableSpec>;

export const queues = {
  fanout: { visibilityTimeoutSeconds: 120, maxReceiveCount: 5 },
  sms: { visibilityTimeoutSeconds: 180, maxReceiveCount: 6 },
  voice: { visibilityTimeoutSeconds: 180, maxReceiveCount: 6 },
  push: { visibilityTimeoutSeconds: 180, maxReceiveCount: 6 },
} as const satisfies Record<string, QueueSpec>;

export const channels = ['sms', 'voice', 'push'] as const;
export type Channel = (typeof channels)[number];

/**
 * Provider pacing per sender instance (messages per second); concurrency multiplies it. Env keys
 * are unique per channel because the local runtime runs every function in one process.
 */
export const rateEnv = (channel: Channel): string => `${channel.toUpperCase()}_RATE_PER_SECOND`;
const senderEnv = (channel: Channel, ratePerSecond: number) => ({ [rateEnv(channel)]: String(ratePerSecond) });

export const functions = {
  createAction: {
    entry: 'actions/create',
    description: 'Operator starts an action; queues its fan-out',
    trigger: { type: 'http', method: 'POST', path: '/actions', roles: ['operator'] },
    tables: { actions: 'readwrite', idempotency: 'readwrite' },
    sendsTo: ['fanout'],
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
    tables: { actions: 'read', participants: 'read', deliveries: 'readwrite' },
    sendsTo: ['fanout', 'sms', 'voice', 'push'],
    memoryMb: 1024,
    timeoutSeconds: 60,
  },
  sendSms: {
    entry: 'senders/sms',
    description: 'Delivers SMS chunks, paced to the SMS quota',
    trigger: { type: 'sqs', queue: 'sms', batchSize: 1, maxConcurrency: 5 },
    tables: { actions: 'read', participants: 'read', deliveries: 'readwrite' },
    sendsTo: [],
    messaging: ['sms'],
    env: senderEnv('sms', 20),
    timeoutSeconds: 120,
  },
  sendVoice: {
    entry: 'senders/voice',
    description: 'Places text-to-speech calls, paced to the voice quota',
    trigger: { type: 'sqs', queue: 'voice', batchSize: 1, maxConcurrency: 5 },
    tables: { actions: 'read', participants: 'read', deliveries: 'readwrite' },
    sendsTo: [],
    messaging: ['voice'],
    env: senderEnv('voice', 20),
    timeoutSeconds: 120,
  },
  sendPush: {
    entry: 'senders/push',
    description: 'Publishes app pushes to platform endpoints',
    trigger: { type: 'sqs', queue: 'push', batchSize: 1, maxConcurrency: 5 },
    tables: { actions: 'read', participants: 'read', deliveries: 'readwrite' },
    sendsTo: [],
    messaging: ['push'],
    env: senderEnv('push', 100),
    timeoutSeconds: 120,
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functions;

/** The environment variable that carries a table's name to a function. */
export const tableEnv = (table: TableName): string => `TABLE_${table.toUpperCase()}`;
/** The environment variable that carries a queue's URL to a function. */
export const queueEnv = (queue: QueueName): string => `QUEUE_${queue.toUpperCase()}_URL`;

export const httpRoutes = (): { name: FunctionName; spec: FunctionSpec & { trigger: Extract<Trigger, { type: 'http' }> } }[] =>
  (Object.entries(functions) as [FunctionName, FunctionSpec][])
    .filter((e): e is [FunctionName, FunctionSpec & { trigger: Extract<Trigger, { type: 'http' }> }] => e[1].trigger.type === 'http')
    .map(([name, spec]) => ({ name, spec }));

export const queueConsumers = (): { name: FunctionName; spec: FunctionSpec & { trigger: Extract<Trigger, { type: 'sqs' }> } }[] =>
  (Object.entries(functions) as [FunctionName, FunctionSpec][])
    .filter((e): e is [FunctionName, FunctionSpec & { trigger: Extract<Trigger, { type: 'sqs' }> }] => e[1].trigger.type === 'sqs')
    .map(([name, spec]) => ({ name, spec }));
