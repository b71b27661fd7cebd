// The words every part of Burgernet shares: the channels people are reached on and the roles
// callers act in. The domain owns them; the topology and the HTTP layer take them from here.

export const channels = ['sms', 'voice', 'push'] as const;
export type Channel = (typeof channels)[number];

/** Roles of signed-in callers (Cognito groups): the list is written here once. */
export const roles = ['operator', 'municipality', 'unit', 'board'] as const;
export type Role = (typeof roles)[number];

export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);

/** Who is calling, as the token's verified claims say. */
export interface Caller {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly municipality?: string;
  readonly unit?: string;
}

/** The queues the domain hands work to: fan-out, one per channel, and the outward messages. */
export const queueNames = ['fanout', 'sms', 'voice', 'push', 'webhook', 'inbound', 'geofence'] as const;
export type QueueName = (typeof queueNames)[number];
