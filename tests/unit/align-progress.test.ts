import { describe, expect, it } from 'vitest';
import { ALIGN_OVER_FEATURES, alignProgress } from '../../src/lib/align/progress.ts';

describe('alignProgress', () => {
  it('promises nothing while decoding, then estimates from the features’ pace', () => {
    expect(alignProgress({ stage: 'decoding', elapsed: 3 })).toEqual({ fraction: 0, secondsLeft: null });
    const half = alignProgress({ stage: 'features', decode: 2, done: 0.5, elapsed: 4 });
    // Features take 8 s in all, the alignment 8 × ALIGN_OVER_FEATURES: 2 + 8 + 8r in all, 6 s spent.
    const total = 2 + 8 * (1 + ALIGN_OVER_FEATURES);
    expect(half.fraction).toBeCloseTo(6 / total);
    expect(half.secondsLeft).toBeCloseTo(total - 6);
  });

  it('counts down the alignment’s estimate and never claims to be done or below a second', () => {
    const s = alignProgress({ stage: 'aligning', before: 10, estimate: 10, elapsed: 5 });
    expect(s.fraction).toBeCloseTo(15 / 20);
    expect(s.secondsLeft).toBe(5);
    const late = alignProgress({ stage: 'aligning', before: 10, estimate: 10, elapsed: 30 });
    expect(late.fraction).toBe(0.99);
    expect(late.secondsLeft).toBe(1);
  });
});
