import { byLetters, type Weigher } from './timeline.ts';

/** Words. */
export const byWords: Weigher = (text) => Math.max(1, text.split(/\s+/).filter(Boolean).length);

export { byLetters };

/** Syllables, estimated from vowel groups (English-leaning; other scripts fall back to letters / 3). */
export function syllablesOf(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (!w) return Math.max(1, Math.round(word.replace(/[^\p{L}\p{N}]/gu, '').length / 3));
  const groups = w.replace(/e$/, '').match(/[aeiouy]+/g)?.length ?? 0;
  return Math.max(1, groups);
}

export const bySyllables: Weigher = (text) => {
  let n = 0;
  for (const word of text.split(/\s+/)) if (word) n += syllablesOf(word);
  return Math.max(1, n);
};

/** Rough spoken length of a number or an abbreviation, in letters: "2014" → "twenty fourteen". */
function spokenLetters(token: string): number {
  if (/^\d+([.,]\d+)?%?$/.test(token)) {
    const digits = token.replace(/\D/g, '').length;
    // Each digit group is said as a word or two; a percent sign adds "percent".
    return digits * 3.5 + (token.endsWith('%') ? 7 : 0);
  }
  if (/^[A-Z]{2,5}s?$/.test(token)) return token.length * 2.5; // "AWS" → "ay double-you ess"
  return token.replace(/[^\p{L}\p{N}]/gu, '').length;
}

const KEEP_START = /[\p{L}\p{N}$]/u;
const KEEP_END = /[\p{L}\p{N}%]/u;

/** A token without the punctuation around it (a scan: the regex for it was quadratic on long runs). */
function trimToWord(token: string): string {
  const chars = [...token];
  let start = 0;
  let end = chars.length;
  while (start < end && !KEEP_START.test(chars[start]!)) start++;
  while (end > start && !KEEP_END.test(chars[end - 1]!)) end--;
  return start === 0 && end === chars.length ? token : chars.slice(start, end).join('');
}

/** Letters, with numbers and abbreviations counted as they are spoken. */
export const bySpokenLetters: Weigher = (text) => {
  let n = 0;
  for (const token of text.split(/[\s/–—-]+/)) {
    const bare = trimToWord(token);
    if (bare) n += spokenLetters(bare);
  }
  return Math.max(1, n);
};

/** Letters, plus a pause for every sentence end and comma: speakers breathe where punctuation is. */
export function byLettersAndPauses(sentencePause: number, commaPause: number): Weigher {
  return (text) => {
    const letters = text.replace(/[^\p{L}\p{N}]/gu, '').length;
    // The last mark of each run before a space or the end: one per sentence end.
    const sentences = (text.match(/[.!?…](?=\s|$)/g) ?? []).length;
    const commas = (text.match(/[,;:—–]/g) ?? []).length;
    return Math.max(1, letters + sentencePause * sentences + commaPause * commas);
  };
}
