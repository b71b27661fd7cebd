// Port: usage figures kept as things happen, for reports and the cost of each action. There are
// no increments: every event source (a sender attempt, a participant in a month, a sign-up)
// writes its own record whole, so a retry rewrites the record instead of counting twice, and a
// report sums the records of the partitions it asks for.
import type { Channel } from '#shared/domain/vocabulary';

/** What one sender attempt did for the residents of one municipality (or, per action, in total). */
export interface MessageFigures {
  readonly sent: number;
  readonly failed: number;
  readonly skipped: number;
  /** Billed units of the sent messages: SMS segments, voice minutes, pushes. */
  readonly units: number;
  /** Provider cost of the sent messages (price table currency). */
  readonly cost: number;
}

/** `<GM code>#<YYYY-MM>`: one sender attempt's messages to this municipality's residents. */
export interface MunicipalityMessageRecord extends MessageFigures {
  readonly kind: 'msg';
  readonly pk: string;
  readonly sk: string;
  readonly actionId: string;
  readonly actionType: string;
  readonly exercise: boolean;
  readonly channel: Channel;
}

/** `action#<id>`: one sender attempt's messages, by municipality (`none`: no municipality known). */
export interface ActionMessageRecord {
  readonly kind: 'msg';
  readonly pk: string;
  readonly sk: string;
  readonly channel: Channel;
  readonly byMunicipality: Readonly<Record<string, MessageFigures>>;
}

/** `action#<id>`: AWS requests one function invocation (per queue record and attempt) made. */
export interface InfraRecord {
  readonly kind: 'infra';
  readonly pk: string;
  readonly sk: string;
  readonly function: string;
  readonly lambdaRequests: number;
  readonly lambdaGbSeconds: number;
  readonly dynamoReadUnits: number;
  readonly dynamoWriteUnits: number;
  readonly sqsRequests: number;
  /** Calls per `Service.Operation`, for the curious; only the figures above are priced. */
  readonly calls: Readonly<Record<string, number>>;
}

/**
 * `<GM code>#<YYYY-MM>`: a participant's state before their first change in the month and after
 * the last. States are encoded by shared/domain/usage.ts (`-` is not active).
 */
export interface ParticipantMonthRecord {
  readonly kind: 'par';
  readonly pk: string;
  readonly sk: string;
  readonly from: string;
  readonly to: string;
}

/** Participants at the end of a closed month, kept so later reports need not sum from the start. */
export interface ParticipantSummary {
  readonly active: number;
  readonly byChannel: Readonly<Record<Channel, number>>;
  readonly devices: number;
}

/** `campaign#<id>`: one participant who signed up with the campaign's code. */
export interface SignupRecord {
  readonly participantId: string;
  readonly municipalityCode?: string;
  readonly signedUpAt: string;
  readonly verifiedAt?: string;
  readonly leftAt?: string;
}

export type UsageRecord = MunicipalityMessageRecord | ActionMessageRecord | InfraRecord;

export interface UsageStore {
  /** Writes records whole (a record with the same pk and sk is replaced). */
  put(records: readonly UsageRecord[]): Promise<void>;
  /** Every record of a partition, optionally only those whose sort key starts with `prefix`. */
  query(pk: string, prefix?: string): Promise<readonly (UsageRecord | ParticipantMonthRecord)[]>;

  /** The participants' last recorded state: municipality code and encoded state. */
  participantStates(ids: readonly string[]): Promise<ReadonlyMap<string, { readonly municipalityCode: string; readonly state: string }>>;
  setParticipantStates(states: readonly { readonly id: string; readonly municipalityCode: string; readonly state: string }[]): Promise<void>;
  /** Writes month records whole: only for a store known to hold none of them yet (the demo seed). */
  putParticipantMonths(records: readonly ParticipantMonthRecord[]): Promise<void>;
  /** Sets `to`, and `from` only if the month's record has none yet (the state before the month). */
  mergeParticipantMonth(pk: string, participantId: string, from: string, to: string): Promise<void>;
  /** The first month with participant records of a municipality; only ever moves earlier. */
  markFirstMonth(municipalityCode: string, month: string): Promise<void>;
  firstMonth(municipalityCode: string): Promise<string | undefined>;
  summary(pk: string): Promise<ParticipantSummary | undefined>;
  putSummary(pk: string, summary: ParticipantSummary): Promise<void>;

  /** Sign-up fields are set once (the first time stands); `leftAt` may be set and cleared. */
  recordSignup(campaignId: string, signup: Pick<SignupRecord, 'participantId' | 'municipalityCode' | 'signedUpAt'>): Promise<void>;
  recordVerified(campaignId: string, participantId: string, at: string): Promise<void>;
  recordLeft(campaignId: string, participantId: string, at: string | undefined): Promise<void>;
  signups(campaignId: string): Promise<readonly SignupRecord[]>;
  /** Campaigns that count a municipality in (membership written when a campaign is created). */
  addCampaignMember(municipalityCode: string, campaignId: string): Promise<void>;
  campaignsOf(municipalityCode: string): Promise<readonly string[]>;
}
