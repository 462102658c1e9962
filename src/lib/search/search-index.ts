import Fuse from 'fuse.js/basic';
import { markdownToPlain } from '../episode/text.ts';
import type { Episode } from '../episode/types.ts';
import { finish } from '../steps.ts';
import { normalizeWord, tokenize, type Token } from './tokens.ts';

/** One searchable paragraph. */
export interface SearchDoc {
  turn: number;
  paragraph: number;
  speaker: string;
  /** Plain text: what `ranges` point into. */
  text: string;
}

export interface ParagraphHit {
  /** Index into `SearchIndex.docs` (document order). */
  doc: number;
  turn: number;
  paragraph: number;
  speaker: string;
  score: number;
  /** Character ranges of the matched words in the paragraph's plain text, in order. */
  ranges: [number, number][];
  /** The normalized words that matched here: the DOM marks these. */
  words: string[];
  /** Where in the text the query's words stand closest together: what a snippet should show. */
  focus: number;
}

export interface SearchOptions {
  /** Only paragraphs of these speakers. */
  speakers?: ReadonlySet<string> | undefined;
  /** At most this many hits (best first). */
  limit?: number;
}

/** How a query word matched a vocabulary word: 1 exact, less for prefixes and typos. */
type Candidates = Map<number, number>;

const FUZZY_MIN_LENGTH = 4;
/** Lets `building` make an index whose filling it drives itself. */
const DEFERRED = Symbol('deferred');
const PREFIX_MIN_LENGTH = 2;
/** A fuzzy match weaker than this is noise ("tatoo" → "experimentation"). */
const FUZZY_THRESHOLD = 0.34;
/** Share of the query's weight a paragraph must match to be a hit (missing words are allowed). */
const MIN_COVERAGE = 0.5;

/**
 * Typo-tolerant search over an episode's paragraphs. Query words are matched against the episode's
 * vocabulary (exactly, as prefixes, and with Fuse.js for typos), and their occurrences come from an inverted
 * index, so a query costs a few small Fuse searches rather than one over every paragraph.
 */
export class SearchIndex {
  readonly docs: SearchDoc[] = [];
  #tokens: Token[][] = [];
  /** Each doc's tokens as vocabulary ids. */
  #tokenIds: Int32Array[] = [];
  /** Vocabulary, sorted, for prefix ranges. */
  #words: string[] = [];
  #wordIds = new Map<string, number>();
  /** For each word id, the docs it occurs in, and how many docs. */
  #postings: Int32Array[] = [];
  #idf: Float64Array = new Float64Array(0);
  /** Fuse instances over the vocabulary, by word length: typos rarely change a word's length by more than 2. */
  #fuseByLength = new Map<number, Fuse<string>>();
  #fuseIds = new Map<number, number[]>();
  /** Query word → candidates; typing letter by letter repeats all but the last word. */
  #cache = new Map<string, Candidates>();

  static fromEpisode(episode: Pick<Episode, 'turns'>): SearchIndex {
    return finish(SearchIndex.building(episode));
  }

  /**
   * `fromEpisode` a slice at a time: yields every few hundred paragraphs, so the index of a very long
   * episode can be built while the page stays responsive.
   */
  static *building(episode: Pick<Episode, 'turns'>): Generator<void, SearchIndex, void> {
    const docs: SearchDoc[] = [];
    for (let t = 0; t < episode.turns.length; t++) {
      const turn = episode.turns[t]!;
      turn.paragraphs.forEach((p, j) =>
        docs.push({ turn: t, paragraph: j, speaker: turn.speaker, text: markdownToPlain(p) }),
      );
      if (t % 256 === 255) yield;
    }
    const index = new SearchIndex(docs, DEFERRED);
    yield* index.#fill();
    return index;
  }

  constructor(docs: SearchDoc[], deferred?: typeof DEFERRED) {
    this.docs = docs;
    if (deferred !== DEFERRED) finish(this.#fill());
  }

  *#fill(): Generator<void, void, void> {
    const docs = this.docs;
    const occurrences = new Map<string, number[]>();
    for (let i = 0; i < docs.length; i++) {
      const tokens = tokenize(docs[i]!.text);
      this.#tokens.push(tokens);
      for (const tok of tokens) {
        let list = occurrences.get(tok.norm);
        if (!list) occurrences.set(tok.norm, (list = []));
        if (list[list.length - 1] !== i) list.push(i);
      }
      if (i % 256 === 255) yield;
    }
    this.#words = [...occurrences.keys()].sort();
    yield;
    this.#idf = new Float64Array(this.#words.length);
    this.#words.forEach((w, id) => {
      this.#wordIds.set(w, id);
    });
    yield;
    for (let i = 0; i < this.#tokens.length; i++) {
      this.#tokenIds.push(Int32Array.from(this.#tokens[i]!, (t) => this.#wordIds.get(t.norm)!));
      if (i % 1024 === 1023) yield;
    }
    this.#words.forEach((w, id) => {
      const list = occurrences.get(w)!;
      this.#postings.push(Int32Array.from(list));
      this.#idf[id] = Math.log(1 + docs.length / list.length);
    });
    yield;
    const byLength = new Map<number, number[]>();
    this.#words.forEach((w, id) => {
      if (w.length < FUZZY_MIN_LENGTH - 1) return;
      let ids = byLength.get(w.length);
      if (!ids) byLength.set(w.length, (ids = []));
      ids.push(id);
    });
    for (const [length, ids] of byLength) this.#fuseIds.set(length, ids);
  }

  /**
   * The Fuse instance over the vocabulary words of one length, built the first time a typo search needs it:
   * building them all up front cost seconds on an episode with 100,000 distinct words.
   */
  #fuseFor(length: number): Fuse<string> | undefined {
    let fuse = this.#fuseByLength.get(length);
    const ids = this.#fuseIds.get(length);
    if (!fuse && ids) {
      fuse = new Fuse(
        ids.map((id) => this.#words[id]!),
        { includeScore: true, threshold: FUZZY_THRESHOLD, ignoreLocation: true, isCaseSensitive: true },
      );
      this.#fuseByLength.set(length, fuse);
    }
    return fuse;
  }

  get vocabularySize(): number {
    return this.#words.length;
  }

  /** Ranked paragraphs for a query; an empty or wordless query has no hits. */
  search(query: string, options: SearchOptions = {}): ParagraphHit[] {
    const queryWords = tokenize(query).map((t) => t.norm);
    if (queryWords.length === 0) return [];
    // A word the reader may still be typing also matches as a prefix.
    const typing = !/\s$/.test(query);
    const perWord = queryWords.map((w, i) => this.#candidates(w, typing && i === queryWords.length - 1));
    const weights = perWord.map((c) => this.#weightOf(c));
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    if (totalWeight === 0) return [];

    // A word weighing more than a hit may miss is in every hit: only its docs are candidates (a rare word
    // next to a common one then costs its few docs, not every paragraph that has the common one).
    const required = weights.findIndex((w) => w > totalWeight * (1 - MIN_COVERAGE));
    const order = perWord.map((_, qi) => qi);
    if (required > 0) order.unshift(...order.splice(required, 1));
    // Gather, per doc, each query word's best match strength.
    const strengths = new Map<number, Float64Array>();
    for (const qi of order) {
      for (const [wordId, strength] of perWord[qi]!) {
        for (const doc of this.#postings[wordId]!) {
          let s = strengths.get(doc);
          if (!s) {
            if (required >= 0 && qi !== required) continue;
            if (options.speakers && !options.speakers.has(this.docs[doc]!.speaker)) continue;
            strengths.set(doc, (s = new Float64Array(queryWords.length)));
          }
          if (strength > s[qi]!) s[qi] = strength;
        }
      }
    }

    const hits: ParagraphHit[] = [];
    for (const [doc, s] of strengths) {
      let covered = 0;
      for (let i = 0; i < s.length; i++) covered += s[i]! * weights[i]!;
      const coverage = covered / totalWeight;
      if (coverage < MIN_COVERAGE && !(queryWords.length === 1 && coverage > 0)) continue;
      const { ranges, words, order, focus } = this.#matchesIn(doc, perWord);
      const d = this.docs[doc]!;
      hits.push({
        doc,
        turn: d.turn,
        paragraph: d.paragraph,
        speaker: d.speaker,
        score: coverage + 0.35 * order,
        ranges,
        words,
        focus,
      });
    }
    hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return options.limit === undefined ? hits : hits.slice(0, options.limit);
  }

  /** Vocabulary words a query word may mean, with how strongly. */
  #candidates(word: string, typing: boolean): Candidates {
    const key = `${typing ? '…' : ''}${word}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const found: Candidates = new Map();
    const exact = this.#wordIds.get(word);
    if (exact !== undefined) found.set(exact, 1);
    // A finished word that the episode contains means that word, or its inflections ("tattoo" → "tattoos"),
    // not look-alikes: not "going" for "boring", not "they" for "the". A word still being typed, or one the
    // episode doesn't contain, may be any prefix or a typo.
    const settled = !typing && exact !== undefined;
    const prefixes = settled
      ? word.length >= 4
      : word.length >= PREFIX_MIN_LENGTH && (typing || word.length >= 3);
    if (prefixes) {
      for (const id of this.#prefixRange(word)) {
        if (settled && this.#words[id]!.length > word.length + 3) continue;
        // "kube" → "kubernetes": strong while typing, a little weaker as a finished word.
        const strength =
          (typing ? 0.95 : 0.85) - 0.1 * Math.min(1, (this.#words[id]!.length - word.length) / 8);
        if (!found.has(id)) found.set(id, strength);
      }
    }
    // A word still being typed is usually the start of the word meant: look for typos only when nothing
    // starts with it. A finished word is checked for typos when the episode doesn't contain it (once: the
    // result is cached).
    if (word.length >= FUZZY_MIN_LENGTH && !settled && (!typing || found.size === 0)) {
      for (let length = word.length - 2; length <= word.length + 2; length++) {
        const fuse = this.#fuseFor(length);
        if (!fuse) continue;
        const ids = this.#fuseIds.get(length)!;
        for (const r of fuse.search(word)) {
          const id = ids[r.refIndex]!;
          const strength = 0.9 * (1 - (r.score ?? 1));
          if (strength > (found.get(id) ?? 0)) found.set(id, strength);
        }
      }
    }
    if (this.#cache.size > 2000) this.#cache.clear();
    this.#cache.set(key, found);
    return found;
  }

  #prefixRange(prefix: string): number[] {
    let lo = 0;
    let hi = this.#words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#words[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const ids: number[] = [];
    for (let i = lo; i < this.#words.length && this.#words[i]!.startsWith(prefix) && ids.length < 200; i++) {
      if (this.#words[i] !== prefix) ids.push(i);
    }
    return ids;
  }

  /** A query word's weight: rare words tell paragraphs apart, common ones ("the") barely count. */
  #weightOf(candidates: Candidates): number {
    let best = 0;
    for (const [id, strength] of candidates) best = Math.max(best, strength * this.#idf[id]!);
    return best > 0 ? best : 0.5;
  }

  /**
   * Where the query's words stand in a doc, and how much of the query appears in order and close together
   * (0..1): "get a kubernetes tattoo" beats a paragraph with "tattoo" early and "kubernetes" late.
   */
  #matchesIn(
    doc: number,
    perWord: Candidates[],
  ): { ranges: [number, number][]; words: string[]; order: number; focus: number } {
    const tokens = this.#tokens[doc]!;
    const ids = this.#tokenIds[doc]!;
    const ranges: [number, number][] = [];
    const words = new Set<string>();
    const positionsByQueryWord: number[][] = perWord.map(() => []);
    /** Matched tokens in order, with the query word each matched. */
    const matchedTokens: [number, number][] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      let matched = false;
      for (let qi = 0; qi < perWord.length; qi++) {
        if (perWord[qi]!.has(id)) {
          positionsByQueryWord[qi]!.push(i);
          if (!matched) matchedTokens.push([i, qi]);
          matched = true;
        }
      }
      if (matched) {
        const tok = tokens[i]!;
        ranges.push([tok.start, tok.end]);
        words.add(tok.norm);
      }
    }
    let order = 0;
    if (perWord.length > 1) {
      let pairs = 0;
      for (let q = 0; q + 1 < perWord.length; q++) {
        const a = positionsByQueryWord[q]!;
        const b = positionsByQueryWord[q + 1]!;
        if (followsClosely(a, b)) pairs++;
      }
      order = pairs / (perWord.length - 1);
    }
    // The window of a dozen words holding the most different query words: the snippet's focus.
    let focusToken = matchedTokens[0]?.[0] ?? 0;
    let best = 0;
    for (let a = 0; a < matchedTokens.length; a++) {
      const distinct = new Set<number>();
      for (let b = a; b < matchedTokens.length && matchedTokens[b]![0] - matchedTokens[a]![0] < 12; b++) {
        distinct.add(matchedTokens[b]![1]);
      }
      if (distinct.size > best) {
        best = distinct.size;
        focusToken = matchedTokens[a]![0];
      }
    }
    return { ranges, words: [...words], order, focus: tokens[focusToken]?.start ?? 0 };
  }
}

/**
 * Whether some position in `b` comes 1 to 3 tokens after some position in `a` (both ascending): one pass over
 * both, where checking every pair took seconds on a paragraph repeating the query thousands of times.
 */
function followsClosely(a: number[], b: number[]): boolean {
  let i = 0;
  for (const n of b) {
    // The latest position in `a` before n is the closest one that can precede it.
    while (i + 1 < a.length && a[i + 1]! < n) i++;
    const p = a[i];
    if (p !== undefined && p < n && n - p <= 3) return true;
  }
  return false;
}

/** A short excerpt of a hit's text around its first match, with the match ranges moved into it. */
export function snippetOf(
  text: string,
  ranges: [number, number][],
  width = 160,
  focus?: number,
): { text: string; ranges: [number, number][] } {
  if (text.length <= width) return { text, ranges };
  const first = focus ?? ranges[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(width / 3));
  // Start at a word boundary.
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  const end = Math.min(text.length, start + width);
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const moved = ranges
    .filter(([a, b]) => a >= start && b <= end)
    .map(([a, b]) => [a - start + prefix.length, b - start + prefix.length] as [number, number]);
  return { text: `${prefix}${text.slice(start, end)}${suffix}`, ranges: moved };
}

export { normalizeWord };
