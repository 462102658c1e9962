import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEpisodeJson } from '../../src/lib/episode/validate.ts';
import type { Episode } from '../../src/lib/episode/types.ts';
import {
  SearchIndex,
  snippetOf,
  type ParagraphHit,
  type SearchDoc,
} from '../../src/lib/search/search-index.ts';
import { normalizeWord, tokenize } from '../../src/lib/search/tokens.ts';
import { quoteQueries, TYPED_QUERIES } from '../fixtures/search-queries.ts';

function loadEpisode(): Episode {
  const r = parseEpisodeJson(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const EPISODE = loadEpisode();
const INDEX = SearchIndex.fromEpisode(EPISODE);

/** A small index of hand-made paragraphs, one per turn, all by speaker "a". */
function indexOf(texts: string[]): SearchIndex {
  const docs: SearchDoc[] = texts.map((text, i) => ({ turn: i, paragraph: 0, speaker: 'a', text }));
  return new SearchIndex(docs);
}

/** The text each of a hit's ranges points at. */
function sliced(index: SearchIndex, hit: ParagraphHit): string[] {
  const text = index.docs[hit.doc]!.text;
  return hit.ranges.map(([a, b]) => text.slice(a, b));
}

const where = (hits: ParagraphHit[]): [number, number][] => hits.map((h) => [h.turn, h.paragraph]);

describe('normalizeWord', () => {
  it('lowercases', () => {
    expect(normalizeWord('KUBERNETES')).toBe('kubernetes');
    expect(normalizeWord('Kelsey')).toBe('kelsey');
    expect(normalizeWord('etcd2')).toBe('etcd2');
  });

  it('drops straight and curly apostrophes', () => {
    expect(normalizeWord("don't")).toBe('dont');
    expect(normalizeWord('Don’t')).toBe('dont');
    expect(normalizeWord("Kelsey's")).toBe('kelseys');
  });

  it('drops diacritics but keeps letters that are not composed', () => {
    expect(normalizeWord('Café')).toBe('cafe');
    expect(normalizeWord('NAÏVE')).toBe('naive');
    expect(normalizeWord('Ångström')).toBe('angstrom');
    expect(normalizeWord('Østhus')).toBe('østhus');
    // A composed and a decomposed "é" are the same word.
    expect(normalizeWord('caf\u00e9')).toBe(normalizeWord('cafe\u0301'));
  });
});

describe('tokenize', () => {
  it('finds words with their ranges, keeping apostrophes inside words', () => {
    const text = 'Don’t stop—it\'s Kelsey\'s "quote", café 2nd';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.norm)).toEqual(['dont', 'stop', 'its', 'kelseys', 'quote', 'cafe', '2nd']);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual([
      'Don’t',
      'stop',
      "it's",
      "Kelsey's",
      'quote',
      'café',
      '2nd',
    ]);
  });

  it('does not take quotes around a word as part of it', () => {
    const text = "'tis 'quoted' rock'n'roll";
    expect(tokenize(text).map((t) => [t.norm, text.slice(t.start, t.end)])).toEqual([
      ['tis', 'tis'],
      ['quoted', 'quoted'],
      ['rocknroll', "rock'n'roll"],
    ]);
  });

  it('has no words in punctuation or white space', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('  — … ?! , ')).toEqual([]);
  });
});

describe('SearchIndex on the real episode', () => {
  it('indexes every paragraph as plain text, in document order', () => {
    expect(INDEX.docs).toHaveLength(EPISODE.turns.reduce((n, t) => n + t.paragraphs.length, 0));
    expect(INDEX.docs[0]).toMatchObject({ turn: 0, paragraph: 0, speaker: 'beyang-liu' });
    INDEX.docs.forEach((d, i) => {
      const prev = INDEX.docs[i - 1];
      if (prev) {
        const next = d.turn === prev.turn ? d.paragraph === prev.paragraph + 1 : d.turn === prev.turn + 1;
        expect(next, `doc ${i}`).toBe(true);
      }
      expect(d.text).not.toMatch(/\]\(|\*\*/);
      expect(d.text).toBe(d.text.trim());
    });
    expect(INDEX.docs.at(-1)!.turn).toBe(49);
    expect(INDEX.vocabularySize).toBeGreaterThan(1000);
  });

  it('finds the two tattoo paragraphs despite two typos', () => {
    const hits = INDEX.search('kubernets tatoo');
    expect(where(hits)).toEqual([
      [41, 5],
      [43, 0],
    ]);
    expect(sliced(INDEX, hits[0]!)).toEqual(['Kubernetes', 'Kubernetes', 'tattoo']);
    expect(sliced(INDEX, hits[1]!)).toEqual(['Kubernetes', 'tattoo']);
    for (const h of hits) {
      expect(h.speaker).toBe('kelsey-hightower');
      expect(h.words.sort()).toEqual(['kubernetes', 'tattoo']);
      expect(INDEX.docs[h.doc]).toMatchObject({ turn: h.turn, paragraph: h.paragraph });
      // Ranges are in order and don't overlap.
      h.ranges.forEach(([a, b], i) => {
        expect(b).toBeGreaterThan(a);
        if (i > 0) expect(a).toBeGreaterThanOrEqual(h.ranges[i - 1]![1]);
      });
    }
    // A finished query (trailing space) finds the same.
    expect(where(INDEX.search('kubernets tatoo '))).toEqual(where(hits));
  });

  it('ranks the Raft paragraph first for a misspelt query', () => {
    const hits = INDEX.search('raft protocl etcd');
    expect(where(hits)[0]).toEqual([27, 5]);
    expect(sliced(INDEX, hits[0]!)).toEqual(['etcd', 'Raft', 'protocol']);
  });

  it('matches a word still being typed as a prefix', () => {
    const hits = INDEX.search('kubern');
    expect(hits.length).toBeGreaterThan(10);
    for (const h of hits) expect(h.words).toContain('kubernetes');
    expect(sliced(INDEX, hits[0]!)).toContain('Kubernetes');
    // Every paragraph that says "Kubernetes" is found.
    const withWord = INDEX.docs.filter((d) => /kubernetes/i.test(d.text)).length;
    expect(hits).toHaveLength(withWord);
  });

  it('takes a finished word the episode contains at its word, not its look-alikes', () => {
    const hits = INDEX.search('google ');
    expect(hits.length).toBeGreaterThan(0);
    // Not "struggle", "go" or "good": only paragraphs that say "google" (or "googles", "googled").
    expect(hits.every((h) => h.words.every((w) => w.startsWith('google')))).toBe(true);
    expect(INDEX.search('boring ').flatMap((h) => h.words)).toEqual(['boring']);
    // A misspelling the episode doesn't contain still finds the word.
    const typo = INDEX.search('gogle ');
    expect(typo.map((h) => h.doc).sort()).toEqual(hits.map((h) => h.doc).sort());
    expect(typo[0]!.score).toBeLessThan(hits[0]!.score);
  });

  it.each(['', ' ', '   \n', '?!', '— … ,', '""'])('has no hits for the wordless query %j', (q) => {
    expect(INDEX.search(q)).toEqual([]);
  });

  it('filters by speaker', () => {
    const kelsey = new Set(['kelsey-hightower']);
    const beyang = new Set(['beyang-liu']);
    expect(where(INDEX.search('kubernets tatoo', { speakers: kelsey }))).toEqual([
      [41, 5],
      [43, 0],
    ]);
    expect(INDEX.search('kubernets tatoo', { speakers: beyang })).toEqual([]);
    const all = INDEX.search('kubernetes ');
    const onlyBeyang = INDEX.search('kubernetes ', { speakers: beyang });
    expect(onlyBeyang.length).toBeGreaterThan(0);
    expect(onlyBeyang.length).toBeLessThan(all.length);
    expect(onlyBeyang.every((h) => h.speaker === 'beyang-liu')).toBe(true);
    expect(onlyBeyang.map((h) => h.doc)).toEqual(
      all.filter((h) => h.speaker === 'beyang-liu').map((h) => h.doc),
    );
    expect(INDEX.search('kubernetes ', { speakers: new Set() })).toEqual([]);
  });

  it('limits the hits to the best ones', () => {
    const all = INDEX.search('kubern');
    expect(all.length).toBeGreaterThan(5);
    expect(INDEX.search('kubern', { limit: 5 })).toEqual(all.slice(0, 5));
    expect(INDEX.search('kubern', { limit: 1 })).toHaveLength(1);
    expect(INDEX.search('kubern', { limit: 1000 })).toEqual(all);
  });

  it('returns hits best first', () => {
    for (const q of TYPED_QUERIES) {
      const hits = INDEX.search(q);
      for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
    }
  });

  it('finds at least 90% of half-remembered quotes in the top three', () => {
    const queries = quoteQueries(EPISODE);
    expect(queries.length).toBeGreaterThanOrEqual(30);
    for (const finished of [false, true]) {
      const found = queries.filter((q) =>
        INDEX.search(finished ? `${q.query} ` : q.query, { limit: 3 }).some(
          (h) => h.turn === q.turn && h.paragraph === q.paragraph,
        ),
      );
      expect(found.length / queries.length, `finished: ${finished}`).toBeGreaterThanOrEqual(0.9);
    }
  });
});

describe('SearchIndex ranking on hand-made paragraphs', () => {
  it('prefers the query words in order and close together', () => {
    const index = indexOf([
      'tattoo stories from the conference, and later on someone mentioned kubernetes',
      'kubernetes came up first, and a long while later in the talk a tattoo',
      'a tattoo of kubernetes',
      'never get a kubernetes tattoo, they said',
    ]);
    const hits = index.search('kubernetes tattoo ');
    expect(hits).toHaveLength(4);
    expect(hits[0]!.turn).toBe(3);
    // Far apart, or close but reversed: no bonus, so they keep document order.
    expect(hits.slice(1).map((h) => h.turn)).toEqual([0, 1, 2]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(new Set(hits.slice(1).map((h) => h.score)).size).toBe(1);
  });

  it('counts words up to three apart as close', () => {
    const index = indexOf(['kubernetes one two three four tattoo', 'kubernetes one two tattoo']);
    const hits = index.search('kubernetes tattoo ');
    expect(hits.map((h) => h.turn)).toEqual([1, 0]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('ranks an exact word above its inflections, and a typo finds both', () => {
    const index = indexOf(['I got a tatoo', 'tattoos are forever', 'I got a tattoo']);
    const hits = index.search('tattoo ');
    expect(hits.map((h) => h.turn)).toEqual([2, 1]);
    expect(hits[0]!.score).toBe(1);
    expect(hits[1]!.score).toBeLessThan(1);
    // While typing, or for a word the episode lacks, look-alikes count too.
    expect(
      index
        .search('tatto')
        .map((h) => h.turn)
        .sort(),
    ).toEqual([1, 2]);
    expect(
      index
        .search('tatooo ')
        .map((h) => h.turn)
        .sort(),
    ).toEqual([0, 1, 2]);
  });

  it('weighs common words less than rare ones', () => {
    const texts = Array.from({ length: 9 }, (_, i) => `the paragraph number ${i} talks about the weather`);
    texts.push('etcd keeps state');
    const index = indexOf(texts);
    // "etcd" alone covers most of the query's weight; "the" alone does not.
    expect(index.search('the etcd ').map((h) => h.turn)).toEqual([9]);
    const reversed = indexOf([...texts.slice(0, 9), 'the etcd cluster']);
    const hits = reversed.search('the etcd ');
    expect(hits.map((h) => h.turn)).toEqual([9]);
    expect(sliced(reversed, hits[0]!)).toEqual(['the', 'etcd']);
  });

  it('accepts a paragraph that misses a word, if it has most of the weight', () => {
    const index = indexOf(['a live demo of etcd', 'etcd and raft', 'raft only']);
    const hits = index.search('etcd raft demo ');
    expect(hits.map((h) => h.turn).sort()).toEqual([0, 1]);
  });
});

describe('snippetOf', () => {
  it('keeps a short text and its ranges as they are', () => {
    expect(snippetOf('a Kubernetes tattoo', [[13, 19]])).toEqual({
      text: 'a Kubernetes tattoo',
      ranges: [[13, 19]],
    });
    const exact = 'x'.repeat(160);
    expect(snippetOf(exact, [[0, 1]]).text).toBe(exact);
  });

  it('cuts a long text around the first match, with ellipses, moving the ranges', () => {
    const text = `${'before '.repeat(40)}Kubernetes tattoo ${'after '.repeat(40)}`.trim();
    const at = text.indexOf('Kubernetes');
    const ranges: [number, number][] = [
      [at, at + 10],
      [at + 11, at + 17],
    ];
    const s = snippetOf(text, ranges);
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.text.length).toBeLessThanOrEqual(162);
    // Starts at a word boundary.
    expect(s.text).toMatch(/^…before /);
    expect(s.ranges).toHaveLength(2);
    expect(s.ranges.map(([a, b]) => s.text.slice(a, b))).toEqual(['Kubernetes', 'tattoo']);
    s.ranges.forEach(([a, b], i) => expect(s.text.slice(a, b)).toBe(text.slice(...ranges[i]!)));
  });

  it('has no leading ellipsis for a match near the start, nor a trailing one at the end', () => {
    const text = `Kubernetes ${'word '.repeat(60)}tattoo`;
    const start = snippetOf(text, [[0, 10]]);
    expect(start.text.startsWith('Kubernetes')).toBe(true);
    expect(start.text.endsWith('…')).toBe(true);
    expect(start.ranges).toEqual([[0, 10]]);
    const end = snippetOf(text, [[text.length - 6, text.length]]);
    expect(end.text.startsWith('…')).toBe(true);
    expect(end.text.endsWith('tattoo')).toBe(true);
    const [a, b] = end.ranges[0]!;
    expect(end.text.slice(a, b)).toBe('tattoo');
  });

  it('drops ranges that fall outside the snippet', () => {
    const text = `tattoo ${'word '.repeat(80)}tattoo`;
    const s = snippetOf(text, [
      [0, 6],
      [text.length - 6, text.length],
    ]);
    expect(s.ranges).toEqual([[0, 6]]);
  });

  it('honours the width', () => {
    const text = `${'word '.repeat(50)}tattoo ${'word '.repeat(50)}`;
    const at = text.indexOf('tattoo');
    const s = snippetOf(text, [[at, at + 6]], 60);
    expect(s.text.length).toBeLessThanOrEqual(62);
    expect(s.text.slice(...s.ranges[0]!)).toBe('tattoo');
  });

  it('moves every kept range onto the same word, for real hits', () => {
    let checked = 0;
    for (const q of [...TYPED_QUERIES, 'boring die ', 'trust me all projects']) {
      for (const hit of INDEX.search(q)) {
        const text = INDEX.docs[hit.doc]!.text;
        const words = hit.ranges.map(([a, b]) => text.slice(a, b));
        const s = snippetOf(text, hit.ranges);
        // The first match is always in the snippet.
        expect(s.text.slice(...s.ranges[0]!)).toBe(words[0]);
        // Kept ranges are a run of the original ones, in order.
        const shown = s.ranges.map(([a, b]) => s.text.slice(a, b));
        expect(words.slice(0, shown.length)).toEqual(shown);
        for (const w of shown) expect(hit.words).toContain(normalizeWord(w));
        checked += shown.length;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
