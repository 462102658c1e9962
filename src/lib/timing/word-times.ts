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
  readonly texts: readonly string[];
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

/** The word index of an episode's turns; empty when no turn has word times. */
export function buildWordIndex(turns: readonly Pick<Turn, 'paragraphs' | 'words'>[]): WordIndex {
  const found: {
    start: number;
    end: number | undefined;
    turn: number;
    paragraph: number;
    from: number;
    to: number;
    text: string;
  }[] = [];
  turns.forEach((turn, t) => {
    turn.words?.forEach((list, p) => {
      if (list.length === 0) return;
      const plain = markdownToPlain(turn.paragraphs[p] ?? '');
      const counts = inkCounts(plain);
      for (const [from, to, start, end] of list) {
        if (to > plain.length || from >= to) continue;
        const text = withoutSpace(plain.slice(from, to));
        if (text === '') continue;
        found.push({ start, end, turn: t, paragraph: p, from: counts[from]!, to: counts[to]!, text });
      }
    });
  });
  // Stable: words of one paragraph are already in order; turns of two speakers may overlap.
  found.sort((a, b) => a.start - b.start);
  const n = found.length;
  const index = {
    length: n,
    starts: new Float64Array(n),
    untils: new Float64Array(n),
    turns: new Int32Array(n),
    paragraphs: new Int32Array(n),
    inkFrom: new Int32Array(n),
    inkTo: new Int32Array(n),
    texts: found.map((w) => w.text),
  };
  found.forEach((w, k) => {
    const next = found[k + 1]?.start ?? Infinity;
    const natural = w.end ?? w.start + LONGEST_WORD;
    index.starts[k] = w.start;
    index.untils[k] = next - natural <= SHORT_PAUSE ? next : natural;
    index.turns[k] = w.turn;
    index.paragraphs[k] = w.paragraph;
    index.inkFrom[k] = w.from;
    index.inkTo[k] = w.to;
  });
  return index;
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
