import { finish } from '../steps.ts';
import type { AnchorSource, TimeAnchor, Turn } from '../episode/types.ts';
import { markdownToPlain } from '../episode/text.ts';

/** Speaking rate used when neither the audio nor the episode says how long it is. */
export const WORDS_PER_MINUTE = 150;

/** How much of the episode's time a piece of text takes, relative to other text. */
export type Weigher = (plainText: string) => number;

/** The baseline: time is proportional to the number of characters. */
export const byCharacters: Weigher = (text) => Math.max(1, text.length);

/**
 * How text becomes time. Measured on real timed transcripts with `hark timing-eval`; docs/timing.md says
 * what each choice did.
 */
export interface TimingModel {
  /** Weight of a paragraph's plain text. */
  weigh: Weigher;
  /** Extra weight after each turn, in the weigher's units: turn-taking takes time that letters don't show. */
  turnOverhead: number;
  /**
   * Where a reader's "this turn is playing now" lands within the turn: at its start; in its middle; or
   * "minimal", the smallest change to the estimate that makes the turn active at that moment.
   */
  syncPlacement: 'start' | 'middle' | 'minimal';
  /** Learn each speaker's pace from the anchors: 0 off; larger lets the anchors pull harder. */
  speakerRates: number;
  /**
   * With "minimal" placement, how far (as a share of the turn) a sync keeps from the turn's edges, so the
   * turn the reader synced stays active for a while rather than ending at once.
   */
  syncMargin: number;
  /** Seconds of intro (music, silence) assumed before the first word, when no anchor says otherwise. */
  introSeconds: number;
}

export const BASELINE_MODEL: TimingModel = {
  weigh: byCharacters,
  turnOverhead: 0,
  syncPlacement: 'start',
  speakerRates: 0,
  syncMargin: 0,
  introSeconds: 0,
};

/** Letters and digits only: punctuation and spaces are not spoken. */
export const byLetters: Weigher = (text) => Math.max(1, text.replace(/[^\p{L}\p{N}]/gu, '').length);

/**
 * The model the app uses: the best on the development set (docs/timing.md), with no constant tuned per file.
 * About 12 letters' worth of time per turn change, syncs placed minimally but not at a turn's very edge, and
 * each speaker's pace learned from the anchors.
 */
export const DEFAULT_MODEL: TimingModel = {
  weigh: byLetters,
  turnOverhead: 12,
  syncPlacement: 'minimal',
  speakerRates: 10,
  syncMargin: 0.2,
  introSeconds: 0,
};

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

const PRIORITY: Record<AnchorSource | 'exact', number> = {
  user: 3,
  exact: 2,
  transcript: 2,
  audio: 2,
  marker: 1,
};

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
  model: Weigher | Partial<TimingModel> = DEFAULT_MODEL,
): TextLayout {
  return finish(layoutSteps(turns, model));
}

/** `layoutText` a slice at a time: it yields after every 256 turns, so a caller can let the page breathe. */
export function* layoutSteps(
  turns: readonly Pick<Turn, 'paragraphs'>[],
  model: Weigher | Partial<TimingModel> = DEFAULT_MODEL,
): Generator<void, TextLayout, void> {
  const weigh = typeof model === 'function' ? model : (model.weigh ?? DEFAULT_MODEL.weigh);
  const overhead = typeof model === 'function' ? 0 : (model.turnOverhead ?? DEFAULT_MODEL.turnOverhead);
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
    if (turn.paragraphs.length) position += overhead;
    if (paragraphPositions.length % 256 === 0) yield;
  }
  return { paragraphPositions, paragraphWeights, paragraphLengths, total: position, words };
}

export interface TimelineOptions {
  /** The audio's duration in seconds, once known; else the episode's declared duration. */
  duration?: number | undefined;
  /** The episode's anchors and the reader's sync anchors together. */
  anchors?: readonly TimeAnchor[];
  /** Must be the model the layout was made with. */
  model?: Partial<TimingModel> | undefined;
}

/**
 * Gives every turn and paragraph a start time: exact where the episode knows it, otherwise an estimate from
 * the text, spread over the duration and bent through every anchor (piecewise linear between them).
 */
export function buildTimeline(
  turns: readonly (Pick<Turn, 'paragraphs' | 'start'> & { speaker?: string })[],
  layout: TextLayout,
  options: TimelineOptions = {},
): Timeline {
  const first = solveTimeline(turns, layout, options);
  const strength = options.model?.speakerRates ?? DEFAULT_MODEL.speakerRates;
  if (!strength || first.knots.length < 3 || !turns.some((t) => t.speaker !== undefined))
    return first.timeline;
  // With anchors inside the episode, learn each speaker's pace from them, then estimate again.
  const rated = rateLayout(turns, layout, first.knots, first.timeline.duration, strength, turnEnds(layout));
  return rated ? solveTimeline(turns, rated, options).timeline : first.timeline;
}

function solveTimeline(
  turns: readonly Pick<Turn, 'paragraphs' | 'start'>[],
  layout: TextLayout,
  options: TimelineOptions,
): { timeline: Timeline; knots: Knot[] } {
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
  const placement = options.model?.syncPlacement ?? DEFAULT_MODEL.syncPlacement;
  const syncMargin = options.model?.syncMargin ?? DEFAULT_MODEL.syncMargin;
  const syncs: TimeAnchor[] = [];
  for (const a of options.anchors ?? []) {
    if (!Number.isFinite(a.time) || a.time < 0) continue;
    // A reader's sync names a turn, not a point in it: placed below, once the other anchors are known.
    if (a.source === 'user' && a.paragraph === undefined && a.offset === undefined && placement !== 'start') {
      if (layout.paragraphPositions[a.turn]?.length) syncs.push(a);
      continue;
    }
    const position = positionOf(a.turn, a.paragraph ?? 0, a.offset ?? 0);
    if (position !== undefined) knots.push({ position, time: a.time, priority: PRIORITY[a.source] });
  }
  if (syncs.length) {
    const durationGuess = durationKnown ? options.duration! : guessed;
    const ends = turnEnds(layout);
    // The estimate so far, kept up to date as each sync is placed (not rebuilt: that made n syncs cost n²).
    const base = withEnds(consistentKnots(knots, durationGuess), layout.total, durationGuess);
    for (const a of [...syncs].sort((x, y) => x.time - y.time)) {
      const start = layout.paragraphPositions[a.turn]![0]!;
      const end = ends[a.turn]!;
      let position: number;
      if (placement === 'middle') position = (start + end) / 2;
      else {
        // Where the estimate so far puts this moment, moved just enough to fall inside the turn.
        const now = positionAt(base, a.time);
        const margin = (end - start) * syncMargin;
        position = Math.min(Math.max(now, start + margin), end - Math.max(margin, (end - start) * 0.001));
      }
      const knot = { position, time: a.time, priority: PRIORITY.user };
      knots.push(knot);
      if (a.time <= durationGuess) insertKnot(base, knot);
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
  const intro = Math.min(options.model?.introSeconds ?? DEFAULT_MODEL.introSeconds, duration * 0.05);
  const fixed = withEnds(kept, layout.total, duration, intro);

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
  return { timeline: { duration, durationKnown, turnStarts, turnExact, paragraphStarts }, knots: fixed };
}

/** For each turn, where the next turn with text starts (or the end of the text): where this turn ends. */
function turnEnds(layout: TextLayout): Float64Array {
  const n = layout.paragraphPositions.length;
  const ends = new Float64Array(n);
  let next = layout.total;
  for (let i = n - 1; i >= 0; i--) {
    ends[i] = next;
    const start = layout.paragraphPositions[i]![0];
    if (start !== undefined) next = start;
  }
  return ends;
}

/**
 * Adds a knot to knots sorted by position and increasing in time, as `consistentKnots` would have: it is left
 * out when it disagrees with a knot of its priority or higher, and lower-priority knots that disagree with it go.
 */
function insertKnot(kept: Knot[], k: Knot): void {
  let lo = 0;
  let hi = kept.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (kept[mid]!.position < k.position) lo = mid + 1;
    else hi = mid;
  }
  let from = lo;
  while (from > 0 && kept[from - 1]!.time > k.time) {
    if (kept[from - 1]!.priority >= k.priority) return;
    from--;
  }
  let to = lo;
  while (to < kept.length && (kept[to]!.position === k.position || kept[to]!.time < k.time)) {
    if (kept[to]!.priority >= k.priority) return;
    to++;
  }
  kept.splice(from, to - from, k);
}

/** Above this many speakers, the ones with the least text share one pace: the fit is cubic in speakers. */
const MAX_RATED_SPEAKERS = 32;

/**
 * Each speaker's pace (seconds per unit of weight), fitted to the time between consecutive anchors and pulled
 * towards the episode's average pace (ridge regression; `strength` is how far the data may pull), returned as a
 * layout whose weights are scaled by it. Null when there is nothing to learn.
 */
function rateLayout(
  turns: readonly { speaker?: string }[],
  layout: TextLayout,
  knots: Knot[],
  duration: number,
  strength: number,
  ends: Float64Array,
): TextLayout | null {
  const textWeight = new Map<string, number>();
  turns.forEach((t, i) => {
    const w = (layout.paragraphWeights[i] ?? []).reduce((a, b) => a + b, 0);
    textWeight.set(t.speaker ?? '', (textWeight.get(t.speaker ?? '') ?? 0) + w);
  });
  const speakers = [...textWeight.keys()];
  if (speakers.length < 1) return null;
  const ranked = [...speakers].sort((a, b) => textWeight.get(b)! - textWeight.get(a)!);
  const index = new Map(ranked.map((s, i) => [s, Math.min(i, MAX_RATED_SPEAKERS - 1)]));
  const n = Math.min(speakers.length, MAX_RATED_SPEAKERS);
  // Each turn's span of weight, [start, end), including its turn-taking overhead.
  const spans: [number, number, number][] = [];
  const spanOfTurn = new Int32Array(turns.length).fill(-1);
  turns.forEach((t, i) => {
    const start = layout.paragraphPositions[i]?.[0];
    if (start === undefined) return;
    spanOfTurn[i] = spans.length;
    spans.push([start, ends[i]!, index.get(t.speaker ?? '')!]);
  });
  const rows: { weights: Float64Array; seconds: number }[] = [];
  // Knots and spans are both in text order: one sweep finds the spans between each pair of knots.
  let first = 0;
  for (let k = 0; k + 1 < knots.length; k++) {
    const a = knots[k]!;
    const b = knots[k + 1]!;
    if (b.position <= a.position) continue;
    const weights = new Float64Array(n);
    while (first < spans.length && spans[first]![1] <= a.position) first++;
    for (let i = first; i < spans.length && spans[i]![0] < b.position; i++) {
      const [s, e, who] = spans[i]!;
      const overlap = Math.min(e, b.position) - Math.max(s, a.position);
      if (overlap > 0) weights[who]! += overlap;
    }
    rows.push({ weights, seconds: b.time - a.time });
  }
  if (rows.length < 2) return null;
  const pace = duration / Math.max(1e-9, layout.total);
  if (!(pace > 0) || !Number.isFinite(pace)) return null;
  const totals = new Float64Array(n);
  for (const r of rows) for (let s = 0; s < n; s++) totals[s]! += r.weights[s]!;
  // Normal equations (AᵀA + λD) x = Aᵀy + λD·pace, with D the speakers' squared weight.
  const m = Array.from({ length: n }, () => new Float64Array(n + 1));
  for (const r of rows) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) m[i]![j]! += r.weights[i]! * r.weights[j]!;
      m[i]![n]! += r.weights[i]! * r.seconds;
    }
  }
  const lambda = 1 / strength;
  for (let i = 0; i < n; i++) {
    const d = lambda * totals[i]! * totals[i]!;
    m[i]![i]! += d + 1e-12;
    m[i]![n]! += d * pace;
  }
  const x = solveLinear(m);
  if (!x || !x.every(Number.isFinite)) return null;
  // Keep paces sensible: a speaker is not three times faster or slower than the episode.
  const scale = x.map((v) => Math.min(3, Math.max(1 / 3, v / pace)));
  const paragraphPositions: number[][] = [];
  const paragraphWeights: number[][] = [];
  let position = 0;
  turns.forEach((t, i) => {
    const f = scale[index.get(t.speaker ?? '')!]!;
    const positions: number[] = [];
    const weights: number[] = [];
    const span = spanOfTurn[i] === -1 ? undefined : spans[spanOfTurn[i]!];
    for (const w of layout.paragraphWeights[i] ?? []) {
      positions.push(position);
      weights.push(w * f);
      position += w * f;
    }
    if (span && positions.length) {
      const textWeight = (layout.paragraphWeights[i] ?? []).reduce((a, b) => a + b, 0);
      position += Math.max(0, span[1] - span[0] - textWeight) * f;
    }
    paragraphPositions.push(positions);
    paragraphWeights.push(weights);
  });
  return { ...layout, paragraphPositions, paragraphWeights, total: position };
}

/** Gaussian elimination with partial pivoting on an augmented n×(n+1) matrix; null if singular. */
function solveLinear(m: Float64Array[]): number[] | null {
  const n = m.length;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    if (Math.abs(m[pivot]![c]!) < 1e-15) return null;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
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
function withEnds(knots: Knot[], total: number, duration: number, intro = 0): Knot[] {
  const kept = [...knots];
  const first = kept[0];
  if (!first || first.position > 0) {
    kept.unshift({ position: 0, time: first ? Math.min(intro, first.time) : intro, priority: 0 });
  }
  const last = kept[kept.length - 1]!;
  if (last.position < total) kept.push({ position: total, time: Math.max(duration, last.time), priority: 0 });
  return kept;
}

/** The inverse of `interpolate`: where in the text the timeline is at `time`. */
function positionAt(knots: Knot[], time: number): number {
  let lo = 0;
  let hi = knots.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (knots[mid]!.time <= time) lo = mid;
    else hi = mid;
  }
  const a = knots[lo]!;
  const b = knots[hi]!;
  if (b.time === a.time) return a.position;
  const f = Math.min(1, Math.max(0, (time - a.time) / (b.time - a.time)));
  return a.position + f * (b.position - a.position);
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
