// Participant figures as things happen: joined, left, active per channel, app devices, per
// municipality and month. Each participant has one record per month (`par#<id>`) holding the
// state before the month's first change and after its last; a re-import or a retried sign-up
// rewrites the same record, so nobody is counted twice. The last state per participant is kept
// too (`state#<id>`), so the next change knows what it changes from without reading the register.
import type { Participant } from '#shared/ports/participant-store';
import type { CampaignStore } from '#shared/ports/campaign-store';
import type { UsageStore } from '#shared/ports/usage-store';
import { encodeState, monthOf, municipalityMonthKey, NO_MUNICIPALITY, NOT_ACTIVE } from './usage';

export interface ParticipantUsageDeps {
  readonly usage: UsageStore;
  /** To note that a campaign's recruit left (or came back); optional where no campaigns exist. */
  readonly campaigns?: CampaignStore;
}

export interface ParticipantChange {
  readonly participant: Pick<Participant, 'id' | 'status' | 'channels' | 'push' | 'municipalityCode' | 'campaign'>;
  /** When it happened (its month is the record's month). */
  readonly at: string;
}

const CONCURRENCY = 16;

async function inParallel<T>(items: readonly T[], run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}

/** Records a group of participants as they are now (new, changed, stopped); unchanged ones write nothing. */
export async function recordParticipantChanges(deps: ParticipantUsageDeps, changes: readonly ParticipantChange[]): Promise<void> {
  const latest = [...new Map(changes.map((c) => [c.participant.id, c])).values()];
  if (latest.length === 0) return;
  const before = await deps.usage.participantStates(latest.map((c) => c.participant.id));
  const merges: { pk: string; id: string; from: string; to: string }[] = [];
  const states: { id: string; municipalityCode: string; state: string }[] = [];
  const firsts = new Map<string, string>();
  const campaignMoves: { code: string; id: string; at: string | undefined }[] = [];
  for (const { participant: p, at } of latest) {
    const was = before.get(p.id);
    const code = p.municipalityCode ?? NO_MUNICIPALITY;
    const state = encodeState({ active: p.status === 'active', channels: p.channels, device: p.push !== undefined });
    if (was && was.municipalityCode === code && was.state === state) continue;
    const month = monthOf(at);
    if (was && was.municipalityCode !== code) {
      merges.push({ pk: municipalityMonthKey(was.municipalityCode, month), id: p.id, from: was.state, to: NOT_ACTIVE });
      merges.push({ pk: municipalityMonthKey(code, month), id: p.id, from: NOT_ACTIVE, to: state });
      firsts.set(was.municipalityCode, month);
    } else merges.push({ pk: municipalityMonthKey(code, month), id: p.id, from: was?.state ?? NOT_ACTIVE, to: state });
    const first = firsts.get(code);
    if (!first || month < first) firsts.set(code, month);
    states.push({ id: p.id, municipalityCode: code, state });
    const active = state !== NOT_ACTIVE;
    const wasActive = was !== undefined && was.state !== NOT_ACTIVE;
    if (p.campaign && active !== wasActive && was) campaignMoves.push({ code: p.campaign, id: p.id, at: active ? undefined : at });
  }
  // Month records first, then the last states: a crash in between repeats the merge, which keeps
  // the month's first `from` and sets the same `to` again.
  await inParallel(merges, (m) => deps.usage.mergeParticipantMonth(m.pk, m.id, m.from, m.to));
  await inParallel([...firsts], ([code, month]) => deps.usage.markFirstMonth(code, month));
  await deps.usage.setParticipantStates(states);
  if (deps.campaigns) {
    const campaigns = deps.campaigns;
    await inParallel(campaignMoves, async (m) => {
      const campaign = await campaigns.byCode(m.code);
      if (campaign) await deps.usage.recordLeft(campaign.id, m.id, m.at);
    });
  }
}
