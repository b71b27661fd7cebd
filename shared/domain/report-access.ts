// Who reads which report: a municipality its own, a unit its own and its municipalities', the
// board everything. Operators and the public read none (the route's roles already say so).
import type { Caller } from '#shared/domain/vocabulary';
import { policeUnit } from './police-units';

export type ReportTarget = { readonly kind: 'municipality'; readonly code: string; readonly unit: string } | { readonly kind: 'unit'; readonly unit: string } | { readonly kind: 'national' };

const callerUnit = (caller: Caller) => (caller.roles.includes('unit') && caller.unit ? policeUnit(caller.unit)?.name : undefined);

export function mayReadReport(caller: Caller, target: ReportTarget): boolean {
  if (caller.roles.includes('board')) return true;
  const unit = callerUnit(caller);
  switch (target.kind) {
    case 'municipality':
      return (caller.roles.includes('municipality') && caller.municipality === target.code) || unit === target.unit;
    case 'unit':
      return unit === target.unit;
    case 'national':
      return false;
  }
}

/**
 * A municipality token asking for another code is refused before the code is looked up, so the
 * answer is the same whether that municipality exists or not.
 */
export const refusedUnseen = (caller: Caller, code: string): boolean =>
  !caller.roles.includes('board') && !callerUnit(caller) && !(caller.roles.includes('municipality') && caller.municipality === code);
