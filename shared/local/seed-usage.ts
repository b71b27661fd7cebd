// Usage figures for the demo crowd: each seeded participant joined on a day in the twelve months
// before the seed (fixed seed, so the same every time), so local reports have a history to chart.
// The store is fresh, so the records are written whole in batches rather than merged one by one.
import type { Participant } from '#shared/ports/participant-store';
import type { ParticipantMonthRecord, UsageStore } from '#shared/ports/usage-store';
import { encodeState, monthOf, municipalityMonthKey, NO_MUNICIPALITY, NOT_ACTIVE } from '#shared/domain/usage';
import { seededRandom } from './seed';

export async function seedParticipantUsage(usage: UsageStore, participants: readonly Participant[], now: Date): Promise<void> {
  const random = seededRandom(5344);
  const months: ParticipantMonthRecord[] = [];
  const states: { id: string; municipalityCode: string; state: string }[] = [];
  const first = new Map<string, string>();
  for (const p of participants) {
    const month = monthOf(new Date(now.getTime() - Math.floor(random() * 365) * 86_400_000));
    const code = p.municipalityCode ?? NO_MUNICIPALITY;
    const state = encodeState({ active: p.status === 'active', channels: p.channels, device: p.push !== undefined });
    months.push({ kind: 'par', pk: municipalityMonthKey(code, month), sk: `par#${p.id}`, from: NOT_ACTIVE, to: state });
    states.push({ id: p.id, municipalityCode: code, state });
    if (!first.has(code) || month < first.get(code)!) first.set(code, month);
  }
  await usage.putParticipantMonths(months);
  await usage.setParticipantStates(states);
  for (const [code, month] of first) await usage.markFirstMonth(code, month);
}
