// Who is calling: the claims API Gateway's JWT authorizer verified (locally: the runtime's
// verifier, which hands them over in the same shape). Roles come from Cognito groups.
import { isRole, type Caller } from '#shared/domain/vocabulary';

export type { Caller };

/**
 * API Gateway flattens array claims to "[a b]"; accept that, a JSON array, or a real array. Only
 * whitespace separates flattened names: a comma is part of a group's name ("readers,operator" is
 * one group, not the operator role). Names cannot hold whitespace, so the flattened form is unambiguous.
 */
function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value !== 'string') return [];
  const s = value.trim();
  if (s.startsWith('[') && s.includes('"')) {
    try {
      const parsed: unknown = JSON.parse(s);
      return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
    } catch {
      // not JSON: a flattened list whose names hold quotes
    }
  }
  const inner = s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
  return inner.split(/\s+/).filter(Boolean);
}

export function callerFrom(claims: Record<string, unknown> | undefined): Caller | undefined {
  if (!claims || typeof claims.sub !== 'string' || claims.sub === '') return undefined;
  const roles = list(claims['cognito:groups']).filter(isRole);
  const municipality = typeof claims['custom:municipality'] === 'string' ? claims['custom:municipality'] : undefined;
  const unit = typeof claims['custom:unit'] === 'string' ? claims['custom:unit'] : undefined;
  return { sub: claims.sub, roles, municipality, unit };
}
