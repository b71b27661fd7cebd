// Unexpected errors are logged by name and a masked message: never a number, position or token.
import { describe, expect, it } from 'vitest';
import { errorSummary } from '#shared/runtime/error-summary';

describe('errorSummary', () => {
  it('masks phone numbers in any spelling, positions and tokens, and keeps the rest', () => {
    const err = new TypeError('bad +31612345678 / 06-12345678 / 06 1234 5678 at 52.090712,5.121433 for a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4 in act_0f6b2c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b');
    const { name, message } = errorSummary(err);
    expect(name).toBe('TypeError');
    expect(message).toBe('bad [number] / [number] / [number] at [decimal],[decimal] for [token] in act_0f6b2c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b');
  });

  it('keeps short counts and statuses readable', () => {
    expect(errorSummary(new Error('All records failed processing. 3 individual errors, status 503')).message).toBe('All records failed processing. 3 individual errors, status 503');
  });

  it('summarises what is not an Error', () => {
    expect(errorSummary('timeout after 1200 ms')).toEqual({ name: 'string', message: 'timeout after 1200 ms' });
  });
});
