/**
 * The word being spoken, where an episode knows when its words are spoken (`Turn.words`). Pure: the app's
 * highlight (components/word-highlight.ts) asks `wordSpan` only when the time leaves the last span it got,
 * so a frame costs two comparisons.
 */
import { isSpaceCode } from '../episode/scan.ts';
import { markdownToPlain } from '../episode/text.ts';
import type { Turn } from '../episode/types.ts';
import { findActive } from './timeline.ts';

/** How long a word without an end is taken to last at most, seconds. */
const LONGEST_WORD = 2;
/** A pause between two words shorter than this keeps the first one marked (no flicker between words). */
const SHORT_PAUSE = 0.25;

/** Every timed word of an episode, in order of time. */
export interface WordIndex {
  readonly length: number;
  /** When each word starts, seconds, non-decreasing. */
  readonly starts: Float64Array;
  /** Until when each word is the one being spoken (never after the next word's start). */
  readonly untils: Float64Array;
  readonly turns: Int32Array;
  readonly paragraphs: Int32Array;
  /**
   * Where the word is in its paragraph, counted in characters that are not white space: the same count in
   * the plain text and in the rendered paragraph, whatever white space markdown rendering keeps.
   */
  readonly inkFrom: Int32Array;
  readonly inkTo: Int32Array;
  /** The word as the plain text has it, without white space: what the rendered range must read. */
  text(word: number): string;
}

/** Characters that are not white space in `text` before each position: `counts[i]` for `text.slice(0, i)`. */
export function inkCounts(text: string): Int32Array {
  const counts = new Int32Array(text.length + 1);
  for (let i = 0; i < text.length; i++)
    counts[i + 1] = counts[i]! + (isSpaceCode(text.charCodeAt(i)) ? 0 : 1);
  return counts;
}

function withoutSpace(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) if (!isSpaceCode(text.charCodeAt(i))) out += text[i];
  return out;
}

/**
 * The word index of an episode's turns; empty when no turn has word times. Linear in the number of words
 * (plus a sort when turns overlap in time); a word's text is read only when asked for.
 */
export function buildWordIndex(turns: readonly Pick<Turn, 'paragraphs' | 'words'>[]): WordIndex {
  const starts: number[] = [];
  const ends: number[] = [];
  const turnOf: number[] = [];
  const paragraphOf: number[] = [];
  const inkFrom: number[] = [];
  const inkTo: number[] = [];
  const plainFrom: number[] = [];
  const plainTo: number[] = [];
  let sorted = true;
  turns.forEach((turn, t) => {
    turn.words?.forEach((list, p) => {
      if (list.length === 0) return;
      const plain = markdownToPlain(turn.paragraphs[p] ?? '');
      const counts = inkCounts(plain);
      for (let w = 0; w < list.length; w++) {
        const word = list[w]!;
        const from = word[0];
        const to = word[1];
        const start = word[2];
        const end = word[3];
        if (to > plain.length || from >= to || counts[to] === counts[from]) continue;
        if (starts.length > 0 && start < starts[starts.length - 1]!) sorted = false;
        starts.push(start);
        ends.push(end ?? start + LONGEST_WORD);
        turnOf.push(t);
        paragraphOf.push(p);
        inkFrom.push(counts[from]!);
        inkTo.push(counts[to]!);
        plainFrom.push(from);
        plainTo.push(to);
      }
    });
  });
  const n = starts.length;
  // Stable: words of one paragraph are already in order; turns of two speakers may overlap.
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  if (!sorted) order.sort((a, b) => starts[a]! - starts[b]! || a - b);
  const pick = <A extends Float64Array | Int32Array>(out: A, from: readonly number[]): A => {
    for (let k = 0; k < n; k++) out[k] = from[order[k]!]!;
    return out;
  };
  const index = {
    length: n,
    starts: pick(new Float64Array(n), starts),
    untils: pick(new Float64Array(n), ends),
    turns: pick(new Int32Array(n), turnOf),
    paragraphs: pick(new Int32Array(n), paragraphOf),
    inkFrom: pick(new Int32Array(n), inkFrom),
    inkTo: pick(new Int32Array(n), inkTo),
  };
  for (let k = 0; k < n; k++) {
    const next = k + 1 < n ? index.starts[k + 1]! : Infinity;
    const natural = index.untils[k]!;
    index.untils[k] = next - natural <= SHORT_PAUSE ? next : natural;
  }
  const from = pick(new Int32Array(n), plainFrom);
  const to = pick(new Int32Array(n), plainTo);
  let cached: { turn: number; paragraph: number; plain: string } | null = null;
  return {
    ...index,
    text(word) {
      const turn = index.turns[word]!;
      const paragraph = index.paragraphs[word]!;
      if (cached?.turn !== turn || cached.paragraph !== paragraph) {
        cached = { turn, paragraph, plain: markdownToPlain(turns[turn]?.paragraphs[paragraph] ?? '') };
      }
      return withoutSpace(cached.plain.slice(from[word], to[word]));
    },
  };
}

/** The word being spoken at a time (-1 for none), and the span of time over which that answer holds. */
export interface WordSpan {
  word: number;
  from: number;
  until: number;
}

/** Which word is being spoken at `time`, by binary search, and for how long that stays the answer. */
export function wordSpan(index: WordIndex, time: number): WordSpan {
  const k = findActive(index.starts, time);
  if (k < 0) return { word: -1, from: -Infinity, until: index.starts[0] ?? Infinity };
  const until = index.untils[k]!;
  if (time < until) return { word: k, from: index.starts[k]!, until };
  return { word: -1, from: until, until: index.starts[k + 1] ?? Infinity };
}
