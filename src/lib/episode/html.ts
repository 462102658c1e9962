import { forwardFinder, isSpaceCode } from './scan.ts';

/**
 * Page HTML and JSX as episode pages carry it, read by scanning: every function here is linear in its input,
 * whatever the input (a tag that never closes, ten thousand `<h1>`, `{{}}` repeated).
 */

/** A–Z → a–z and nothing else, so indexes stay the same. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isNameChar(c: number): boolean {
  // [\w.-]
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

/**
 * For every position inside a tag's attributes, the index of the `>` that ends the tag, or -1: quoted values
 * and JSX expressions (`{x}`, `{{ a: 1 }}`) are skipped, so a `>` inside them does not end the tag. Computed
 * right to left in one pass.
 */
function tagEndTable(text: string): Int32Array {
  const n = text.length;
  const end = new Int32Array(n + 1).fill(-1);
  let nextDouble = -1;
  let nextSingle = -1;
  let nextBrace = -1;
  let nextDoubleBrace = -1;
  for (let k = n - 1; k >= 0; k--) {
    const c = text.charCodeAt(k);
    if (c === 62 /* > */) end[k] = k;
    else if (c === 34 /* " */) end[k] = nextDouble === -1 ? -1 : end[nextDouble + 1]!;
    else if (c === 39 /* ' */) end[k] = nextSingle === -1 ? -1 : end[nextSingle + 1]!;
    else if (c === 123 /* { */) {
      if (text.charCodeAt(k + 1) === 123 && nextDoubleBrace !== -1) end[k] = end[nextDoubleBrace + 2]!;
      else end[k] = nextBrace === -1 ? -1 : end[nextBrace + 1]!;
    } else end[k] = end[k + 1]!;
    if (c === 34) nextDouble = k;
    else if (c === 39) nextSingle = k;
    else if (c === 125 /* } */) {
      nextBrace = k;
      if (text.charCodeAt(k + 1) === 125) nextDoubleBrace = k;
    }
  }
  return end;
}

export interface Tag {
  start: number;
  /** Index just after the tag's `>`. */
  end: number;
  /** Lowercase tag name. */
  name: string;
  closing: boolean;
}

/** Every tag (`<name …>`, `</name>`, `<Name … />`) in order; a `<` that starts no tag is text. */
export function scanTags(text: string): Tag[] {
  const tags: Tag[] = [];
  let table: Int32Array | null = null;
  let i = text.indexOf('<');
  while (i !== -1) {
    let k = i + 1;
    const closing = text.charCodeAt(k) === 47; /* / */
    if (closing) k++;
    let end = -1;
    if (isNameStart(text.charCodeAt(k))) {
      const nameStart = k;
      while (k < text.length && isNameChar(text.charCodeAt(k))) k++;
      const c = text.charCodeAt(k);
      if (c === 62) end = k;
      else if (c === 47 && text.charCodeAt(k + 1) === 62) end = k + 1;
      else if (isSpaceCode(c)) {
        table ??= tagEndTable(text);
        end = table[k + 1]!;
      }
      if (end !== -1) {
        tags.push({ start: i, end: end + 1, name: text.slice(nameStart, k).toLowerCase(), closing });
        i = text.indexOf('<', end + 1);
        continue;
      }
    }
    i = text.indexOf('<', i + 1);
  }
  return tags;
}

/** A text with parts removed, and where each of its characters was before. */
export interface Cut {
  text: string;
  /** The index in the original text of an index in `text`. */
  source(at: number): number;
}

/** Removes the given ranges (sorted, not overlapping) from a text; a range with a third item is replaced by it. */
function cut(text: string, ranges: ([number, number] | [number, number, string])[]): Cut {
  if (ranges.length === 0) return { text, source: (at) => at };
  let out = '';
  let last = 0;
  const outStarts: number[] = [];
  const inStarts: number[] = [];
  for (const [a, b, replacement] of ranges) {
    outStarts.push(out.length);
    inStarts.push(last);
    out += text.slice(last, a);
    if (replacement) {
      outStarts.push(out.length);
      inStarts.push(a);
      out += replacement;
    }
    last = b;
  }
  outStarts.push(out.length);
  inStarts.push(last);
  out += text.slice(last);
  return {
    text: out,
    source(at) {
      let lo = 0;
      let hi = outStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (outStarts[mid]! <= at) lo = mid;
        else hi = mid - 1;
      }
      return inStarts[lo]! + (at - outStarts[lo]!);
    },
  };
}

/** What `stripHtml` left out that a reader may miss. */
export interface StripNote {
  /** Index in the text given to `stripHtml`. */
  at: number;
  what: string;
  /** The text left out. */
  content: string;
}

/**
 * For positions asked in increasing order, where the next line that starts like a speaker label (`**Name:**`)
 * begins (the index of the newline before it), or -1.
 */
function labelLineFinder(text: string): (from: number) => number {
  let queried = -1;
  let found = -2;
  const search = (from: number): number => {
    let i = text.indexOf('\n', from);
    while (i !== -1) {
      let k = i + 1;
      while (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9) k++;
      const lineEnd = text.indexOf('\n', k);
      if (text.startsWith('**', k)) {
        const colon = text.indexOf(':', k);
        if (colon !== -1 && (lineEnd === -1 || colon < lineEnd)) return i;
      }
      i = lineEnd;
    }
    return -1;
  };
  return (from) => {
    if (!(found === -1 && from >= queried) && !(found >= from && from >= queried)) {
      queried = from;
      found = search(from);
    }
    return found;
  };
}

/** `<!-- … -->` comments; a comment that hides speaker lines is noted. */
function stripComments(text: string, notes: StripNote[]): Cut {
  const ranges: [number, number][] = [];
  const nextLabel = labelLineFinder(text);
  let i = text.indexOf('<!--');
  while (i !== -1) {
    const close = text.indexOf('-->', i + 4);
    if (close === -1) break;
    const label = nextLabel(i);
    if (label !== -1 && label < close) {
      notes.push({ at: i, what: 'an HTML comment', content: text.slice(i + 4, close) });
    }
    ranges.push([i, close + 3]);
    i = text.indexOf('<!--', close + 3);
  }
  return cut(text, ranges);
}

const ELEMENTS_WITH_CONTENT = new Set(['audio', 'iframe', 'script', 'style', 'video']);
const BREAKING = new Set(['br', 'p', 'div', 'li', 'hr', 'td', 'th', 'tr', 'figcaption', 'blockquote']);

/**
 * Removes page HTML: comments, players and scripts with their content, the `<YouTube />` component, every other
 * tag (its text stays), JSX `{' '}` spacers. An element that would swallow speaker lines (an `<iframe>` that
 * is never closed) loses only its opening tag.
 */
export function stripHtml(text: string, notes: StripNote[] = []): string {
  return stripHtmlMapped(text, notes).text;
}

/** `stripHtml`, with where each character of the result stood in `text`. */
export function stripHtmlMapped(text: string, notes: StripNote[] = []): Cut {
  const uncommented = stripComments(text, notes);
  const t = uncommented.text;
  const lower = asciiLower(t);
  const closers = new Map<string, (from: number) => number>();
  const selfClose = forwardFinder(t, '/>');
  const ranges: ([number, number] | [number, number, string])[] = [];
  const nextLabel = labelLineFinder(t);
  let after = 0;
  for (const tag of scanTags(t)) {
    if (tag.start < after) continue;
    const name = tag.name;
    const youTube = t.startsWith('<YouTube', tag.start);
    if (tag.closing || !(ELEMENTS_WITH_CONTENT.has(name) || youTube)) {
      // A line break or the edge of a block separates the words on either side.
      ranges.push(BREAKING.has(name) ? [tag.start, tag.end, ' '] : [tag.start, tag.end]);
      after = tag.end;
      continue;
    }
    let close = -1;
    let closeLength = 2;
    const selfClosed = selfClose(tag.start);
    if (selfClosed !== -1) close = selfClosed;
    if (!youTube) {
      let finder = closers.get(name);
      if (!finder) closers.set(name, (finder = forwardFinder(lower, `</${name}>`)));
      const closeTag = finder(tag.start);
      if (closeTag !== -1 && (close === -1 || closeTag < close)) {
        close = closeTag;
        closeLength = name.length + 3;
      }
    }
    const end = close === -1 ? -1 : close + closeLength;
    const label = end === -1 ? -1 : nextLabel(tag.start);
    if (end === -1 || (label !== -1 && label < end)) ranges.push([tag.start, tag.end]);
    else ranges.push([tag.start, Math.max(end, tag.end)]);
    after = ranges[ranges.length - 1]![1];
  }
  const untagged = cut(t, ranges);
  return {
    // Spacers become one space: indexes after them shift by a few characters, never by a line.
    text: untagged.text.replace(/\{[ \t]*(["'])[ \t]*\1[ \t]*\}/g, ' ').replace(/\u00a0/g, ' '),
    source: (at) => uncommented.source(untagged.source(at)),
  };
}

/**
 * The first HTML heading (`<h1>`…`<h6>`) whose text holds `phrase` as whole words (any case, any run of white
 * space between its words), as `[start of the heading, end of it]`, or null.
 */
export function findHtmlHeading(text: string, phrase: RegExp): [number, number] | null {
  const lower = asciiLower(text);
  const nextGt = forwardFinder(lower, '>');
  const nextClose = forwardFinder(lower, '</h');
  let i = lower.indexOf('<h');
  while (i !== -1) {
    const level = lower.charCodeAt(i + 2);
    const after = lower.charCodeAt(i + 3);
    if (level >= 49 && level <= 54 && !isNameChar(after)) {
      const open = nextGt(i + 3);
      if (open === -1) return null;
      let close = nextClose(open + 1);
      while (close !== -1 && !isHeadingClose(lower, close)) close = nextClose(close + 1);
      if (close === -1) return null;
      if (phrase.test(text.slice(open + 1, close))) return [i, close + 5];
      // A heading inside this one ends at the same place: its text is part of what was just looked at.
      i = lower.indexOf('<h', close);
      continue;
    }
    i = lower.indexOf('<h', i + 2);
  }
  return null;
}

function isHeadingClose(lower: string, at: number): boolean {
  const level = lower.charCodeAt(at + 3);
  return level >= 49 && level <= 54 && lower.charCodeAt(at + 4) === 62;
}
