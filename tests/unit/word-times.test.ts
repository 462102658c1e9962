import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { serializeEpisode } from '../../src/lib/episode/catalog.ts';
import { importEpisodePage } from '../../src/lib/episode/importer.ts';
import { markdownToPlain } from '../../src/lib/episode/text.ts';
import type { Episode, Turn, WordTime } from '../../src/lib/episode/types.ts';
import { parseEpisodeJson, validateEpisode } from '../../src/lib/episode/validate.ts';
import {
  applyTranscriptTimes,
  episodeFromTranscript,
  parseTimedTranscript,
  type TimedTranscript,
} from '../../src/lib/formats/index.ts';
import { readOpenedTranscript } from '../../src/lib/files/opened-files.ts';
import { buildWordIndex, inkCounts, wordSpan } from '../../src/lib/timing/word-times.ts';

const WORD_LEVEL = 'tests/fixtures/transcripts/word-level.json';
const PAGE = 'tests/fixtures/transcripts/word-level-page.md';

function wordLevel(): TimedTranscript {
  const r = parseTimedTranscript(readFileSync(WORD_LEVEL, 'utf8'), 'word-level.json');
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function page(): Episode {
  const r = importEpisodePage(readFileSync(PAGE, 'utf8'), { fileName: 'word-level-page.md' });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Each timed word as [the text it covers, start, end]. */
function spoken(episode: Episode): [string, number, number | undefined][] {
  return episode.turns.flatMap((turn) =>
    (turn.words ?? []).flatMap((list, p) => {
      const plain = markdownToPlain(turn.paragraphs[p]!);
      return list.map(([from, to, start, end]): [string, number, number | undefined] => [
        plain.slice(from, to),
        start,
        end,
      ]);
    }),
  );
}

/** The fixture's words, as timed there (punctuation-only segments have no word). */
const FIXTURE_WORDS: [string, number, number][] = [
  ['Welcome', 0.52, 0.84],
  ['to', 0.84, 0.96],
  ['Hark', 0.96, 1.31],
  ['Radio', 1.31, 1.5],
  ['Today', 1.9, 2.2],
  ['we', 2.2, 2.45],
  ['listen', 2.45, 2.9],
  ['closely', 3, 3.4],
  ['Glad', 3.9, 4.3],
  ['to', 4.3, 4.5],
  ['be', 4.5, 4.8],
  ['here', 4.8, 5.2],
  ["Let's", 5.6, 5.9],
  ['begin', 5.9, 6.3],
];

function valid(episode: Episode): Episode {
  const r = validateEpisode(JSON.parse(JSON.stringify(episode)));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('word times from a word-level transcript', () => {
  it('an episode made from the transcript alone keeps every word’s time, on the word', () => {
    const episode = valid(episodeFromTranscript(wordLevel(), { slug: 'w', title: 'W' }));
    expect(spoken(episode)).toEqual(FIXTURE_WORDS);
    expect(episode.turns.map((t) => t.words?.length)).toEqual(episode.turns.map((t) => t.paragraphs.length));
  });

  it('a page given the transcript’s times gets its words timed too, through markup', () => {
    const episode = page();
    expect(episode.turns.every((t) => t.words === undefined)).toBe(true);
    const r = applyTranscriptTimes(episode, wordLevel());
    if (!r.ok) throw new Error(r.error);
    const timed = valid(r.value.episode);
    expect(timed.turns[0]!.paragraphs[0]).toContain('*Hark*');
    expect(spoken(timed)).toEqual(FIXTURE_WORDS);
  });

  it('a subtitle-level transcript gives no word times, and keeps those the episode had', () => {
    const withWords = valid(episodeFromTranscript(wordLevel(), { slug: 'w', title: 'W' }));
    const cues: TimedTranscript = {
      format: 'vtt',
      segments: [
        {
          speaker: 'Priya Raman',
          start: 0.5,
          end: 3.4,
          text: 'Welcome to Hark Radio. Today we listen, closely.',
        },
        { speaker: 'Tom Weir', start: 3.9, end: 5.2, text: 'Glad to be here!' },
        { speaker: 'Priya Raman', start: 5.6, end: 6.3, text: "Let's begin" },
      ],
    };
    expect(episodeFromTranscript(cues, { slug: 'c', title: 'C' }).turns.some((t) => t.words)).toBe(false);
    const r = applyTranscriptTimes(withWords, cues);
    if (!r.ok) throw new Error(r.error);
    expect(spoken(r.value.episode)).toEqual(FIXTURE_WORDS);
  });

  it('leaves out words the transcript marks as estimated, and words that did not align', () => {
    const t = wordLevel();
    const marked: TimedTranscript = {
      ...t,
      segments: t.segments.map((s) => (s.text === 'Glad' ? { ...s, estimated: true } : s)),
    };
    const alone = episodeFromTranscript(marked, { slug: 'w', title: 'W' });
    expect(spoken(alone).map((w) => w[0])).not.toContain('Glad');
    // The page says "Rádio" and "truly" where the transcript has "Radio" and nothing.
    const changed = page();
    changed.turns[0]!.paragraphs[0] = 'Welcome to *Hark* Rádio. Today we truly listen, closely.';
    const r = applyTranscriptTimes(changed, t);
    if (!r.ok) throw new Error(r.error);
    const words = spoken(valid(r.value.episode)).map((w) => w[0]);
    expect(words).toContain('Rádio');
    expect(words).not.toContain('truly');
    expect(words).toContain('listen');
  });

  it('dropping the transcript on the open page keeps the word times', () => {
    const meaning = readOpenedTranscript(page(), 'word-level.json', readFileSync(WORD_LEVEL, 'utf8'));
    expect(meaning.kind).toBe('times');
    if (meaning.kind !== 'times') return;
    expect(spoken(meaning.episode)).toEqual(FIXTURE_WORDS);
  });

  it('`hark import` keeps them, from the transcript alone and with --times, one paragraph to a line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hark-words-'));
    const io = { out: (t: string) => (out += t), err: () => {} };
    let out = '';
    expect(await main(['import', WORD_LEVEL], io)).toBe(0);
    const alone = parseEpisodeJson(out);
    expect(alone.ok && spoken(alone.value)).toEqual(FIXTURE_WORDS);
    expect(out).toContain('[[0,7,0.52,0.84],[8,10,0.84,0.96],[11,15,0.96,1.31],[16,21,1.31,1.5]]');
    out = '';
    const file = join(dir, 'timed.json');
    expect(await main(['import', PAGE, '--times', WORD_LEVEL, '-o', file], io)).toBe(0);
    const withTimes = parseEpisodeJson(readFileSync(file, 'utf8'));
    expect(withTimes.ok && spoken(withTimes.value)).toEqual(FIXTURE_WORDS);
  });
});

describe('serializeEpisode with word times', () => {
  it('reads back what it wrote, even when the text holds what looks like a placeholder', () => {
    const episode = valid(episodeFromTranscript(wordLevel(), { slug: 'w', title: 'W' }));
    episode.description = '\u00000\u0000';
    episode.notes = ['"\\u00001\\u0000"'];
    const text = serializeEpisode(episode);
    const back = parseEpisodeJson(text);
    if (!back.ok) throw new Error(back.error);
    expect(back.value).toEqual(episode);
    const plain = valid(episodeFromTranscript(wordLevel(), { slug: 'w', title: 'W' }));
    const compact = serializeEpisode(plain);
    expect(parseEpisodeJson(compact)).toEqual({ ok: true, value: plain });
    expect(compact.split('\n').length).toBeLessThan(text.split('\n').length);
  });
});

describe('validating word times', () => {
  const turn = (words: unknown): unknown => ({
    speaker: 'a',
    paragraphs: ['Hello *big* world.', 'Second.'],
    words,
  });
  const episode = (words: unknown): unknown => ({
    format: 'hark-episode/1',
    slug: 's',
    title: 'S',
    speakers: [{ id: 'a', name: 'A' }],
    turns: [turn(words)],
  });
  const error = (words: unknown): string => {
    const r = validateEpisode(episode(words));
    return r.ok ? 'valid' : r.error;
  };

  it('accepts word times inside the plain text, in order, with or without ends', () => {
    const r = validateEpisode(
      episode([
        [
          [0, 5, 1],
          [6, 9, 1.5, 1.8],
          [10, 15, 1.9],
        ],
        [],
      ]),
    );
    expect(r.ok && (r.value.turns[0] as Turn).words).toEqual([
      [
        [0, 5, 1],
        [6, 9, 1.5, 1.8],
        [10, 15, 1.9],
      ],
      [],
    ]);
    // "Hello big world." is 16 characters of plain text.
    expect(error([[[10, 16, 1]], []])).toBe('valid');
  });

  it('an episode without word times is as it was', () => {
    const r = validateEpisode({
      ...(episode(undefined) as object),
      turns: [{ speaker: 'a', paragraphs: ['Hi.'] }],
    });
    expect(r.ok && 'words' in r.value.turns[0]!).toBe(false);
  });

  it('says what is wrong and where', () => {
    expect(error('x')).toBe('turns[0].words: expected an array, got the string "x"');
    expect(error([[]])).toBe('turns[0].words: expected one list per paragraph (2), got 1');
    expect(error([{}, []])).toBe('turns[0].words[0]: expected an array, got an object');
    expect(error([[[0, 5]], []])).toBe(
      'turns[0].words[0][0]: expected [from, to, start] or [from, to, start, end], got 2 items',
    );
    expect(error([[[0.5, 5, 1]], []])).toBe(
      'turns[0].words[0][0][0]: expected a character offset, got a number',
    );
    expect(error([[[3, 3, 1]], []])).toBe(
      "turns[0].words[0][0][1]: must be after the word's first character (3)",
    );
    expect(error([[[10, 17, 1]], []])).toBe(
      "turns[0].words[0][0][1]: beyond the paragraph's 16 characters of plain text",
    );
    expect(
      error([
        [
          [0, 5, 1],
          [4, 9, 2],
        ],
        [],
      ]),
    ).toBe('turns[0].words[0][1][0]: overlaps the word before (starts at 4, before 5)');
    expect(
      error([
        [
          [0, 5, 2],
          [6, 9, 1],
        ],
        [],
      ]),
    ).toBe('turns[0].words[0][1][2]: before the word before (2)');
    expect(error([[[0, 5, -1]], []])).toBe('turns[0].words[0][0][2]: must not be negative (got -1)');
    expect(error([[[0, 5, 2, 1]], []])).toBe('turns[0].words[0][0][3]: ends (1) before it starts (2)');
  });
});

describe('the word being spoken', () => {
  const turns: Pick<Turn, 'paragraphs' | 'words'>[] = [
    {
      paragraphs: ['One  two, *three*.', 'Four.'],
      words: [
        [
          [0, 3, 1, 1.4],
          [4, 7, 1.5, 1.9],
          [9, 14, 3, 3.5],
        ],
        [[0, 4, 5]],
      ],
    },
    { paragraphs: ['No times here.'] },
    // Another speaker, talking over the first.
    { paragraphs: ['Yes!'], words: [[[0, 3, 1.45, 1.6]]] },
  ];
  const index = buildWordIndex(turns);
  const at = (t: number): string => {
    const k = wordSpan(index, t).word;
    return k < 0 ? '-' : index.text(k);
  };

  it('finds the word by time, across turns, bridging short pauses only', () => {
    expect(Array.from({ length: index.length }, (_, k) => index.text(k))).toEqual([
      'One',
      'Yes',
      'two',
      'three',
      'Four',
    ]);
    expect([0, 1, 1.3, 1.42, 1.45, 1.55, 1.95, 2.5, 3, 3.6, 5, 6.9, 7.1].map(at)).toEqual([
      '-',
      'One',
      'One',
      'One', // past its end, but "Yes" starts 0.05 s later: kept
      'Yes',
      'two',
      '-', // past its end, and nothing for a second
      '-',
      'three',
      '-',
      'Four',
      'Four', // no end: lasts at most two seconds
      '-',
    ]);
  });

  it('counts positions in characters that are not white space, as the rendered text will have them', () => {
    expect(Array.from(inkCounts('a b  c'))).toEqual([0, 1, 1, 2, 2, 2, 3]);
    // "One  two, three." without spaces: "three" is characters 7..12 of "Onetwo,three.".
    expect([index.inkFrom[3], index.inkTo[3]]).toEqual([7, 12]);
  });

  it('says over which span its answer holds, so a frame needs no search', () => {
    expect(wordSpan(index, 0)).toEqual({ word: -1, from: -Infinity, until: 1 });
    expect(wordSpan(index, 1.2)).toEqual({ word: 0, from: 1, until: 1.45 });
    expect(wordSpan(index, 2.5)).toEqual({ word: -1, from: 1.9, until: 3 });
    expect(wordSpan(index, 9)).toEqual({ word: -1, from: 7, until: Infinity });
    for (let t = 0; t < 8; t += 0.05) {
      const span = wordSpan(index, t);
      expect(t >= span.from && t < span.until).toBe(true);
    }
  });

  it('skips words outside their paragraph, and an episode without word times has none', () => {
    const broken: WordTime[] = [[20, 30, 1]];
    expect(buildWordIndex([{ paragraphs: ['Short.'], words: [broken] }]).length).toBe(0);
    const empty = buildWordIndex([{ paragraphs: ['Hi.'] }]);
    expect(wordSpan(empty, 3)).toEqual({ word: -1, from: -Infinity, until: Infinity });
  });
});
