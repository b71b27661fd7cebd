// Roles from the Cognito groups claim: API Gateway flattens the list to "[a b]", locally it may be
// a JSON array or a real one. A comma is part of a group's name, never a separator.
import { describe, expect, it } from 'vitest';
import { callerFrom } from '#shared/http/claims';

const roles = (groups: unknown) => callerFrom({ sub: 'u-1', 'cognito:groups': groups })?.roles;

describe('cognito groups claim', () => {
  it('reads the flattened, JSON and array forms', () => {
    expect(roles('[operator municipality]')).toEqual(['operator', 'municipality']);
    expect(roles('operator')).toEqual(['operator']);
    expect(roles('["operator","municipality"]')).toEqual(['operator', 'municipality']);
    expect(roles(['operator', 'board'])).toEqual(['operator', 'board']);
  });

  it('does not read a group named "readers,operator" as the operator role', () => {
    expect(roles('[readers,operator]')).toEqual([]);
    expect(roles('readers,operator')).toEqual([]);
    expect(roles('[readers,operator municipality]')).toEqual(['municipality']);
    expect(roles('["readers,operator"]')).toEqual([]);
    expect(roles(['readers,operator'])).toEqual([]);
  });

  it('gives no role for a JSON value that is not a list of names', () => {
    expect(roles('[["operator"]]')).toEqual([]);
    expect(roles('{"a":"operator"}')).toEqual([]);
  });
});
