import type { TimeAnchor } from '../episode/types.ts';
import { buildTimeline, findActive, layoutText, type TimingModel } from './timeline.ts';

/** A turn with its true times, from a timed transcript. */
export interface TrueTurn {
  speaker: string;
  text: string;
  start: number;
  end: number;
}

export interface TimingScore {
  /** Share of the episode's time (sampled every 0.5 s) during which the estimated active turn is the true one. */
  accuracy: number;
  /** Median absolute error of the estimated turn starts, seconds. */
  medianStartError: number;
  turns: number;
  duration: number;
  anchors: number;
}

/** Consecutive segments of one speaker are one turn. */
export function mergeSegments(
  segments: readonly { speaker: string | null; start: number; end: number | null; text: string }[],
): TrueTurn[] {
  const turns: TrueTurn[] = [];
  for (const s of segments) {
    const speaker = s.speaker ?? '';
    const last = turns[turns.length - 1];
    const end = s.end ?? s.start;
    if (last && last.speaker === speaker) {
      last.text = `${last.text} ${s.text}`.trim();
      last.end = Math.max(last.end, end);
    } else turns.push({ speaker, text: s.text.trim(), start: s.start, end });
  }
  return turns;
}

const SAMPLE_SECONDS = 0.5;

/**
 * Hides a timed transcript's times, estimates every turn's start from the text and the episode's length with
 * the app's own timing module, and scores the estimate against the truth. With `syncEvery`, a listener
 * presses "Sync here" every so many seconds: at time T, the turn truly playing at T is anchored at T.
 */
export function evaluateTiming(
  truth: readonly TrueTurn[],
  options: { syncEvery?: number; model?: TimingModel } = {},
): TimingScore {
  const duration = truth.reduce((m, t) => Math.max(m, t.end), 0);
  const turns = truth.map((t) => ({ paragraphs: [t.text], speaker: t.speaker }));
  const trueStarts = truth.map((t) => t.start);
  const anchors: TimeAnchor[] = [];
  if (options.syncEvery && options.syncEvery > 0) {
    for (let at = options.syncEvery; at < duration; at += options.syncEvery) {
      const turn = findActive(trueStarts, at);
      if (turn >= 0) anchors.push({ turn, time: at, source: 'user' });
    }
  }
  const layout = layoutText(turns, options.model);
  const timeline = buildTimeline(turns, layout, { duration, anchors, model: options.model });

  let right = 0;
  let samples = 0;
  for (let t = 0; t < duration; t += SAMPLE_SECONDS) {
    samples++;
    if (findActive(timeline.turnStarts, t) === findActive(trueStarts, t)) right++;
  }
  const errors = truth.map((t, i) => Math.abs((timeline.turnStarts[i] ?? 0) - t.start)).sort((a, b) => a - b);
  const mid = errors.length >> 1;
  const median =
    errors.length === 0 ? 0 : errors.length % 2 ? errors[mid]! : (errors[mid - 1]! + errors[mid]!) / 2;
  return {
    accuracy: samples ? right / samples : 0,
    medianStartError: median,
    turns: truth.length,
    duration,
    anchors: anchors.length,
  };
}
