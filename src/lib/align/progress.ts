/** Where an alignment in the browser is, with the seconds each finished stage took. */
export type AlignStage =
  | { stage: 'decoding'; elapsed: number }
  | { stage: 'features'; decode: number; done: number; elapsed: number }
  | { stage: 'aligning'; before: number; estimate: number; elapsed: number };

/** Alignment time over feature time, measured on generated conversations (see docs/alignment.md). */
export const ALIGN_OVER_FEATURES = 1.5;

/**
 * Share done (0..1) and seconds left, from the time spent so far: computing the features shows how fast this
 * device is, and the alignment takes about `ALIGN_OVER_FEATURES` times as long. Decoding gives no progress,
 * so nothing is promised until the features start.
 */
export function alignProgress(s: AlignStage): { fraction: number; secondsLeft: number | null } {
  if (s.stage === 'decoding') return { fraction: 0, secondsLeft: null };
  if (s.stage === 'features') {
    if (s.done <= 0 || s.elapsed <= 0) return { fraction: 0.01, secondsLeft: null };
    const features = s.elapsed / s.done;
    const total = s.decode + features * (1 + ALIGN_OVER_FEATURES);
    const spent = s.decode + s.elapsed;
    return { fraction: Math.min(0.99, spent / total), secondsLeft: Math.max(0, total - spent) };
  }
  const total = s.before + s.estimate;
  const spent = s.before + s.elapsed;
  return {
    fraction: Math.min(0.99, spent / Math.max(total, 1e-3)),
    // Past the estimate: say "a moment" rather than count below zero.
    secondsLeft: Math.max(1, s.estimate - s.elapsed),
  };
}
