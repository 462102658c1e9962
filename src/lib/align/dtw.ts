import type { Features } from './features.ts';

/**
 * Per row `i` of the script, the columns `[lo[i], hi[i])` of the recording the path may visit. Both bounds
 * never decrease, the first row starts at column 0 and the last ends at the last column.
 */
export interface Window {
  lo: Int32Array;
  hi: Int32Array;
}

/** Where the path goes: for each script frame, the first and last recording frame it is matched with. */
export interface WarpPath {
  first: Int32Array;
  last: Int32Array;
  /** Cells the DTW computed (its memory is one byte per cell). */
  cells: number;
  /** Summed distance along the path, and the number of cells on it. */
  cost: number;
  length: number;
}

/** Euclidean distance between frame `i` of `a` and frame `j` of `b`. */
export function distance(a: Features, i: number, b: Features, j: number): number {
  const dims = a.dims;
  let sum = 0;
  const ai = i * dims;
  const bj = j * dims;
  for (let d = 0; d < dims; d++) {
    const x = a.data[ai + d]! - b.data[bj + d]!;
    sum += x * x;
  }
  return Math.sqrt(sum);
}

/** The mean distance between unrelated frames of two recordings (a fixed sample of pairs). */
export function chanceDistance(a: Features, b: Features, pairs = 2000): number {
  if (a.frames === 0 || b.frames === 0) return 0;
  let sum = 0;
  for (let k = 0; k < pairs; k++) {
    const i = (Math.imul(k + 1, 2654435761) >>> 0) % a.frames;
    const j = (Math.imul(k + 7, 2246822519) >>> 0) % b.frames;
    sum += distance(a, i, b, j);
  }
  return sum / pairs;
}

/** A band of half-width `radius` recording frames around the straight line from the first to the last cell. */
export function diagonalWindow(rows: number, columns: number, radius: number): Window {
  const lo = new Int32Array(rows);
  const hi = new Int32Array(rows);
  const slope = rows > 1 ? (columns - 1) / (rows - 1) : 0;
  for (let i = 0; i < rows; i++) {
    const centre = i * slope;
    lo[i] = Math.max(0, Math.floor(centre - radius));
    hi[i] = Math.min(columns, Math.ceil(centre + radius) + 1);
  }
  return repair({ lo, hi }, columns);
}

/** Makes a window usable: monotone bounds that overlap from row to row, from the first cell to the last. */
export function repair(window: Window, columns: number): Window {
  const { lo, hi } = window;
  const rows = lo.length;
  if (rows === 0) return window;
  lo[0] = 0;
  hi[rows - 1] = columns;
  for (let i = 1; i < rows; i++) lo[i] = Math.max(lo[i]!, lo[i - 1]!);
  for (let i = rows - 2; i >= 0; i--) hi[i] = Math.min(Math.max(hi[i]!, 1), hi[i + 1]!);
  for (let i = 0; i < rows; i++) {
    lo[i] = Math.min(lo[i]!, columns - 1);
    // A step goes right, down or diagonally: each row must start no further right than the row above ends.
    if (i > 0 && lo[i]! > hi[i - 1]!) lo[i] = hi[i - 1]!;
    if (hi[i]! <= lo[i]!) hi[i] = lo[i]! + 1;
  }
  for (let i = rows - 2; i >= 0; i--) hi[i] = Math.min(hi[i]!, hi[i + 1]!);
  return window;
}

const DIAGONAL = 0;
const DOWN = 1;
const RIGHT = 2;

/**
 * Dynamic time warping of the script (rows) against the recording (columns) inside a window: memory is one
 * byte per cell of the window plus two rows of costs, so it grows with length × band, never length².
 */
export function windowedDtw(
  script: Features,
  recording: Features,
  window: Window,
  /** Added to the cost of every step that holds one side still: less freedom to bend unrelated sounds into a match. */
  penalty = 0,
  /**
   * The most a recording frame the script holds still over may cost: audio that is not in the transcript
   * (music, an ad, an intro) is passed over at this price instead of being bent onto nearby words.
   */
  skip = Infinity,
): WarpPath {
  const rows = script.frames;
  const { lo, hi } = window;
  const offsets = new Float64Array(rows + 1);
  let width = 0;
  for (let i = 0; i < rows; i++) {
    offsets[i + 1] = offsets[i]! + (hi[i]! - lo[i]!);
    width = Math.max(width, hi[i]! - lo[i]!);
  }
  const cells = offsets[rows]!;
  const steps = new Uint8Array(cells);
  let previous = new Float64Array(width);
  let current = new Float64Array(width);
  for (let i = 0; i < rows; i++) {
    const from = lo[i]!;
    const to = hi[i]!;
    const base = offsets[i]!;
    const prevFrom = i > 0 ? lo[i - 1]! : 0;
    const prevTo = i > 0 ? hi[i - 1]! : 0;
    for (let j = from; j < to; j++) {
      const d = distance(script, i, recording, j);
      let best = Infinity;
      let step = DIAGONAL;
      if (i === 0 && j === 0) best = 0;
      if (i > 0 && j - 1 >= prevFrom && j - 1 < prevTo) {
        best = previous[j - 1 - prevFrom]!;
        step = DIAGONAL;
      }
      if (i > 0 && j >= prevFrom && j < prevTo && previous[j - prevFrom]! + penalty < best) {
        best = previous[j - prevFrom]! + penalty;
        step = DOWN;
      }
      let total = best + d;
      const passed = j > from ? current[j - 1 - from]! + penalty + Math.min(d, skip) : Infinity;
      if (passed < total) {
        total = passed;
        step = RIGHT;
      }
      current[j - from] = total;
      steps[base + j - from] = step;
    }
    [previous, current] = [current, previous];
  }
  let j = recording.frames - 1;
  const cost = previous[j - lo[rows - 1]!]!;
  const first = new Int32Array(rows).fill(-1);
  const last = new Int32Array(rows).fill(-1);
  let i = rows - 1;
  let length = 0;
  while (i >= 0 && j >= 0) {
    length++;
    if (last[i] === -1) last[i] = j;
    first[i] = j;
    if (i === 0 && j === 0) break;
    const step = steps[offsets[i]! + j - lo[i]!];
    if (step === DIAGONAL) {
      i--;
      j--;
    } else if (step === DOWN) i--;
    else j--;
  }
  return { first, last, cells, cost, length };
}
