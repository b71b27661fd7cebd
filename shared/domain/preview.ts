// Preview: what starting an action would do, with nothing stored, queued or sent. Counts who is
// inside the area per channel and per municipality with the fan-out's own selection (nothing
// queued), sizes the SMS, prices every
// channel, estimates how long the quota makes each channel take, and says whether a second
// operator must approve.
import type { Channel } from '#shared/domain/vocabulary';
import type { ParticipantStore, ReadStats } from '#shared/ports/participant-store';
import { EXERCISE_PREFIX, type CreateActionInput } from './action';
import { approvalReasons, type ApprovalRule } from './approval';
import { coverRanges } from './geo-index';
import { awsCost, billedMinutes, deliveryUsage, providerCost, roundMoney, speechSeconds, type MessageBatch, type PriceTable } from './prices';
import { voiceSsml } from './render';
import { smsLength, type SmsEncoding } from './sms-encoding';
import { selectRecipients } from './fanout';

/** How a channel's sender is deployed: what its time costs, and how fast the channel may go. */
export interface SenderProfile {
  readonly memoryMb: number;
  /** Provider calls per second one sender instance makes (0: unpaced). */
  readonly ratePerInstance: number;
  /** Provider calls per second the whole channel may make. */
  readonly quotaPerSecond: number;
}

export interface PreviewDeps {
  readonly participants: ParticipantStore;
  readonly prices: PriceTable;
  readonly approvalRule: ApprovalRule;
  readonly smsMaxSegments: number;
  /** Each channel's sender as deployed: prices delivery time and paces the estimate. */
  readonly senders: Readonly<Record<Channel, SenderProfile>>;
}

export interface CostEstimate {
  /** What the provider bills (SMS segments, voice minutes, push publishes). */
  readonly provider: number;
  /** Estimated AWS usage of delivering them (ledger writes, queue requests, sender time). */
  readonly platform: number;
  readonly total: number;
}

interface ChannelBase {
  readonly recipients: number;
  /** Seconds the channel's quota needs for every recipient, once the senders run. */
  readonly estimatedSeconds: number;
  readonly cost: CostEstimate;
}

export interface SmsPreview extends ChannelBase {
  readonly encoding: SmsEncoding;
  readonly segments: number;
  readonly maxSegments: number;
  readonly characters: number;
  readonly units: number;
  readonly perSegment: number;
  /** Characters that forced UCS-2; replacing them may save segments. */
  readonly nonGsmCharacters: readonly string[];
}

export interface VoicePreview extends ChannelBase {
  readonly estimatedCallSeconds: number;
  readonly billedMinutesPerCall: number;
}

export type PushPreview = ChannelBase;

export interface MunicipalityCount {
  /** CBS code (GM…), or null for participants registered without one. */
  readonly municipalityCode: string | null;
  readonly recipients: number;
  readonly byChannel: Partial<Record<Channel, number>>;
}

export interface ActionPreview {
  readonly exercise: boolean;
  readonly recipients: {
    /** Participants reached on at least one of the action's channels. */
    readonly total: number;
    /** Participants inside the area now (exercise opt-ins only for an exercise), whatever their channels. */
    readonly inArea: number;
    readonly byChannel: Partial<Record<Channel, number>>;
    /** Most recipients first. */
    readonly byMunicipality: readonly MunicipalityCount[];
  };
  readonly channels: { readonly sms?: SmsPreview; readonly voice?: VoicePreview; readonly push?: PushPreview };
  readonly cost: { readonly currency: PriceTable['currency']; readonly total: number; readonly region: string; readonly pricesCheckedOn: string };
  readonly approval: { readonly required: boolean; readonly reasons: readonly string[] };
  /** Nothing blocks, but the operator should know (nobody reached, UCS-2, several segments). */
  readonly warnings: readonly string[];
  readonly selection: { readonly queryCalls: number; readonly itemsRead: number; readonly ms: number };
}

/** The SMS as it will go out: exercises say so first. */
export const smsAsSent = (input: Pick<CreateActionInput, 'exercise' | 'messages'>): string | undefined =>
  input.messages.sms === undefined ? undefined : input.exercise ? `${EXERCISE_PREFIX}${input.messages.sms}` : input.messages.sms;

interface Tally {
  recipients: number;
  byChannel: Partial<Record<Channel, number>>;
}

/**
 * Counts who the action would reach, per channel and municipality, reading only the geo index.
 * Filters as the fan-out does (exercise opt-ins, stale device positions, closed time windows) and
 * counts a person with several locations inside once, in the municipality of the nearest one.
 */
async function count(participants: ParticipantStore, input: CreateActionInput, stats: ReadStats, now: Date) {
  // The fan-out's own selection, so the preview cannot drift from what would be sent.
  const people = await selectRecipients(participants, input, [input.area], coverRanges(input.area), stats, now);
  const chosen = input.channels;
  const total: Tally = { recipients: 0, byChannel: Object.fromEntries(chosen.map((c) => [c, 0])) };
  const byMunicipality = new Map<string | null, Tally>();
  for (const person of people) {
    const on = chosen.filter((c) => person.channels.includes(c));
    if (on.length === 0) continue;
    let mun = byMunicipality.get(person.municipalityCode);
    if (!mun) byMunicipality.set(person.municipalityCode, (mun = { recipients: 0, byChannel: {} }));
    total.recipients++;
    mun.recipients++;
    for (const c of on) {
      total.byChannel[c] = (total.byChannel[c] ?? 0) + 1;
      mun.byChannel[c] = (mun.byChannel[c] ?? 0) + 1;
    }
  }
  const municipalities = [...byMunicipality]
    .map(([municipalityCode, t]) => ({ municipalityCode, ...t }))
    .sort((a, b) => b.recipients - a.recipients || (a.municipalityCode ?? '~').localeCompare(b.municipalityCode ?? '~'));
  return { total, inArea: people.length, municipalities };
}

/** The rounded estimate for display, and the unrounded amount for the action's total. */
function estimate(deps: PreviewDeps, batch: MessageBatch): { cost: CostEstimate; amount: number } {
  const provider = providerCost(deps.prices, batch);
  const platform = awsCost(deps.prices, deliveryUsage(batch.count, deps.senders[batch.channel]));
  return { cost: { provider: roundMoney(provider), platform: roundMoney(platform), total: roundMoney(provider + platform) }, amount: provider + platform };
}

/** `now` decides which device positions are still fresh and which time windows are open. */
export async function previewAction(deps: PreviewDeps, input: CreateActionInput, now: Date = new Date()): Promise<ActionPreview> {
  const started = performance.now();
  const stats: ReadStats = { queryCalls: 0, itemsRead: 0 };
  const { total, inArea, municipalities } = await count(deps.participants, input, stats, now);
  const ms = Math.round(performance.now() - started);
  const reach = (c: Channel) => total.byChannel[c] ?? 0;
  const seconds = (calls: number, c: Channel) => Math.ceil(calls / deps.senders[c].quotaPerSecond);
  const warnings: string[] = [];
  let costTotal = 0;
  const channels: { sms?: SmsPreview; voice?: VoicePreview; push?: PushPreview } = {};

  const sms = smsAsSent(input);
  if (input.channels.includes('sms') && sms !== undefined) {
    const length = smsLength(sms);
    const { cost, amount } = estimate(deps, { channel: 'sms', count: reach('sms'), segments: length.segments });
    costTotal += amount;
    channels.sms = {
      recipients: reach('sms'),
      encoding: length.encoding,
      segments: length.segments,
      maxSegments: deps.smsMaxSegments,
      characters: length.characters,
      units: length.units,
      perSegment: length.perSegment,
      nonGsmCharacters: length.nonGsm,
      estimatedSeconds: seconds(reach('sms') * length.segments, 'sms'),
      cost,
    };
    if (length.encoding === 'UCS-2') {
      warnings.push(`the SMS goes as UCS-2 (70 characters per SMS instead of 160) because of ${length.nonGsm.slice(0, 5).map((c) => JSON.stringify(c)).join(', ')}`);
    }
    if (length.segments > 1) warnings.push(`the SMS takes ${length.segments} segments: every recipient is billed ${length.segments} messages`);
  }
  if (input.channels.includes('voice') && input.messages.voice !== undefined) {
    const callSeconds = speechSeconds(voiceSsml({ exercise: input.exercise }, { messages: input.messages }, 'nl'));
    const { cost, amount } = estimate(deps, { channel: 'voice', count: reach('voice'), callSeconds });
    costTotal += amount;
    channels.voice = {
      recipients: reach('voice'),
      estimatedCallSeconds: Math.round(callSeconds),
      billedMinutesPerCall: billedMinutes(callSeconds),
      estimatedSeconds: seconds(reach('voice'), 'voice'),
      cost,
    };
  }
  if (input.channels.includes('push')) {
    const { cost, amount } = estimate(deps, { channel: 'push', count: reach('push') });
    costTotal += amount;
    channels.push = { recipients: reach('push'), estimatedSeconds: seconds(reach('push'), 'push'), cost };
  }

  if (total.recipients === 0) warnings.unshift(input.exercise ? 'nobody in the area has opted into exercises on these channels' : 'nobody in the area would be reached on these channels');
  else for (const c of input.channels) if (reach(c) === 0) warnings.push(`nobody in the area receives ${c}`);

  const reasons = approvalReasons(input, deps.approvalRule);
  return {
    exercise: input.exercise,
    recipients: { total: total.recipients, inArea, byChannel: total.byChannel, byMunicipality: municipalities },
    channels,
    cost: { currency: deps.prices.currency, total: roundMoney(costTotal), region: deps.prices.region, pricesCheckedOn: deps.prices.checkedOn },
    approval: { required: reasons.length > 0, reasons },
    warnings,
    selection: { queryCalls: stats.queryCalls, itemsRead: stats.itemsRead, ms },
  };
}
