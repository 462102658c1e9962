/** Where an alignment in the browser is, with the seconds each finished stage took. */
export type AlignStage =
  | { stage: 'decoding'; elapsed: number }
  | { stage: 'features'; decode: number; done: number; alignEstimate: number; elapsed: number }
  | { stage: 'aligning'; before: number; estimate: number; elapsed: number };

/** Seconds per DTW cell in Chromium on the 2-core machine the figures in docs/alignment.md come from. */
const SECONDS_PER_CELL = 60e-9;
/** Microseconds per feature frame on that machine: a slower device takes proportionally longer. */
const MICROSECONDS_PER_FRAME = 10;

/**
 * DTW cells the alignment will compute (both passes, every rendering), from the defaults of `alignFeatures`:
 * coarse frames of 20, a band of ±90 s or a fifth of the length, ±2 s around the coarse path.
 */
export function expectedCells(scriptFrames: readonly number[], recordingFrames: number, hop: number): number {
  let cells = 0;
  for (const s of scriptFrames) {
    const coarseScript = Math.ceil(s / 20);
    const coarseRecording = Math.ceil(recordingFrames / 20);
    const band = Math.max(90, (Math.max(s, recordingFrames) * hop) / 5) / (hop * 20);
    cells += coarseScript * Math.min(coarseRecording, 2 * band + 1);
    cells += s * (20 * Math.max(1, recordingFrames / Math.max(1, s)) + 2 * Math.round(2 / hop));
  }
  return cells;
}

/** Seconds the alignment should take, from its cells and how fast this device computed the features. */
export function alignSeconds(cells: number, microsecondsPerFrame: number): number {
  const slower = Math.min(5, Math.max(1, microsecondsPerFrame / MICROSECONDS_PER_FRAME));
  return cells * SECONDS_PER_CELL * slower;
}

/**
 * Share done (0..1) and seconds left, from the time spent so far and the alignment's estimate. Decoding gives
 * no progress, so nothing is promised until the features start.
 */
export function alignProgress(s: AlignStage): { fraction: number; secondsLeft: number | null } {
  if (s.stage === 'decoding') return { fraction: 0, secondsLeft: null };
  if (s.stage === 'features') {
    if (s.done <= 0 || s.elapsed <= 0) return { fraction: 0.01, secondsLeft: null };
    const total = s.decode + s.elapsed / s.done + s.alignEstimate;
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
