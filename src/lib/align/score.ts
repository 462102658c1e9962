import { findActive } from '../timing/timeline.ts';

export interface AlignScore {
  /** Share of the recording's time (sampled every 0.05 s) on which the active segment is the true one. */
  rightSegment: number;
  /** Median absolute error of the segment starts, seconds. */
  medianStartError: number;
  /** 90th percentile of the absolute start errors, seconds. */
  p90StartError: number;
}

/** Scores predicted segment starts against the true ones over a recording of `duration` seconds. */
export function scoreStarts(
  truth: readonly number[],
  predicted: readonly number[],
  duration: number,
): AlignScore {
  let right = 0;
  let samples = 0;
  for (let t = 0; t < duration; t += 0.05) {
    samples++;
    if (findActive(truth, t) === findActive(predicted, t)) right++;
  }
  const errors = truth.map((s, i) => Math.abs((predicted[i] ?? 0) - s)).sort((a, b) => a - b);
  return {
    rightSegment: samples ? right / samples : 0,
    medianStartError: quantile(errors, 0.5),
    p90StartError: quantile(errors, 0.9),
  };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/**
 * Where each segment's speech really begins, when the reference times tile the timeline (a boundary anywhere
 * in the pause between lines): a start inside a pause moves to the speech onset that ends the pause.
 */
export function snapToSpeech(starts: readonly number[], pauses: readonly [number, number][]): number[] {
  return starts.map((s) => {
    const pause = pauses.find(([a, b]) => s >= a && s < b);
    return pause ? pause[1] : s;
  });
}
