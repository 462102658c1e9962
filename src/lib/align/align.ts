import { chanceDistance, diagonalWindow, repair, windowedDtw, type WarpPath } from './dtw.ts';
import { normalize, pool, type Features } from './features.ts';

/** A stretch of the synthesized script: one paragraph of one turn, at `frame` for `frames` frames. */
export interface ScriptUnit {
  turn: number;
  paragraph: number;
  frame: number;
  frames: number;
}

export interface AlignOptions {
  /** Script frames pooled into one for the first, coarse pass. @default 20 */
  coarseFactor?: number;
  /** How far (seconds) the coarse pass may stray from the straight line; at least this, or a fifth of the length. @default 90 */
  bandSeconds?: number;
  /** Seconds either side of the coarse path the fine pass searches. @default 2 */
  fineRadius?: number;
}

export interface UnitResult {
  /** Seconds into the recording. */
  start: number;
  /** 0..1: how sure the alignment is of this start. */
  confidence: number;
  /** Seconds between the starts the independent voices found: small when the words are really there. */
  disagreement: number;
  /** Recording seconds the unit's beginning took, over the synthesized seconds. */
  pace: number;
  /** Correlation of the unit's speech with the recording under a stiff warp: near 0 when unrelated. */
  match: number;
}

export interface AlignResult {
  units: UnitResult[];
  /** Share of the units whose voices agree: low when the audio is not a recording of this transcript. */
  agreement: number;
  /** Median of the units' `match`: near 0.1 when the audio is not a recording of this transcript. */
  match: number;
  /** DTW cells computed in the coarse and fine passes, summed over the voices. */
  cells: { coarse: number; fine: number };
}

/** Seconds of a unit's beginning that its pace is judged on. */
const JUDGED = 8;
/** Voices closer than this (seconds) agree. */
const AGREE = 0.35;
/** A unit whose recording span is this many times its spoken length has swallowed other sound. */
const STRETCHED = 3;
/** Passing over audio that is not in the transcript costs this share of the distance between unrelated frames. */
const SKIP = 0.85;

/** One unit as placed by one voice. */
interface Placement {
  match: number;
  start: number;
  pace: number;
  frames: number;
}

/**
 * Aligns the recording to the same transcript spoken by two or more different synthetic voices (scripts),
 * each with its own units. Where the voices find the same start, the words are there; where they disagree,
 * the path was bent by unrelated sound (music, an ad, another recording) and the unit gets a low confidence.
 * The features are normalized in place.
 */
export function alignFeatures(
  scripts: readonly { features: Features; units: readonly ScriptUnit[] }[],
  recording: Features,
  options: AlignOptions = {},
): AlignResult {
  normalize(recording);
  const onsets = recording.speech ? speechActivity(recording.speech, recording.hop) : null;
  const cells = { coarse: 0, fine: 0 };
  const placements = scripts.map(({ features, units }) => {
    const path = alignPath(features, recording, options);
    cells.coarse += path.coarseCells;
    cells.fine += path.cells;
    return units.map((u) => place(features, recording, path, u));
  });
  const count = placements[0]?.length ?? 0;
  let agreeing = 0;
  const units = Array.from({ length: count }, (_, k) => {
    const all = placements.map((p) => p[k]!);
    const starts = all.map((p) => p.start);
    const disagreement = Math.max(...starts) - Math.min(...starts);
    if (disagreement <= AGREE) agreeing++;
    // Voices that disagree: trust the one whose words fit the sound better under the stiff warp.
    const best = all.reduce((a, p) => (p.match > a.match ? p : a));
    const start = disagreement <= AGREE ? starts.reduce((a, b) => a + b, 0) / starts.length : best.start;
    const pace = all[0]!.pace;
    const refined = onsets
      ? snapToOnset(onsets, start / recording.hop, recording.hop) * recording.hop
      : start;
    const match = all.reduce((a, p) => a + p.match, 0) / all.length;
    return {
      start: refined,
      disagreement,
      pace,
      match,
      confidence: confidenceOf(disagreement, pace, all[0]!.frames, match),
    };
  });
  const matches = units.map((u) => u.match).sort((a, b) => a - b);
  const match = matches.length ? matches[matches.length >> 1]! : 0;
  return { units, agreement: count ? agreeing / count : 0, match, cells };
}

/** The two-pass DTW path of one script through the recording. */
function alignPath(
  script: Features,
  recording: Features,
  options: AlignOptions,
): WarpPath & { coarseCells: number } {
  normalize(script);
  const factor = options.coarseFactor ?? 20;
  const coarseScript = pool(script, factor);
  const coarseRecording = pool(recording, factor);
  const longest = Math.max(script.frames * script.hop, recording.frames * recording.hop);
  const band = Math.max(options.bandSeconds ?? 90, longest / 5) / coarseRecording.hop;
  const coarse = windowedDtw(
    coarseScript,
    coarseRecording,
    diagonalWindow(coarseScript.frames, coarseRecording.frames, band),
    0,
    SKIP * chanceDistance(coarseScript, coarseRecording),
  );
  const radius = Math.round((options.fineRadius ?? 2) / recording.hop);
  const lo = new Int32Array(script.frames);
  const hi = new Int32Array(script.frames);
  for (let i = 0; i < script.frames; i++) {
    const c = Math.min(Math.floor(i / factor), coarse.first.length - 1);
    lo[i] = Math.max(0, coarse.first[c]! * factor - radius);
    hi[i] = Math.min(recording.frames, (coarse.last[c]! + 1) * factor + radius);
  }
  const path = windowedDtw(
    script,
    recording,
    repair({ lo, hi }, recording.frames),
    0,
    SKIP * chanceDistance(script, recording),
  );
  return { ...path, coarseCells: coarse.cells };
}

function place(script: Features, recording: Features, path: WarpPath, unit: ScriptUnit): Placement {
  const from = Math.min(unit.frame, script.frames - 1);
  const to = Math.min(
    script.frames,
    from + Math.max(1, Math.min(unit.frames, Math.round(JUDGED / script.hop))),
  );
  const spanFrom = path.first[from]!;
  const spanTo = Math.max(spanFrom + 1, path.last[to - 1]! + 1);
  const pace = (recording.hop * (spanTo - spanFrom)) / (script.hop * (to - from));
  // Stretched beyond belief: the unit swallowed sound it has no words for (music, an ad), before or after its
  // words; they are at whichever end of the stretch they sound more like, spoken at their own pace. Such a
  // unit is never confident; this only improves the estimate.
  const spoken = Math.round(((to - from) * script.hop) / recording.hop);
  let start = spanFrom;
  let match = contrast(script, recording, path, from, to);
  if (pace > STRETCHED) {
    const tail = Math.max(spanFrom, spanTo - spoken);
    const atHead = straightSimilarity(script, recording, from, to, spanFrom);
    const atTail = straightSimilarity(script, recording, from, to, tail);
    start = atHead > atTail ? spanFrom : tail;
    // The bent path says little here; how well the words fit where they were put says more.
    match = Math.max(atHead, atTail);
  }
  return {
    start: start * recording.hop,
    pace,
    frames: unit.frames,
    match,
  };
}

/**
 * The similarity at the place found, less the similarity a little earlier and later: what speech and silence
 * have in common anywhere cancels out, what these words have in common with this moment remains.
 */
function contrast(script: Features, recording: Features, path: WarpPath, from: number, to: number): number {
  const here = similarity(script, recording, path, from, to);
  let around = 0;
  for (const shift of [-60, -30, 30, 60]) around += similarity(script, recording, path, from, to, shift) / 4;
  return here - around;
}

/** How alike script frames `[from, to)` and the recording from frame `at` on are, matched frame for frame. */
function straightSimilarity(
  script: Features,
  recording: Features,
  from: number,
  to: number,
  at: number,
): number {
  const dims = script.dims;
  let sum = 0;
  let n = 0;
  for (let i = from; i < to && at + i - from < recording.frames; i++) {
    const j = at + i - from;
    let dot = 0;
    for (let d = 1; d < dims; d++) dot += script.data[i * dims + d]! * recording.data[j * dims + d]!;
    sum += dot / (dims - 1);
    n++;
  }
  return n ? sum / n : 0;
}

/** Knots of the stiff warp used to check a unit: one a second. */
const KNOT = 50;

/**
 * How alike the unit's speech and the recording are under a stiff warp (straight between knots a second
 * apart on the path): mean correlation of the features. The DTW path can bend unrelated speech into a fair
 * match frame by frame; a warp this stiff cannot, so unrelated audio scores near 0 and the right words well above.
 */
function similarity(
  script: Features,
  recording: Features,
  path: WarpPath,
  from: number,
  to: number,
  shift = 0,
): number {
  const dims = script.dims;
  let sum = 0;
  let n = 0;
  for (let k = from; k < to; k += KNOT) {
    const end = Math.min(to - 1, k + KNOT);
    const a = path.first[k]!;
    const b = path.first[end]!;
    for (let i = k; i < end; i++) {
      const j = Math.min(
        recording.frames - 1,
        Math.max(0, shift + Math.round(a + ((b - a) * (i - k)) / Math.max(1, end - k))),
      );
      let dot = 0;
      for (let d = 1; d < dims; d++) dot += script.data[i * dims + d]! * recording.data[j * dims + d]!;
      sum += dot / (dims - 1);
      n++;
    }
  }
  return n ? sum / n : 0;
}

/**
 * 0..1 from how far apart the voices placed the start, whether the pace is plausible (a unit squeezed or
 * stretched more than 2× was bent into place) and how long the unit is (a word or two is easily misplaced).
 */
export function confidenceOf(disagreement: number, pace: number, frames: number, match = 1): number {
  const agree = Math.max(0, 1 - (disagreement / 0.5) ** 2);
  const stretch = Math.abs(Math.log(Math.max(pace, 1e-3)));
  const paceScore = Math.min(1, Math.max(0, (Math.log(4) - stretch) / Math.log(2)));
  const length = Math.min(1, frames / 25);
  // Unrelated speech scores about 0.1 under the stiff warp (the knots still pick the best second); the right
  // words score 0.15 (spontaneous human speech) to 0.7 (a synthetic voice).
  const alike = Math.min(1, Math.max(0, (match - 0.05) / 0.1));
  return agree * paceScore * alike * (0.6 + 0.4 * length);
}

/** Seconds of audio whose speech-band levels set the local noise floor and speech level. */
const LEVEL_BLOCK = 10;
/** Speech is this share of the way from the local noise floor to the local speech level, and at least 6 dB above the floor. */
const LEVEL_SHARE = 0.2;
const LEVEL_MIN = Math.log(4);
/** A run of speech lasts at least this long (seconds): a click or a smack is not a word. */
const MIN_RUN = 0.1;
/** Dips shorter than this (seconds) inside a word do not end it. */
const BRIDGE = 0.08;
/** How far (seconds) a start in a pause may move forward to the words, and a start in speech back to its onset. */
const SNAP_FORWARD = 1;
const SNAP_BACK = 0.2;

/**
 * Which frames of the recording carry speech, from the speech-band energy against the local noise floor
 * (each block of `LEVEL_BLOCK` seconds has its own, so a quieter speaker or microphone is judged on its own level).
 */
export function speechActivity(speech: Float32Array, hop: number): Uint8Array {
  const frames = speech.length;
  const active = new Uint8Array(frames);
  const block = Math.max(1, Math.round(LEVEL_BLOCK / hop));
  for (let from = 0; from < frames; from += block) {
    // The last block takes in a short remainder rather than judging it alone.
    const to = frames - (from + block) < block / 2 ? frames : Math.min(frames, from + block);
    const sorted = speech.slice(from, to).sort();
    const floor = sorted[Math.floor(sorted.length * 0.1)]!;
    const loud = sorted[Math.floor(sorted.length * 0.95)]!;
    const threshold = floor + Math.max(LEVEL_MIN, LEVEL_SHARE * (loud - floor));
    for (let f = from; f < to; f++) active[f] = speech[f]! > threshold ? 1 : 0;
    if (to === frames) break;
  }
  // Drop single-frame clicks, bridge short dips, then drop runs too short to be words.
  for (let f = 0; f < frames; f++) {
    if (active[f] && !active[f - 1] && !active[f + 1]) active[f] = 0;
  }
  const bridge = Math.round(BRIDGE / hop);
  let lastOn = -Infinity;
  for (let f = 0; f < frames; f++) {
    if (!active[f]) continue;
    if (f - lastOn > 1 && f - lastOn <= bridge + 1) active.fill(1, lastOn + 1, f);
    lastOn = f;
  }
  const minRun = Math.round(MIN_RUN / hop);
  for (let f = 0; f < frames;) {
    if (!active[f]) {
      f++;
      continue;
    }
    let end = f;
    while (end < frames && active[end]) end++;
    if (end - f < minRun) active.fill(0, f, end);
    f = end;
  }
  return active;
}

/**
 * Moves a start (in frames) to where the speech really begins: a start the path put in a pause or on a
 * breath, a smack or rumble before the words moves forward to the words (at most `SNAP_FORWARD` seconds); a
 * start a little inside the words moves back to their onset (at most `SNAP_BACK`). Otherwise it stays.
 */
export function snapToOnset(active: Uint8Array, start: number, hop = 0.02): number {
  const j = Math.min(active.length - 1, Math.max(0, Math.round(start)));
  if (j < 0) return start;
  if (active[j]) {
    let f = j;
    const limit = j - Math.round(SNAP_BACK / hop);
    while (f > 0 && active[f - 1] && f - 1 >= limit) f--;
    return f > 0 && active[f - 1] ? start : f;
  }
  const limit = Math.min(active.length, j + Math.round(SNAP_FORWARD / hop) + 1);
  for (let f = j + 1; f < limit; f++) if (active[f]) return f;
  return start;
}
