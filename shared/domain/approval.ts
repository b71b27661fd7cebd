// The four-eyes rule: some actions fan out only after a second operator approves them, because
// a mistake there costs the most (an AMBER-type alert, or a large part of the country woken up).
import { areaSquareMeters, isCircle, type Area } from './area';
import type { ActionType } from './action';

export interface ApprovalRule {
  readonly types: readonly ActionType[];
  /** A circle above this radius needs approval. */
  readonly maxRadiusKm: number;
  /** A polygon above this area needs approval. */
  readonly maxPolygonKm2: number;
}

/** The rule unless the deployment sets its own thresholds (settings.approval). */
export const DEFAULT_APPROVAL_RULE: ApprovalRule = { types: ['vermist-kind'], maxRadiusKm: 25, maxPolygonKm2: 2_000 };

const km = (n: number) => (Math.round(n * 10) / 10).toLocaleString('en-GB');

/** Why an action needs a second operator; empty when it may go out at once. */
export function approvalReasons(input: { readonly type: ActionType; readonly area: Area }, rule: ApprovalRule = DEFAULT_APPROVAL_RULE): string[] {
  return [...(rule.types.includes(input.type) ? [`type ${input.type} needs a second operator`] : []), ...areaApprovalReasons(input.area, rule)];
}

/** Why an area needs a second operator, at creation or when an update moves the action there. */
export function areaApprovalReasons(area: Area, rule: ApprovalRule = DEFAULT_APPROVAL_RULE): string[] {
  if (isCircle(area)) {
    const radiusKm = area.radiusMeters / 1000;
    return radiusKm > rule.maxRadiusKm ? [`radius ${km(radiusKm)} km is over ${km(rule.maxRadiusKm)} km`] : [];
  }
  const areaKm2 = areaSquareMeters(area) / 1e6;
  return areaKm2 > rule.maxPolygonKm2 ? [`polygon of ${km(areaKm2)} km² is over ${km(rule.maxPolygonKm2)} km²`] : [];
}
