// Leaving without a form: an SMS "STOP" to the Burgernet number, the provider's own opt-out, or
// a number that keeps failing for good. The participant is taken out of the index at once (their
// record stays as "stopped" or "deactivated", so a report can count who left and why).
import type { ParticipantRegistry } from '#shared/ports/participant-store';
import type { Clock } from '#shared/ports/clock';
import { ADDRESS_SLOTS } from './registration';
import { recordParticipantChanges, type ParticipantUsageDeps } from './participant-usage';
import type { ParticipantKeys } from './participant-keys';

/** Words that end a subscription, in Dutch and English, as people actually type them. */
const STOP_WORDS = new Set(['STOP', 'STOPPEN', 'AFMELDEN', 'UITSCHRIJVEN', 'UNSUBSCRIBE', 'END', 'QUIT']);
export const isStop = (text: string) => STOP_WORDS.has(text.trim().replace(/[.!]+$/, '').toUpperCase());

/** Permanent failures in a row after which a number is deactivated. */
export const FAILURE_LIMIT = 3;

/** Reasons that are ours (nobody to reach), not the number's: they do not count as its failures. */
const OWN_REASONS = new Set(['participant-gone', 'channel-withdrawn', 'no-phone', 'no-device']);
const OPTED_OUT = /OPTED_OUT|OptedOut/;

export interface OptOutDeps {
  readonly registry: ParticipantRegistry;
  readonly clock: Clock;
  /** The municipal figures count who left (absent in unit tests). */
  readonly usage?: ParticipantUsageDeps;
}

async function setStatus(deps: OptOutDeps, id: string, status: 'stopped' | 'deactivated'): Promise<boolean> {
  const p = await deps.registry.get(id);
  if (!p || p.status !== 'active') return false;
  const left = { ...p, status, updatedAt: deps.clock.now().toISOString() };
  // Only over a record that still exists: a STOP racing an erasure must not bring it back.
  if (!(await deps.registry.replace(left))) return false;
  await deps.registry.setLocations(id, [], ADDRESS_SLOTS);
  if (deps.usage) await recordParticipantChanges(deps.usage, [{ participant: left, at: left.updatedAt }]);
  return true;
}

export async function optOutNumber(deps: OptOutDeps & { readonly keys: ParticipantKeys }, e164: string): Promise<'stopped' | 'unknown'> {
  const id = await deps.registry.findByPhoneKey(deps.keys.phoneKey(e164));
  return id && (await setStatus(deps, id, 'stopped')) ? 'stopped' : 'unknown';
}

/** What delivery tells the register: a provider opt-out stops, repeated hard failures deactivate. */
export async function onPermanentFailure(deps: OptOutDeps, participantId: string, reason: string): Promise<'stopped' | 'deactivated' | 'counted' | 'ignored'> {
  if (OPTED_OUT.test(reason)) return (await setStatus(deps, participantId, 'stopped')) ? 'stopped' : 'ignored';
  if (OWN_REASONS.has(reason)) return 'ignored';
  const result = await deps.registry.recordPermanentFailure(participantId, FAILURE_LIMIT);
  if (result === 'deactivated') {
    await deps.registry.setLocations(participantId, [], ADDRESS_SLOTS);
    const p = await deps.registry.get(participantId);
    if (deps.usage && p) await recordParticipantChanges(deps.usage, [{ participant: p, at: deps.clock.now().toISOString() }]);
  }
  return result;
}
