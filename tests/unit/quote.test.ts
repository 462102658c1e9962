import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEpisodeJson } from '../../src/lib/episode/validate.ts';
import type { Episode } from '../../src/lib/episode/types.ts';
import {
  findQuote,
  formatQuote,
  LINK_QUOTE_MAX,
  quoteForLink,
  tidyQuote,
} from '../../src/lib/search/quote.ts';
import { SearchIndex } from '../../src/lib/search/search-index.ts';

function loadEpisode(): Episode {
  const r = parseEpisodeJson(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const INDEX = SearchIndex.fromEpisode(loadEpisode());

describe('tidyQuote', () => {
  it('collapses white space and trims', () => {
    expect(tidyQuote('  a live\n demo\t\tof   etcd \n')).toBe('a live demo of etcd');
    expect(tidyQuote('\u00a0non-breaking\u00a0space ')).toBe('non-breaking space');
    expect(tidyQuote('   ')).toBe('');
  });

  it('changes nothing else', () => {
    expect(tidyQuote('Don’t do that — “really”, OK?')).toBe('Don’t do that — “really”, OK?');
    expect(tidyQuote("It's CASE-sensitive")).toBe("It's CASE-sensitive");
  });
});

describe('formatQuote', () => {
  it('quotes, names the speaker and gives an approximate time', () => {
    expect(formatQuote('a live demo\n of etcd ', 'Kelsey Hightower', 754, false)).toBe(
      '“a live demo of etcd” — Kelsey Hightower, ≈ 12:34',
    );
  });

  it('leaves out ≈ when the time is exact', () => {
    expect(formatQuote('a live demo of etcd', 'Kelsey Hightower', 754, true)).toBe(
      '“a live demo of etcd” — Kelsey Hightower, 12:34',
    );
  });

  it('formats hours and the very start', () => {
    expect(formatQuote('x', 'Beyang Liu', 3723, true)).toBe('“x” — Beyang Liu, 1:02:03');
    expect(formatQuote('x', 'Beyang Liu', 0, false)).toBe('“x” — Beyang Liu, ≈ 0:00');
  });
});

describe('quoteForLink', () => {
  it('keeps a short quote whole, tidied', () => {
    expect(quoteForLink('  a live demo\nof etcd ')).toBe('a live demo of etcd');
    const exactly = 'a'.repeat(LINK_QUOTE_MAX);
    expect(quoteForLink(exactly)).toBe(exactly);
  });

  it('shortens a long quote to whole words within the limit', () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`);
    const quote = words.join(' ');
    expect(quote.length).toBeGreaterThan(LINK_QUOTE_MAX);
    const link = quoteForLink(quote);
    expect(LINK_QUOTE_MAX).toBe(240);
    expect(link.length).toBeLessThanOrEqual(LINK_QUOTE_MAX);
    expect(link.length).toBeGreaterThan(LINK_QUOTE_MAX - 10);
    expect(quote.startsWith(link)).toBe(true);
    // It ends at the end of a word: the next character of the quote is a space.
    expect(quote[link.length]).toBe(' ');
    expect(link.split(' ')).toEqual(words.slice(0, link.split(' ').length));
  });

  it('does not keep a word that ends exactly at the limit half-cut', () => {
    const quote = `${'abcd '.repeat(60)}`.trim();
    const link = quoteForLink(quote);
    expect(link.length).toBeLessThanOrEqual(LINK_QUOTE_MAX);
    expect(link.endsWith('abcd')).toBe(true);
    expect(quote[link.length]).toBe(' ');
  });

  it('cuts a quote that has no break late enough at the limit', () => {
    const quote = `short ${'x'.repeat(400)}`;
    expect(quoteForLink(quote)).toHaveLength(LINK_QUOTE_MAX);
  });

  it('tidies before measuring', () => {
    const quote = `${'word '.repeat(47)}end`.replace(/ /g, '   \n');
    expect(quote.length).toBeGreaterThan(LINK_QUOTE_MAX);
    expect(quoteForLink(quote)).toBe(tidyQuote(quote));
  });
});

describe('findQuote on the real episode', () => {
  it('finds an exact quote in any case and white space', () => {
    expect(findQuote(INDEX, 'A LIVE demo of   etcd\nand how the Raft protocol behaves')).toEqual({
      turn: 27,
      paragraph: 5,
      exact: true,
    });
    expect(findQuote(INDEX, "  don't go out and get a KUBERNETES tattoo ")).toEqual({
      turn: 43,
      paragraph: 0,
      exact: true,
    });
  });

  it('finds the first paragraph when the quote is in two', () => {
    expect(findQuote(INDEX, 'Kubernetes tattoo')).toEqual({ turn: 41, paragraph: 5, exact: true });
  });

  it('finds a quote whose wording changed a little, not exactly', () => {
    expect(
      findQuote(INDEX, 'a live demonstration of etcd and how the raft protocol behaved in the real world'),
    ).toEqual({ turn: 27, paragraph: 5, exact: false });
    expect(findQuote(INDEX, "don't go and get a Kubernets tatoo, trust me")).toEqual({
      turn: 43,
      paragraph: 0,
      exact: false,
    });
  });

  it.each(['zzqx vvbnm', 'purple elephant xylophone', '', '   ', '…'])('finds nothing for %j', (q) => {
    expect(findQuote(INDEX, q)).toBeNull();
  });
});

describe('findQuote with typographic quotes', () => {
  it('finds a quote copied with a curly apostrophe in a transcript that has a straight one', async () => {
    const { readFileSync } = await import('node:fs');
    const { SearchIndex } = await import('../../src/lib/search/search-index.ts');
    const index = SearchIndex.fromEpisode(JSON.parse(readFileSync('episodes/kelsey-hightower.json', 'utf8')));
    expect(findQuote(index, 'don’t go out and get a Kubernetes tattoo')).toEqual({
      turn: 43,
      paragraph: 0,
      exact: true,
    });
  });
});
