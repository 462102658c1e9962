/** A word of a text, normalized for search, with where it stands in the text. */
export interface Token {
  /** Lowercase, without diacritics or apostrophes: "Don’t" → "dont", "Østhus" → "østhus". */
  norm: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

const ASCII_WORD = /^[A-Za-z0-9]+$/;

/** Normalizes one word the way `tokenize` does. */
export function normalizeWord(word: string): string {
  if (ASCII_WORD.test(word)) return word.toLowerCase();
  return word.normalize('NFKD').replace(/\p{M}/gu, '').replace(/['’]/g, '').toLocaleLowerCase('en');
}

/** Splits text into words with their character ranges. The same rules serve the index, queries and the DOM. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    tokens.push({ norm: normalizeWord(m[0]), start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

/** A pattern for a passage that ignores case, runs of white space and the kind of apostrophe or quote mark. */
export function passagePattern(passage: string): RegExp {
  const escaped = passage
    .trim()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/['’‘]/g, "['’‘]")
    .replace(/["“”]/g, '["“”]')
    .replace(/\s+/g, '\\s+');
  return new RegExp(escaped, 'iu');
}
