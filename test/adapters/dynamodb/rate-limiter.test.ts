// DynamoRateLimiter against dynalite: a fixed budget per window, concurrent takes never overspend.
import { describe, expect, it } from 'vitest';
import { DynamoRateLimiter } from '#shared/adapters/dynamodb/rate-limiter';
import { useLocalStore } from '../../support/local-store';

describe('DynamoRateLimiter', () => {
  const store = useLocalStore();
  let now = new Date('2026-01-01T10:00:00Z');
  const limiter = () => new DynamoRateLimiter(store.db, 'limits', () => now);

  it('allows the limit per window, then refuses until the next window', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter().take('num#abc', 3, 3600));
    expect(results).toEqual([true, true, true, false]);
    now = new Date('2026-01-01T11:00:00Z');
    expect(await limiter().take('num#abc', 3, 3600)).toBe(true);
  });

  it('keeps keys apart and never overspends under concurrent takes', async () => {
    const taken = await Promise.all(Array.from({ length: 20 }, () => limiter().take('ip#1', 5, 3600)));
    expect(taken.filter(Boolean)).toHaveLength(5);
    expect(await limiter().take('ip#2', 5, 3600)).toBe(true);
  });
});
