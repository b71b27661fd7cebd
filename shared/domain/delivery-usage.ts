// Usage of one sender attempt: which messages it sent, failed or skipped, per municipality of the
// recipients, with billed units (SMS segments of the rendered text, voice minutes, pushes) and
// their provider cost. The sender's stores are watched rather than changed: a message counts in
// the attempt whose outcome write was the one the ledger kept (first write stands), so a retried
// or redelivered chunk, or a follow-up that sent a late alert, never counts a message twice.
import type { Channel } from '#shared/domain/vocabulary';
import type { Contact, ParticipantStore } from '#shared/ports/participant-store';
import type { DeliveryKey, DeliveryOutcome, DeliveryStore } from '#shared/ports/delivery-store';
import type { ActionMessageRecord, MessageFigures, MunicipalityMessageRecord, UsageStore } from '#shared/ports/usage-store';
import type { Action, Bulletin } from './action';
import type { ChunkMessage } from './messages';
import { billedMinutes, providerCost, speechSeconds, type PriceTable } from './prices';
import { smsText, voiceSsml } from './render';
import { smsLength } from './sms-encoding';
import { actionKey, monthOf, municipalityMonthKey, NO_MUNICIPALITY } from './usage';

export interface Written {
  readonly key: DeliveryKey;
  readonly outcome: DeliveryOutcome;
}

export interface DeliveryWatch {
  readonly deliveries: DeliveryStore;
  readonly participants: ParticipantStore;
  /** Outcomes this attempt wrote first. */
  readonly written: () => readonly Written[];
  readonly contacts: () => ReadonlyMap<string, Contact>;
}

const same = (a: DeliveryOutcome, b: DeliveryOutcome) =>
  a.status === b.status && a.at === b.at && (a.status === 'sent' ? b.status === 'sent' && a.providerMessageId === b.providerMessageId : b.status !== 'sent' && a.reason === b.reason);

/** Wraps the stores a chunk delivery uses; every other method passes straight through. */
export function watchDelivery(deliveries: DeliveryStore, participants: ParticipantStore): DeliveryWatch {
  const written: Written[] = [];
  let contacts: ReadonlyMap<string, Contact> = new Map();
  const d = Object.create(deliveries) as DeliveryStore;
  d.record = async (key, outcome) => {
    const kept = await deliveries.record(key, outcome);
    if (same(kept, outcome)) written.push({ key, outcome: kept });
    return kept;
  };
  const p = Object.create(participants) as ParticipantStore;
  p.contacts = async (ids) => (contacts = await participants.contacts(ids));
  return { deliveries: d, participants: p, written: () => written, contacts: () => contacts };
}

const zero = (): { sent: number; failed: number; skipped: number; units: number; cost: number } => ({ sent: 0, failed: 0, skipped: 0, units: 0, cost: 0 });

/** Billed units and provider cost of one sent message. */
function billed(prices: PriceTable, channel: Channel, action: Action, bulletin: Bulletin, contact: Contact | undefined): { units: number; cost: number } {
  switch (channel) {
    case 'sms': {
      const segments = smsLength(smsText(action, bulletin)).segments;
      return { units: segments, cost: providerCost(prices, { channel, count: 1, segments }) };
    }
    case 'voice': {
      const callSeconds = speechSeconds(voiceSsml(action, bulletin, contact?.language ?? 'nl'));
      return { units: billedMinutes(callSeconds), cost: providerCost(prices, { channel, count: 1, callSeconds }) };
    }
    case 'push':
      return { units: 1, cost: providerCost(prices, { channel, count: 1 }) };
  }
}

export interface AttemptUsage {
  readonly municipality: readonly MunicipalityMessageRecord[];
  readonly action: ActionMessageRecord | undefined;
}

/**
 * The records of one attempt (`attempt` is unique per queue message and receive): one per
 * municipality and month (the month of the message's bulletin), and one for the action.
 */
export function attemptUsage(prices: PriceTable, action: Action, chunk: ChunkMessage, attempt: string, written: readonly Written[], contacts: ReadonlyMap<string, Contact>): AttemptUsage {
  const byPartition = new Map<string, { code: string; figures: ReturnType<typeof zero> }>();
  const byMunicipality: Record<string, ReturnType<typeof zero>> = {};
  for (const { key, outcome } of written) {
    const bulletin = action.bulletins[key.seq];
    if (!bulletin) continue;
    const contact = contacts.get(key.participantId);
    const code = contact?.municipalityCode ?? NO_MUNICIPALITY;
    const pk = municipalityMonthKey(code, monthOf(bulletin.at));
    const entry = byPartition.get(pk) ?? { code, figures: zero() };
    byPartition.set(pk, entry);
    const total = (byMunicipality[code] ??= zero());
    for (const f of [entry.figures, total]) {
      f[outcome.status]++;
      if (outcome.status === 'sent') {
        const b = billed(prices, chunk.channel, action, bulletin, contact);
        f.units += b.units;
        f.cost += b.cost;
      }
    }
  }
  const sk = `${chunk.seq}#${chunk.channel}#${chunk.chunkId}#${attempt}`;
  const municipality = [...byPartition].map(
    ([pk, { figures }]): MunicipalityMessageRecord => ({
      kind: 'msg',
      pk,
      sk: `msg#${action.id}#${sk}`,
      actionId: action.id,
      actionType: action.type,
      exercise: action.exercise,
      channel: chunk.channel,
      ...figures,
    }),
  );
  const totals: Record<string, MessageFigures> = byMunicipality;
  return {
    municipality,
    action: written.length > 0 ? { kind: 'msg', pk: actionKey(action.id), sk: `msg#${sk}`, channel: chunk.channel, byMunicipality: totals } : undefined,
  };
}

/** Writes one attempt's records; a failure is the caller's to log (delivery must not fail on it). */
export async function recordAttemptUsage(usage: UsageStore, prices: PriceTable, action: Action, chunk: ChunkMessage, attempt: string, watch: DeliveryWatch): Promise<void> {
  const records = attemptUsage(prices, action, chunk, attempt, watch.written(), watch.contacts());
  await usage.put([...records.municipality, ...(records.action ? [records.action] : [])]);
}
