// Who is calling: the claims API Gateway's JWT authorizer verified (locally: the runtime's
// verifier, which hands them over in the same shape). Roles come from Cognito groups.
import { isRole, type Caller } from '#shared/domain/vocabulary';

export type { Caller };

/** API Gateway flattens array claims to "[a b]"; accept that, a JSON array, or a real array. */
function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  const s = value.trim();
  if (s.startsWith('[') && s.includes('"')) {
    try {
      return (JSON.parse(s) as unknown[]).map(String);
    } catch {
      // not JSON: fall through to the flattened form
    }
  }
  return s.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
}

export function callerFrom(claims: Record<string, unknown> | undefined): Caller | undefined {
  if (!claims || typeof claims.sub !== 'string' || claims.sub === '') return undefined;
  const roles = list(claims['cognito:groups']).filter(isRole);
  const municipality = typeof claims['custom:municipality'] === 'string' ? claims['custom:municipality'] : undefined;
  const unit = typeof claims['custom:unit'] === 'string' ? claims['custom:unit'] : undefined;
  return { sub: claims.sub, roles, municipality, unit };
}
