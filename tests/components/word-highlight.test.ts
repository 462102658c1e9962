import { describe, expect, it } from 'vitest';
import { markWords } from '../../src/lib/search/dom-marks.ts';
import { WORD_HIGHLIGHT, WordHighlight, rangeOfInk } from '../../src/lib/state/word-highlight.ts';
import { buildWordIndex } from '../../src/lib/timing/word-times.ts';
import type { Turn } from '../../src/lib/episode/types.ts';

/** A stand-in for the browser's `Highlight`: a set of ranges. */
class FakeHighlight extends Set<AbstractRange> {}

const turns: Pick<Turn, 'paragraphs' | 'words'>[] = [
  {
    // Rendered as "Hello <em>big</em>\n  world." below: the offsets count in the plain text "Hello big world.".
    paragraphs: ['Hello *big* world.'],
    words: [
      [
        [0, 5, 1, 1.4],
        [6, 9, 1.5, 1.9],
        [10, 15, 2, 2.5],
      ],
    ],
  },
];

function setUp(html = 'Hello <em>big</em>\n  world.') {
  document.body.innerHTML = `<article id="turn-0"><p data-paragraph="0">${html}</p></article>`;
  const registry = new Map<string, Highlight>();
  let lookups = 0;
  const words = new WordHighlight({
    paragraphElement: (t, p) => {
      lookups++;
      return document.querySelector(`#turn-${t} [data-paragraph="${p}"]`);
    },
    registry,
    createHighlight: () => new FakeHighlight() as unknown as Highlight,
  });
  words.setIndex(buildWordIndex(turns));
  const marked = (): string | null => {
    const h = registry.get(WORD_HIGHLIGHT) as unknown as FakeHighlight | undefined;
    const ranges = h ? [...h] : [];
    expect(ranges.length).toBeLessThanOrEqual(1);
    return ranges[0] ? (ranges[0] as Range).toString() : null;
  };
  return { words, registry, marked, lookups: () => lookups };
}

describe('the word highlight', () => {
  it('marks the word being spoken, through markup and white space, without changing the DOM', () => {
    const { words, marked } = setUp();
    const before = document.body.innerHTML;
    words.update(0.5);
    expect(marked()).toBeNull();
    words.update(1.2);
    expect(marked()).toBe('Hello');
    words.update(1.6);
    expect(marked()).toBe('big');
    words.update(2.1);
    expect(marked()).toBe('world');
    words.update(3);
    expect(marked()).toBeNull();
    expect(document.body.innerHTML).toBe(before);
  });

  it('looks a word up only when the time leaves its span', () => {
    const { words, lookups } = setUp();
    for (let t = 1; t < 1.4; t += 1 / 60) words.update(t);
    expect(lookups()).toBe(1);
    for (let t = 1.5; t < 2.5; t += 1 / 60) words.update(t);
    expect(lookups()).toBe(3);
  });

  it('finds the word in text split by search marks', () => {
    const { words, marked } = setUp();
    markWords(document.querySelector('p')!, ['world']);
    words.update(2.2);
    expect(marked()).toBe('world');
  });

  it('marks nothing where the rendered text is not the plain text, or the paragraph is not on the page', () => {
    const { words, marked } = setUp('Hello <img alt="x"> world.');
    words.update(1.6);
    expect(marked()).toBeNull();
    document.body.innerHTML = '';
    words.update(1.2);
    expect(marked()).toBeNull();
  });

  it('does nothing without the Custom Highlight API, and takes its highlight away when done', () => {
    const none = new WordHighlight({ paragraphElement: () => null, registry: null });
    none.setIndex(buildWordIndex(turns));
    none.update(1.2);
    expect(none.word).toBe(-1);
    // jsdom has no CSS.highlights: the default is to do nothing.
    const byDefault = new WordHighlight({ paragraphElement: () => null });
    byDefault.setIndex(buildWordIndex(turns));
    byDefault.update(1.2);
    expect(byDefault.word).toBe(-1);
    const { words, registry } = setUp();
    words.update(1.2);
    expect(registry.has(WORD_HIGHLIGHT)).toBe(true);
    words.destroy();
    expect(registry.has(WORD_HIGHLIGHT)).toBe(false);
  });

  it('waits for a "now" when told to', () => {
    document.body.innerHTML = '<article id="turn-0"><p data-paragraph="0">Hello big world.</p></article>';
    let started = false;
    const registry = new Map<string, Highlight>();
    const words = new WordHighlight({
      paragraphElement: () => document.querySelector('p'),
      registry,
      createHighlight: () => new FakeHighlight() as unknown as Highlight,
      enabled: () => started,
    });
    words.setIndex(buildWordIndex(turns));
    words.update(1.2);
    expect(words.word).toBe(-1);
    started = true;
    words.update(1.21);
    expect(words.word).toBe(0);
  });

  it('rangeOfInk counts characters that are not white space', () => {
    document.body.innerHTML = '<p> a <b>bc</b>\n d </p>';
    const p = document.querySelector('p')!;
    expect(rangeOfInk(p, 1, 3)?.toString()).toBe('bc');
    expect(rangeOfInk(p, 0, 4)?.toString()).toBe('a bc\n d');
    expect(rangeOfInk(p, 3, 5)).toBeNull();
  });
});

describe('the word index, built when first needed', () => {
  it('is built at the first update with a "now", once', () => {
    document.body.innerHTML = '<article id="turn-0"><p data-paragraph="0">Hello big world.</p></article>';
    let builds = 0;
    let started = false;
    const words = new WordHighlight({
      paragraphElement: () => document.querySelector('p'),
      registry: new Map<string, Highlight>(),
      createHighlight: () => new FakeHighlight() as unknown as Highlight,
      enabled: () => started,
    });
    words.setIndex(() => {
      builds++;
      return buildWordIndex(turns);
    });
    words.update(1.2);
    expect(builds).toBe(0);
    started = true;
    words.update(1.2);
    words.update(1.6);
    expect([builds, words.word]).toEqual([1, 1]);
  });

  it('is never built without the Custom Highlight API', () => {
    const words = new WordHighlight({ paragraphElement: () => null, registry: null });
    let builds = 0;
    words.setIndex(() => {
      builds++;
      return buildWordIndex(turns);
    });
    words.update(1.2);
    expect(builds).toBe(0);
  });
});
