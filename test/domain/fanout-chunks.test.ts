import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, chunkBounds } from '#shared/domain/fanout';

describe('chunking a nearest-first list', () => {
  it('starts small so the first wave of senders serves the nearest, then takes full chunks', () => {
    expect(chunkBounds(500)).toEqual([
      [0, 10],
      [10, 30],
      [30, 70],
      [70, 150],
      [150, 250],
      [250, 350],
      [350, 450],
      [450, 500],
    ]);
  });

  it('covers every recipient exactly once, in order, never more than a full chunk', () => {
    for (const n of [0, 1, 9, 10, 11, 149, 150, 151, 1234]) {
      const bounds = chunkBounds(n);
      expect(bounds.flatMap(([a, b]) => Array.from({ length: b - a }, (_, i) => a + i))).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(bounds.every(([a, b]) => b - a >= 1 && b - a <= CHUNK_SIZE)).toBe(true);
    }
  });
});
