import { describe, expect, it } from 'vitest';
import { alignProgress, alignSeconds, expectedCells } from '../../src/lib/align/progress.ts';

describe('alignProgress', () => {
  it('promises nothing while decoding, then adds the features still to come and the alignment', () => {
    expect(alignProgress({ stage: 'decoding', elapsed: 3 })).toEqual({ fraction: 0, secondsLeft: null });
    const half = alignProgress({ stage: 'features', decode: 2, done: 0.5, alignEstimate: 6, elapsed: 4 });
    // 2 s decoding, 8 s of features in all, 6 s of alignment: 6 of 16 s spent.
    expect(half.fraction).toBeCloseTo(6 / 16);
    expect(half.secondsLeft).toBeCloseTo(10);
  });

  it('counts down the alignment’s estimate and never claims to be done or below a second', () => {
    const s = alignProgress({ stage: 'aligning', before: 10, estimate: 10, elapsed: 5 });
    expect(s.fraction).toBeCloseTo(15 / 20);
    expect(s.secondsLeft).toBe(5);
    const late = alignProgress({ stage: 'aligning', before: 10, estimate: 10, elapsed: 30 });
    expect(late.fraction).toBe(0.99);
    expect(late.secondsLeft).toBe(1);
  });

  it('predicts the DTW cells the alignment computes (measured: 13.5 M for 9 min, 138 M for an hour)', () => {
    expect(expectedCells([26_600, 26_600], 26_672, 0.02) / 13.5e6).toBeCloseTo(1, 0);
    expect(expectedCells([177_000, 177_000], 179_522, 0.02) / 138e6).toBeCloseTo(1, 0);
    expect(alignSeconds(138e6, 7)).toBeCloseTo(8.3, 0);
    expect(alignSeconds(138e6, 30)).toBeCloseTo(3 * 8.3, 0);
  });
});
