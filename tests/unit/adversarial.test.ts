/**
 * No input can hang Hark: every parser and text transform of the importer, the search index and the timeline
 * takes time linear in its input. Each hostile shape (tests/unit/linear-time.ts) of 100 KB must run within a
 * generous ratio of the same call on 100 KB of plain prose. With ADVERSARIAL_TABLE=1 the times are printed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { importEpisodePage } from '../../src/lib/episode/importer.ts';
import { markdownToPlain, slugify } from '../../src/lib/episode/text.ts';
import { SearchIndex } from '../../src/lib/search/search-index.ts';
import { findQuote } from '../../src/lib/search/quote.ts';
import { buildTimeline, layoutText } from '../../src/lib/timing/timeline.ts';
import type { TimeAnchor, Turn } from '../../src/lib/episode/types.ts';
import { SHAPES, expectLinearTime, plainText } from './linear-time.ts';

const SIZE = 100_000;
const table: string[] = [];

function record(parser: string, shape: string, t: { hostileMs: number; plainMs: number }): void {
  table.push(`| ${parser} | ${shape} | ${t.hostileMs.toFixed(1)} | ${t.plainMs.toFixed(1)} |`);
}

afterAll(() => {
  if (process.env.ADVERSARIAL_TABLE) {
    console.log(
      ['| parser | 100 KB shape | hostile ms | plain ms |', '|---|---|---|---|', ...table].join('\n'),
    );
  }
});

/** An episode page with the text in its intro, its show notes and its transcript. */
function page(text: string): string {
  const third = Math.floor(text.length / 3);
  return [
    '---',
    'title: Hostile',
    '---',
    text.slice(0, third),
    '',
    '## Show Notes',
    '',
    text.slice(third, 2 * third),
    '',
    '## Transcript',
    '',
    `**Ann:** ${text.slice(2 * third)}`,
    '',
    '**Bob:** Thanks.',
    '',
  ].join('\n');
}

const plain = plainText(SIZE);
const entries = Object.entries(SHAPES).map(([name, make]) => [name, make(SIZE)] as const);

describe.each(entries)('%s (100 KB)', (name, hostile) => {
  it('imports in linear time', { timeout: 60_000 }, () => {
    const t = expectLinearTime((s: string) => importEpisodePage(s), page(hostile), page(plain), {}, name);
    record('importer', name, t);
  });

  it('becomes plain text in linear time', { timeout: 60_000 }, () => {
    record('markdownToPlain', name, expectLinearTime(markdownToPlain, hostile, plain, {}, name));
    expect(slugify(hostile).length).toBeLessThanOrEqual(hostile.length);
  });

  it('is indexed and searched in linear time', { timeout: 60_000 }, () => {
    const episode = (text: string): Pick<{ turns: Turn[] }, 'turns'> => ({
      turns: text.split('\n\n').map((p, i) => ({ speaker: `s${i % 3}`, paragraphs: [p] })),
    });
    const run = (text: string): unknown => SearchIndex.fromEpisode(episode(text)).search('kubernets tattoo');
    record('search index', name, expectLinearTime(run, hostile, plain, {}, name));
  });
});

describe('search', () => {
  it(
    'ranks a paragraph that repeats the query thousands of times in linear time',
    { timeout: 60_000 },
    () => {
      const repeated = 'kubernetes tattoo '.repeat(SIZE / 18);
      const run = (text: string): unknown =>
        SearchIndex.fromEpisode({ turns: [{ speaker: 'a', paragraphs: [text] }] }).search(
          'kubernetes tattoo ',
        );
      record(
        'search index',
        'the query repeated',
        expectLinearTime(run, repeated, plain, {}, 'query repeated'),
      );
    },
  );
});

describe('quote links', () => {
  it('find a crafted 20,000-character quote in linear time', { timeout: 60_000 }, () => {
    const index = (text: string): SearchIndex =>
      SearchIndex.fromEpisode({ turns: [{ speaker: 'a', paragraphs: [text] }] });
    const hostile = index('a '.repeat(SIZE / 2));
    const prose = index(plain);
    const quote = `${'a '.repeat(10_000)}b`;
    const t = expectLinearTime((i: SearchIndex) => findQuote(i, quote), hostile, prose, {}, 'crafted quote');
    record('findQuote', '20,000-character quote, paragraph of "a a a"', t);
  });
});

describe('timeline', () => {
  const turnsOf = (n: number): Pick<Turn, 'paragraphs' | 'speaker'>[] =>
    Array.from({ length: n }, (_, i) => ({
      speaker: `s${i % 2}`,
      paragraphs: [`Turn ${i} says a few words.`],
    }));

  it('places 8,000 reader syncs in n log n', { timeout: 60_000 }, () => {
    const turns = turnsOf(10_000);
    const layout = layoutText(turns);
    const syncs: TimeAnchor[] = Array.from({ length: 8_000 }, (_, k) => ({
      turn: Math.floor((k * 10_000) / 8_000),
      time: (k * 3600) / 8_000 + 1,
      source: 'user',
    }));
    // The same times as transcript anchors: fixed points, with no sync to place.
    const fixed: TimeAnchor[] = syncs.map((a) => ({ ...a, paragraph: 0, offset: 0, source: 'transcript' }));
    const t = expectLinearTime(
      (anchors: TimeAnchor[]) => buildTimeline(turns, layout, { duration: 3600, anchors }),
      syncs,
      fixed,
      {},
      '8,000 syncs',
    );
    record('buildTimeline', '10,000 turns, 8,000 syncs vs 8,000 transcript anchors', t);
  });

  it('times 100,000 tiny turns with anchors as fast as without', { timeout: 120_000 }, () => {
    const turns = turnsOf(100_000);
    const layout = layoutText(turns);
    const anchors: TimeAnchor[] = [
      { turn: 10, time: 5, source: 'user' },
      { turn: 50_000, time: 1800, source: 'user' },
      { turn: 90_000, time: 3200, source: 'user' },
    ];
    const t = expectLinearTime(
      (a: TimeAnchor[]) => buildTimeline(turns, layout, { duration: 3600, anchors: a }),
      anchors,
      [],
      {},
      '100,000 turns',
    );
    record('buildTimeline', '100,000 turns, 3 syncs vs none', t);
  });

  it('learns paces for thousands of speakers without a cubic fit', { timeout: 60_000 }, () => {
    const many = Array.from({ length: 4_000 }, (_, i) => ({
      speaker: `s${i}`,
      paragraphs: [`Turn ${i} talks.`],
    }));
    const two = Array.from({ length: 4_000 }, (_, i) => ({
      speaker: `s${i % 2}`,
      paragraphs: [`Turn ${i} talks.`],
    }));
    const anchors: TimeAnchor[] = Array.from({ length: 400 }, (_, k) => ({
      turn: k * 10,
      time: k * 9 + 1,
      source: 'user',
    }));
    const run = (turns: typeof many): unknown =>
      buildTimeline(turns, layoutText(turns), { duration: 3600, anchors });
    record('buildTimeline', '4,000 speakers vs 2', expectLinearTime(run, many, two, {}, '4,000 speakers'));
  });
});

describe('100,000 tiny turns', () => {
  const lines: string[] = [];
  for (let i = 0; i < 100_000; i++) lines.push(`**${i % 2 ? 'Ann' : 'Bob'}:** Hi ${i}.`, '');
  const tiny = `---\ntitle: Tiny\n---\n\n## Transcript\n\n${lines.join('\n')}`;
  const prose = `---\ntitle: Prose\n---\n\n## Transcript\n\n**Ann:** ${plainText(tiny.length - 40)}\n`;

  it('import in linear time and keep every turn', { timeout: 120_000 }, () => {
    const t = expectLinearTime((s: string) => importEpisodePage(s), tiny, prose, {}, 'tiny turns');
    record('importer', `100,000 tiny turns (${Math.round(tiny.length / 1e6)} MB) vs prose`, t);
    const result = importEpisodePage(tiny);
    expect(result.ok && result.value.turns.length).toBe(100_000);
  });

  it('are indexed for search in linear time', { timeout: 120_000 }, () => {
    const turns = (n: number, text: (i: number) => string): Pick<Turn, 'speaker' | 'paragraphs'>[] =>
      Array.from({ length: n }, (_, i) => ({ speaker: `s${i % 2}`, paragraphs: [text(i)] }));
    const many = { turns: turns(100_000, (i) => `Hi ${i}.`) };
    const words = plainText(many.turns.length * 8);
    const few = { turns: turns(1_000, (i) => words.slice(i * 800, (i + 1) * 800)) };
    const run = (e: typeof many): unknown => SearchIndex.fromEpisode(e).search('hi 500');
    record(
      'search index',
      '100,000 tiny turns vs 1,000 long ones',
      expectLinearTime(run, many, few, {}, 'tiny turns'),
    );
  });
});
