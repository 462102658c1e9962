import { oneLine } from '../episode/speaker-name.ts';
import { formatClock } from '../episode/text.ts';
import { passagePattern } from './tokens.ts';
import type { SearchIndex } from './search-index.ts';

/** Longest quote a link carries; longer selections are shortened for the URL (the copied text is whole). */
export const LINK_QUOTE_MAX = 240;

/** Collapses white space and straightens nothing else: what a reader selected, tidied. */
export function tidyQuote(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `“…the quote…” — Kelsey Hightower, ≈ 12:34` */
export function formatQuote(quote: string, speaker: string, seconds: number, exact: boolean): string {
  return `“${tidyQuote(quote)}” — ${oneLine(speaker)}, ${exact ? '' : '≈ '}${formatClock(seconds)}`;
}

/** The part of a quote a link carries: whole words, at most `LINK_QUOTE_MAX` characters. */
export function quoteForLink(quote: string): string {
  const q = tidyQuote(quote);
  if (q.length <= LINK_QUOTE_MAX) return q;
  const cut = q.slice(0, LINK_QUOTE_MAX);
  return cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : LINK_QUOTE_MAX);
}

/**
 * Finds the paragraph a shared quote came from: the exact text first (ignoring case and white space), then
 * the best search hit, so a link survives small edits to the transcript and changes to the timing.
 */
export function findQuote(
  index: SearchIndex,
  quote: string,
): { turn: number; paragraph: number; exact: boolean } | null {
  // A link carries at most LINK_QUOTE_MAX characters; a longer quote (a crafted link) is cut the same way,
  // so that neither the pattern nor the search below costs more than a link's worth of words.
  const q = quoteForLink(quote);
  if (!q) return null;
  // Case, white space and the kind of apostrophe or quote mark don't matter.
  const pattern = passagePattern(q);
  for (const d of index.docs) {
    if (pattern.test(d.text)) return { turn: d.turn, paragraph: d.paragraph, exact: true };
  }
  const best = index.search(`${q} `)[0];
  return best ? { turn: best.turn, paragraph: best.paragraph, exact: false } : null;
}
