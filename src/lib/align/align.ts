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
    const match = all.reduce((a, p) => a + p.match, 0) / all.length;
    return {
      start,
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
  // Stretched beyond belief: the unit swallowed sound it has no words for (music before it), so its words are
  // most likely at the end of the stretch. Such a unit is never confident; this only improves the estimate.
  const spoken = Math.round(((to - from) * script.hop) / recording.hop);
  const start = pace > STRETCHED ? Math.max(spanFrom, spanTo - spoken) : spanFrom;
  return {
    start: start * recording.hop,
    pace,
    frames: unit.frames,
    match: contrast(script, recording, path, from, to),
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
