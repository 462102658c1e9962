import type { AnchorSource, TimeAnchor, Turn } from '../episode/types.ts';
import { markdownToPlain } from '../episode/text.ts';

/** Speaking rate used when neither the audio nor the episode says how long it is. */
export const WORDS_PER_MINUTE = 150;

/** How much of the episode's time a piece of text takes, relative to other text. */
export type Weigher = (plainText: string) => number;

/** The baseline: time is proportional to the number of characters. */
export const byCharacters: Weigher = (text) => Math.max(1, text.length);

/** Where each turn and paragraph starts, in seconds. */
export interface Timeline {
  /** Seconds the timeline spans (the audio's duration, or an estimate). */
  duration: number;
  /** Whether `duration` comes from the audio or the episode rather than a words-per-minute guess. */
  durationKnown: boolean;
  turnStarts: Float64Array;
  /** True where the turn's start is known exactly (from the episode) rather than estimated. */
  turnExact: boolean[];
  /** Per turn, the start of each paragraph. */
  paragraphStarts: number[][];
}

/** An anchor that is a fixed point of the timeline; user anchors win over transcript times and markers. */
interface Knot {
  position: number;
  time: number;
  priority: number;
}

const PRIORITY: Record<AnchorSource | 'exact', number> = { user: 3, exact: 2, transcript: 2, marker: 1 };

/** Precomputed text positions of an episode: cheap to re-time when the duration or anchors change. */
export interface TextLayout {
  /** Cumulative weight at the start of each paragraph, per turn. */
  paragraphPositions: number[][];
  /** Weight of each paragraph, per turn. */
  paragraphWeights: number[][];
  /** Plain-text length of each paragraph, to place character offsets. */
  paragraphLengths: number[][];
  total: number;
  words: number;
}

/** Measures an episode's text once; `buildTimeline` then places it in time. */
export function layoutText(
  turns: readonly Pick<Turn, 'paragraphs'>[],
  weigh: Weigher = byCharacters,
): TextLayout {
  let position = 0;
  let words = 0;
  const paragraphPositions: number[][] = [];
  const paragraphWeights: number[][] = [];
  const paragraphLengths: number[][] = [];
  for (const turn of turns) {
    const positions: number[] = [];
    const weights: number[] = [];
    const lengths: number[] = [];
    for (const paragraph of turn.paragraphs) {
      const plain = markdownToPlain(paragraph);
      const w = weigh(plain);
      positions.push(position);
      weights.push(w);
      lengths.push(plain.length);
      position += w;
      words += plain.split(/\s+/).filter(Boolean).length;
    }
    paragraphPositions.push(positions);
    paragraphWeights.push(weights);
    paragraphLengths.push(lengths);
  }
  return { paragraphPositions, paragraphWeights, paragraphLengths, total: position, words };
}

export interface TimelineOptions {
  /** The audio's duration in seconds, once known; else the episode's declared duration. */
  duration?: number | undefined;
  /** The episode's anchors and the reader's sync anchors together. */
  anchors?: readonly TimeAnchor[];
}

/**
 * Gives every turn and paragraph a start time: exact where the episode knows it, otherwise an estimate from
 * the text, spread over the duration and bent through every anchor (piecewise linear between them).
 */
export function buildTimeline(
  turns: readonly Pick<Turn, 'paragraphs' | 'start'>[],
  layout: TextLayout,
  options: TimelineOptions = {},
): Timeline {
  const durationKnown =
    options.duration !== undefined && Number.isFinite(options.duration) && options.duration > 0;
  const guessed = (layout.words / WORDS_PER_MINUTE) * 60;
  const knots: Knot[] = [];
  const positionOf = (turn: number, paragraph = 0, offset = 0): number | undefined => {
    const start = layout.paragraphPositions[turn]?.[paragraph];
    if (start === undefined) return undefined;
    const length = layout.paragraphLengths[turn]![paragraph]!;
    const weight = layout.paragraphWeights[turn]![paragraph]!;
    return start + (length > 0 ? Math.min(1, Math.max(0, offset / length)) * weight : 0);
  };
  turns.forEach((t, i) => {
    if (t.start !== undefined)
      knots.push({ position: positionOf(i)!, time: t.start, priority: PRIORITY.exact });
  });
  for (const a of options.anchors ?? []) {
    const position = positionOf(a.turn, a.paragraph ?? 0, a.offset ?? 0);
    if (position !== undefined && Number.isFinite(a.time) && a.time >= 0) {
      knots.push({ position, time: a.time, priority: PRIORITY[a.source] });
    }
  }
  const kept = consistentKnots(knots, durationKnown ? options.duration! : Number.POSITIVE_INFINITY);
  let duration: number;
  if (durationKnown) duration = options.duration!;
  else {
    // Without a known duration, the text after the last anchor keeps the pace of the text before it
    // (or the words-per-minute guess when nothing before it says otherwise).
    const last = kept[kept.length - 1];
    const pace =
      last && last.position > 0 && last.time > 0
        ? last.time / last.position
        : guessed / Math.max(1, layout.total);
    duration = last ? last.time + (layout.total - last.position) * pace : guessed;
  }
  const fixed = withEnds(kept, layout.total, duration);

  const paragraphStarts = layout.paragraphPositions.map((positions) =>
    positions.map((p) => interpolate(fixed, p)),
  );
  const turnStarts = new Float64Array(turns.length);
  const turnExact: boolean[] = [];
  turns.forEach((t, i) => {
    turnStarts[i] = paragraphStarts[i]?.[0] ?? (i > 0 ? turnStarts[i - 1]! : 0);
    // Exact only where the episode's time survived: a reader's sync point can overrule it.
    turnExact.push(
      t.start !== undefined && Math.abs(turnStarts[i]! - t.start) <= 1e-9 * Math.max(1, t.start),
    );
  });
  return { duration, durationKnown, turnStarts, turnExact, paragraphStarts };
}

/**
 * Keeps the anchors that agree with each other (later text, later time) and fall within the duration,
 * dropping the lowest-priority ones first.
 */
function consistentKnots(knots: Knot[], duration: number): Knot[] {
  const byPriority = [...knots].sort((a, b) => b.priority - a.priority || a.position - b.position);
  // `kept` stays sorted by position and increasing in time, so a new knot only has to agree with its neighbours.
  const kept: Knot[] = [];
  for (const k of byPriority) {
    if (k.time > duration) continue;
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid]!.position < k.position) lo = mid + 1;
      else hi = mid;
    }
    const before = kept[lo - 1];
    const at = kept[lo];
    if (at && at.position === k.position) continue;
    if ((before && before.time > k.time) || (at && at.time < k.time)) continue;
    kept.splice(lo, 0, k);
  }
  return kept;
}

/** Adds the episode's start (0) and end (the duration) to the anchors, where they don't already fix them. */
function withEnds(knots: Knot[], total: number, duration: number): Knot[] {
  const kept = [...knots];
  const first = kept[0];
  if (!first || first.position > 0) kept.unshift({ position: 0, time: 0, priority: 0 });
  const last = kept[kept.length - 1]!;
  if (last.position < total) kept.push({ position: total, time: Math.max(duration, last.time), priority: 0 });
  return kept;
}

function interpolate(knots: Knot[], position: number): number {
  let lo = 0;
  let hi = knots.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (knots[mid]!.position <= position) lo = mid;
    else hi = mid;
  }
  const a = knots[lo]!;
  const b = knots[hi]!;
  if (b.position === a.position) return a.time;
  const f = Math.min(1, Math.max(0, (position - a.position) / (b.position - a.position)));
  return a.time + f * (b.time - a.time);
}

/**
 * Index of the last start at or before `time` (binary search), or -1 when `time` is before the first.
 * Starts must be non-decreasing.
 */
export function findActive(starts: ArrayLike<number>, time: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= time) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Each speaker's share of the talk time on a timeline (0..1), and number of turns. */
export function speakerShares(
  turns: readonly Pick<Turn, 'speaker'>[],
  timeline: Pick<Timeline, 'turnStarts' | 'duration'>,
): Map<string, { turns: number; share: number }> {
  const stats = new Map<string, { turns: number; seconds: number }>();
  let total = 0;
  turns.forEach((t, i) => {
    const start = timeline.turnStarts[i] ?? 0;
    const end =
      i + 1 < turns.length ? (timeline.turnStarts[i + 1] ?? start) : Math.max(start, timeline.duration);
    const s = stats.get(t.speaker) ?? { turns: 0, seconds: 0 };
    s.turns++;
    s.seconds += Math.max(0, end - start);
    total += Math.max(0, end - start);
    stats.set(t.speaker, s);
  });
  return new Map(
    [...stats].map(([id, s]) => [id, { turns: s.turns, share: total > 0 ? s.seconds / total : 0 }]),
  );
}
