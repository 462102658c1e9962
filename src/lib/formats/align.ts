/**
 * Giving an existing episode exact times from a timed transcript of the same talk, whose turns may be split
 * or merged differently and whose wording may differ a little.
 *
 * How: both texts become word sequences, aligned in order like a diff (words unique to both sides anchor
 * the alignment, patience-diff style; the gaps between anchors are filled by a longest common subsequence).
 * A turn's start is where its first words landed in the transcript, snapped to the start of the transcript
 * segment there (the segment whose speaker corresponds to the turn's, when there is a choice); when the
 * turn starts inside a short segment (8 s at most), its time is interpolated by character position. A turn
 * only counts as aligned where the words around its start are aligned solidly (in runs, not as scattered
 * common words), so an unrelated transcript aligns nothing. Speakers need not have the same names: each
 * transcript label is mapped to the episode speaker whose words it carries most.
 */
import type { Episode, Result, TimeAnchor, Turn, WordTime } from '../episode/types.ts';
import { markdownToPlain } from '../episode/text.ts';
import { failure, roundMs, sortByStart } from './common.ts';
import { isWordLevel } from './timed.ts';
import type { TimedSegment, TimedTranscript } from './types.ts';

/** Largest table (cells) the longest-common-subsequence fill may use. */
const DP_LIMIT = 1_500_000;
/** How far into a turn (words) its first aligned word may be. */
const LEAD = 6;
/** Words either side of a boundary that must be solidly aligned, and the share that must be. */
const WINDOW = 10;
const SOLID_SHARE = 0.5;
/** Longest segment (seconds) inside which a start may be interpolated. */
const SHORT_SEGMENT = 8;

/** Normalised words of a text: lowercase, no accents, no punctuation ("don't" is "dont"). */
export function wordsOf(text: string): string[] {
  const found = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu);
  return found ? found.map((w) => w.replace(/['’]/g, '')) : [];
}

/** Fills `aToB` (index in b of the word matched to each word of a, or -1) with an in-order alignment. */
export function alignWords(a: Int32Array, b: Int32Array, aToB: Int32Array): void {
  const stack: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  while (stack.length > 0) {
    let [a0, a1, b0, b1] = stack.pop()!;
    while (a0 < a1 && b0 < b1 && a[a0] === b[b0]) aToB[a0++] = b0++;
    while (a0 < a1 && b0 < b1 && a[a1 - 1] === b[b1 - 1]) aToB[--a1] = --b1;
    if (a0 >= a1 || b0 >= b1) continue;
    if ((a1 - a0 + 1) * (b1 - b0 + 1) <= DP_LIMIT) {
      lcs(a, b, a0, a1, b0, b1, aToB);
      continue;
    }
    const anchors = uniqueAnchors(a, b, a0, a1, b0, b1);
    if (anchors.length === 0) {
      // Nothing to anchor on: split both ranges in proportion and try again on the halves.
      const am = (a0 + a1) >> 1;
      const bm = b0 + Math.round(((am - a0) / (a1 - a0)) * (b1 - b0));
      stack.push([a0, am, b0, bm], [am, a1, bm, b1]);
      continue;
    }
    let pa = a0;
    let pb = b0;
    for (const [ia, ib] of anchors) {
      aToB[ia] = ib;
      stack.push([pa, ia, pb, ib]);
      pa = ia + 1;
      pb = ib + 1;
    }
    stack.push([pa, a1, pb, b1]);
  }
}

/** Words that occur exactly once in both ranges, as pairs (index in a, index in b) in increasing order of both. */
function uniqueAnchors(
  a: Int32Array,
  b: Int32Array,
  a0: number,
  a1: number,
  b0: number,
  b1: number,
): [number, number][] {
  const counts = new Map<number, { ca: number; ia: number; cb: number; ib: number }>();
  for (let i = a0; i < a1; i++) {
    const c = counts.get(a[i]!);
    if (c) c.ca++;
    else counts.set(a[i]!, { ca: 1, ia: i, cb: 0, ib: -1 });
  }
  for (let j = b0; j < b1; j++) {
    const c = counts.get(b[j]!);
    if (c) {
      c.cb++;
      c.ib = j;
    }
  }
  const pairs: [number, number][] = [];
  for (const c of counts.values()) if (c.ca === 1 && c.cb === 1) pairs.push([c.ia, c.ib]);
  pairs.sort((x, y) => x[0] - y[0]);
  // Longest increasing subsequence of the b indices (patience sorting).
  const tails: number[] = [];
  const previous = new Int32Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    const ib = pairs[k]![1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![1] < ib) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[k] = tails[lo - 1]!;
    tails[lo] = k;
  }
  const chain: [number, number][] = [];
  for (let k = tails[tails.length - 1] ?? -1; k >= 0; k = previous[k]!) chain.push(pairs[k]!);
  return chain.reverse();
}

/** Longest common subsequence of two ranges by dynamic programming. */
function lcs(
  a: Int32Array,
  b: Int32Array,
  a0: number,
  a1: number,
  b0: number,
  b1: number,
  aToB: Int32Array,
): void {
  const n = a1 - a0;
  const m = b1 - b0;
  const w = m + 1;
  const table = new Int32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * w + j] =
        a[a0 + i] === b[b0 + j]
          ? table[(i + 1) * w + j + 1]! + 1
          : Math.max(table[(i + 1) * w + j]!, table[i * w + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[a0 + i] === b[b0 + j]) {
      aToB[a0 + i] = b0 + j;
      i++;
      j++;
    } else if (table[(i + 1) * w + j]! >= table[i * w + j + 1]!) i++;
    else j++;
  }
}

interface Side {
  ids: Int32Array;
}

interface EpisodeWords extends Side {
  /** Per turn, per paragraph: [first word, end word) indices. */
  paragraphs: [number, number][][];
  turnOf: Int32Array;
  /** Where each word is in its paragraph's plain text: [from, to) character offsets. */
  from: Int32Array;
  to: Int32Array;
}

/** A word as written, before `wordsOf` normalizes it (one piece of text may give two words: "½"). */
const WRITTEN_WORD = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu;

interface TranscriptWords extends Side {
  segments: TimedSegment[];
  segmentOf: Int32Array;
  /** Where each word starts and ends within its segment's text, 0..1. */
  from: Float64Array;
  to: Float64Array;
  firstWord: Int32Array;
  lastWord: Int32Array;
  /** Each segment's end (the next start when the format gives none). */
  ends: Float64Array;
}

function episodeWords(turns: readonly Turn[], vocabulary: Map<string, number>): EpisodeWords {
  const ids: number[] = [];
  const turnOf: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const paragraphs = turns.map((turn, k) =>
    turn.paragraphs.map((p): [number, number] => {
      const first = ids.length;
      for (const m of markdownToPlain(p).matchAll(WRITTEN_WORD)) {
        for (const word of wordsOf(m[0])) {
          ids.push(idOf(vocabulary, word));
          turnOf.push(k);
          from.push(m.index);
          to.push(m.index + m[0].length);
        }
      }
      return [first, ids.length];
    }),
  );
  return {
    ids: Int32Array.from(ids),
    turnOf: Int32Array.from(turnOf),
    paragraphs,
    from: Int32Array.from(from),
    to: Int32Array.from(to),
  };
}

function transcriptWords(segments: TimedSegment[], vocabulary: Map<string, number>): TranscriptWords {
  const ids: number[] = [];
  const segmentOf: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const firstWord = new Int32Array(segments.length).fill(-1);
  const lastWord = new Int32Array(segments.length).fill(-1);
  const ends = new Float64Array(segments.length);
  segments.forEach((segment, s) => {
    const next = segments[s + 1];
    ends[s] = Math.max(segment.start, segment.end ?? next?.start ?? segment.start);
    const text = segment.text;
    const re = /\S+/g;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      for (const word of wordsOf(m[0])) {
        if (firstWord[s] === -1) firstWord[s] = ids.length;
        lastWord[s] = ids.length;
        ids.push(idOf(vocabulary, word));
        segmentOf.push(s);
        from.push(m.index / Math.max(1, text.length));
        to.push((m.index + m[0].length) / Math.max(1, text.length));
      }
    }
  });
  return {
    ids: Int32Array.from(ids),
    segments,
    segmentOf: Int32Array.from(segmentOf),
    from: Float64Array.from(from),
    to: Float64Array.from(to),
    firstWord,
    lastWord,
    ends,
  };
}

function idOf(vocabulary: Map<string, number>, word: string): number {
  let id = vocabulary.get(word);
  if (id === undefined) {
    id = vocabulary.size;
    vocabulary.set(word, id);
  }
  return id;
}

/** Which episode speaker each transcript label stands for: the one whose aligned words it carries most. */
function speakerMapping(
  e: EpisodeWords,
  t: TranscriptWords,
  turns: readonly Turn[],
  aToB: Int32Array,
): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  aToB.forEach((j, i) => {
    if (j < 0) return;
    const label = t.segments[t.segmentOf[j]!]!.speaker;
    const speaker = turns[e.turnOf[i]!]!.speaker;
    if (label === null) return;
    const byLabel = counts.get(label) ?? new Map<string, number>();
    byLabel.set(speaker, (byLabel.get(speaker) ?? 0) + 1);
    counts.set(label, byLabel);
  });
  const mapping = new Map<string, string>();
  for (const [label, bySpeaker] of counts) {
    const best = [...bySpeaker].sort((x, y) => y[1] - x[1])[0];
    if (best) mapping.set(label, best[0]);
  }
  return mapping;
}

/**
 * Gives an existing episode's turns exact times from a timed transcript of the same talk: match turns in
 * order by speaker and text similarity (see the module comment); returns the episode with `start`/`end` on
 * the turns it could align, plus a count of aligned turns. Paragraphs after a turn's first that align get
 * anchors (source "transcript"); the episode's earlier transcript anchors are replaced. Turns it could not
 * align keep times they already had where those still fit in order, else lose them. An error when almost
 * nothing aligns (fewer than a tenth of the turns, and most of the transcript's words unplaced).
 * Times the transcript marks as estimated (Hark's exports of estimated times) are never used: `estimated`
 * counts the turns that matched only such times, and when nothing else aligned the episode is unchanged.
 */
export function applyTranscriptTimes(
  episode: Episode,
  t: TimedTranscript,
): Result<{ episode: Episode; aligned: number; estimated: number }> {
  const segments = sortByStart(t.segments.filter((s) => Number.isFinite(s.start) && s.text.trim() !== ''));
  if (segments.length === 0) return failure('The timed transcript has no text to align.');
  if (episode.turns.length === 0) return failure('The episode has no turns to give times to.');
  const vocabulary = new Map<string, number>();
  const e = episodeWords(episode.turns, vocabulary);
  const tw = transcriptWords(segments, vocabulary);
  if (e.ids.length === 0 || tw.ids.length === 0) return failure('There are no words to align.');
  const aToB = new Int32Array(e.ids.length).fill(-1);
  alignWords(e.ids, tw.ids, aToB);
  const mapping = speakerMapping(e, tw, episode.turns, aToB);
  const n = e.ids.length;

  // A word is solidly aligned when a neighbour is aligned to the neighbouring transcript word too.
  const solid = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const j = aToB[i]!;
    if (j < 0) continue;
    if ((i > 0 && aToB[i - 1] === j - 1) || (i + 1 < n && aToB[i + 1] === j + 1)) solid[i] = 1;
  }
  const share = (lo: number, hi: number): number => {
    const from = Math.max(0, lo);
    const to = Math.min(n, hi);
    let count = 0;
    for (let i = from; i < to; i++) count += solid[i]!;
    return to > from ? count / (to - from) : 0;
  };
  const wellAligned = (x: number): boolean =>
    share(x, x + WINDOW) >= SOLID_SHARE || share(x - WINDOW, x + WINDOW) >= SOLID_SHARE;

  const speakerFits = (segment: number, speaker: string): boolean => {
    const label = tw.segments[segment]!.speaker;
    const mapped = label === null ? undefined : mapping.get(label);
    return mapped === undefined || mapped === speaker;
  };
  const interpolate = (j: number, at: 'from' | 'to'): number | undefined => {
    const s = tw.segmentOf[j]!;
    const segment = tw.segments[s]!;
    const length = tw.ends[s]! - segment.start;
    if (length > SHORT_SEGMENT) return undefined;
    if (segment.estimated) {
      matchedEstimate = true;
      return undefined;
    }
    return segment.start + length * tw[at][j]!;
  };

  let matchedEstimate = false;
  /** When the words [x, xEnd) start being spoken. */
  const startOf = (x: number, xEnd: number, speaker: string): number | undefined => {
    if (x >= xEnd || !wellAligned(x)) return undefined;
    let i = x;
    while (i < Math.min(xEnd, x + LEAD) && aToB[i]! < 0) i++;
    if (i >= Math.min(xEnd, x + LEAD)) return undefined;
    const tb = aToB[i]!;
    const p = tb - (i - x);
    let k = x - 1;
    while (k >= 0 && aToB[k]! < 0) k--;
    const low = Math.max(k >= 0 ? aToB[k]! + 1 : 0, p - 4);
    let best = -1;
    let bestScore = Infinity;
    for (let j = Math.max(0, low); j <= tb; j++) {
      const s = tw.segmentOf[j]!;
      if (tw.firstWord[s] !== j) continue;
      const score = Math.abs(j - p) + (speakerFits(s, speaker) ? 0 : 3);
      if (score < bestScore) {
        bestScore = score;
        best = s;
      }
    }
    if (best >= 0) {
      // A time the file itself marks as an estimate is no exact time (see `TimedSegment.estimated`).
      if (!tw.segments[best]!.estimated) return tw.segments[best]!.start;
      matchedEstimate = true;
      return undefined;
    }
    return interpolate(Math.min(tb, Math.max(low, p, 0)), 'from');
  };

  /** When the words [xStart, xLast] stop being spoken. */
  const endOf = (xStart: number, xLast: number, speaker: string): number | undefined => {
    let i = xLast;
    while (i > Math.max(xStart - 1, xLast - LEAD) && aToB[i]! < 0) i--;
    if (i <= Math.max(xStart - 1, xLast - LEAD)) return undefined;
    const tb = aToB[i]!;
    const q = tb + (xLast - i);
    let k = xLast + 1;
    while (k < n && aToB[k]! < 0) k++;
    const high = Math.min(k < n ? aToB[k]! - 1 : tw.ids.length - 1, q + 4);
    let best = -1;
    let bestScore = Infinity;
    for (let j = tb; j <= high; j++) {
      const s = tw.segmentOf[j]!;
      if (tw.lastWord[s] !== j) continue;
      const score = Math.abs(j - q) + (speakerFits(s, speaker) ? 0 : 3);
      if (score < bestScore) {
        bestScore = score;
        best = s;
      }
    }
    if (best >= 0) return tw.ends[best]!;
    return interpolate(Math.max(tb, Math.min(high, q)), 'to');
  };

  // Times in text order: each turn's start, then its later paragraphs' starts. Kept only while increasing.
  const starts: (number | undefined)[] = [];
  const ends: (number | undefined)[] = [];
  const anchors: TimeAnchor[] = [];
  let latest = 0;
  let estimated = 0;
  episode.turns.forEach((turn, k) => {
    const paragraphs = e.paragraphs[k]!;
    const first = paragraphs[0]?.[0] ?? 0;
    const last = paragraphs[paragraphs.length - 1]?.[1] ?? first;
    matchedEstimate = false;
    let start = startOf(first, last, turn.speaker);
    if (matchedEstimate) estimated++;
    if (start !== undefined && start < latest) start = undefined;
    if (start !== undefined) latest = start;
    starts.push(start === undefined ? undefined : roundMs(start));
    const end = start === undefined ? undefined : endOf(first, last - 1, turn.speaker);
    ends.push(end === undefined || start === undefined || end < start ? undefined : roundMs(end));
    for (let p = 1; p < paragraphs.length; p++) {
      const [x, xEnd] = paragraphs[p]!;
      const time = startOf(x, xEnd, turn.speaker);
      if (time === undefined || time < latest) continue;
      latest = time;
      anchors.push({ turn: k, paragraph: p, time: roundMs(time), source: 'transcript' });
    }
  });

  // A word-level transcript times the episode's words too: each solidly aligned word gets its word's time.
  const wordTimes = isWordLevel(segments)
    ? e.paragraphs.map((list) =>
        list.map(([x, xEnd]) => {
          const times: WordTime[] = [];
          for (let i = x; i < xEnd; i++) {
            const j = aToB[i]!;
            if (j < 0 || !(solid[i] || wellAligned(i))) continue;
            const s = tw.segmentOf[j]!;
            const segment = tw.segments[s]!;
            if (segment.estimated) continue;
            let start = segment.start;
            let end = segment.end === null ? undefined : Math.max(segment.end, start);
            if (tw.firstWord[s] !== tw.lastWord[s]) {
              // A segment of a few words ("New York"): each gets its share of the segment's time.
              const length = tw.ends[s]! - segment.start;
              if (length > SHORT_SEGMENT) continue;
              start = segment.start + length * tw.from[j]!;
              end = segment.start + length * tw.to[j]!;
            }
            const last = times[times.length - 1];
            // One written word that is two ("½"), or a time out of order: the first is kept.
            if (last && (e.from[i]! < last[1] || start < last[2])) continue;
            times.push(
              end === undefined
                ? [e.from[i]!, e.to[i]!, roundMs(start)]
                : [e.from[i]!, e.to[i]!, roundMs(start), roundMs(end)],
            );
          }
          return times;
        }),
      )
    : undefined;
  const withWords = (turn: Turn, k: number): Turn => {
    const words = wordTimes?.[k];
    if (!words) return turn;
    const { words: _old, ...rest } = turn;
    return words.some((w) => w.length > 0) ? { ...rest, words } : rest;
  };

  const aligned = starts.filter((s) => s !== undefined).length;
  const placed = new Set<number>();
  aToB.forEach((j) => j >= 0 && placed.add(j));
  const estimatesOnly = aligned === 0 && estimated >= episode.turns.length * 0.1;
  if (
    !estimatesOnly &&
    (aligned === 0 || (aligned < episode.turns.length * 0.1 && placed.size < tw.ids.length * 0.5))
  ) {
    return failure(
      `Only ${aligned} of ${episode.turns.length} turns match the timed transcript: is it a transcript of this episode?`,
    );
  }

  // Turns not aligned keep the times they had if these still fall between their aligned neighbours.
  const turns: Turn[] = [];
  let before = 0;
  episode.turns.forEach((turn, k) => {
    const { start: oldStart, end: oldEnd, ...rest } = turn;
    const start = starts[k];
    if (start !== undefined) {
      before = start;
      const end = ends[k];
      turns.push(withWords({ ...rest, start, ...(end === undefined ? {} : { end }) }, k));
      return;
    }
    const after = starts.slice(k + 1).find((s) => s !== undefined) ?? Infinity;
    if (oldStart !== undefined && oldStart >= before && oldStart <= after) {
      before = oldStart;
      turns.push(
        withWords(
          {
            ...rest,
            start: oldStart,
            ...(oldEnd === undefined || oldEnd < oldStart ? {} : { end: oldEnd }),
          },
          k,
        ),
      );
    } else turns.push(withWords(rest, k));
  });
  const kept = episode.anchors.filter((a) => a.source !== 'transcript');
  return {
    ok: true,
    value: {
      episode: estimatesOnly
        ? episode
        : { ...episode, turns, anchors: [...kept, ...anchors].sort((x, y) => x.turn - y.turn) },
      aligned,
      estimated,
    },
  };
}
