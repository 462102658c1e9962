import type { TimeAnchor } from '../episode/types.ts';
import { REACTION_SECONDS } from './sync-policy.ts';
import { buildTimeline, findActive, layoutText, type TimingModel } from './timeline.ts';

/** A turn with its true times, from a timed transcript. */
export interface TrueTurn {
  speaker: string;
  text: string;
  start: number;
  end: number;
  /** Where each of its segments (about a sentence each) starts in `text`, and when. */
  sentences?: { offset: number; start: number }[];
}

/**
 * How the simulated listener syncs. "moment" (Hark before sentence sync): at time T they press "Sync here"
 * on the turn playing, which says the turn was playing at T. "sentence": from time T they wait for the
 * next sentence to begin and tap it after a human delay; the app anchors that sentence's start at the tap
 * less its reaction allowance. "heard": at time T they tap the sentence being heard, wherever in it they
 * are (a hasty listener).
 */
export type SyncStyle = 'moment' | 'sentence' | 'heard';

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
    const text = s.text.trim();
    if (last && last.speaker === speaker) {
      const offset = last.text ? last.text.length + 1 : 0;
      last.text = `${last.text} ${text}`.trim();
      last.end = Math.max(last.end, end);
      if (text) last.sentences!.push({ offset: Math.min(offset, last.text.length), start: s.start });
    } else turns.push({ speaker, text, start: s.start, end, sentences: [{ offset: 0, start: s.start }] });
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
  options: { syncEvery?: number; syncTo?: SyncStyle; model?: TimingModel } = {},
): TimingScore {
  const duration = truth.reduce((m, t) => Math.max(m, t.end), 0);
  const turns = truth.map((t) => ({ paragraphs: [t.text], speaker: t.speaker }));
  const trueStarts = truth.map((t) => t.start);
  const anchors: TimeAnchor[] = [];
  if (options.syncEvery && options.syncEvery > 0) {
    const style = options.syncTo ?? 'moment';
    // Every sentence of the episode in order: (turn, offset, true start).
    const sentences = truth.flatMap((t, turn) =>
      (t.sentences ?? [{ offset: 0, start: t.start }]).map((s) => ({
        turn,
        offset: s.offset,
        start: s.start,
      })),
    );
    const sentenceStarts = sentences.map((s) => s.start);
    let k = 0;
    for (let at = options.syncEvery; at < duration; at += options.syncEvery, k++) {
      if (style === 'moment') {
        const turn = findActive(trueStarts, at);
        if (turn >= 0) anchors.push({ turn, time: at, source: 'user' });
        continue;
      }
      const i =
        style === 'heard' ? findActive(sentenceStarts, at) : findActive(sentenceStarts, at - 1e-9) + 1;
      const s = sentences[i];
      if (!s) continue;
      // The tap comes a human delay after the listener hears the sentence begin (or, hasty, right now).
      const tap = style === 'heard' ? at : s.start + humanDelay(k);
      anchors.push({
        turn: s.turn,
        paragraph: 0,
        offset: s.offset,
        time: Math.max(0, tap - REACTION_SECONDS),
        source: 'user',
      });
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

/** A listener's delay in pressing after hearing a sentence begin: 0.3–1.2 s, the same on every run. */
function humanDelay(k: number): number {
  const x = Math.sin((k + 1) * 12.9898) * 43758.5453;
  return 0.3 + 0.9 * (x - Math.floor(x));
}
