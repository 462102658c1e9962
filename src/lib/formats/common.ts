/**
 * Helpers shared by the timed-transcript parsers and writers: text preparation, timestamps, sentence ends,
 * plain text to markdown. Pure functions, no DOM.
 */
import type { Result } from '../episode/types.ts';
import { UNKNOWN_SPEAKER } from '../episode/types.ts';
import { looksBinary } from './encoding.ts';
import { parseLenientTimestamp } from './timestamps.ts';
import type { TimedSegment } from './types.ts';

export { UNKNOWN_SPEAKER };

export function failure(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

/**
 * The error for a file with nothing usable left: "The SRT file has no cues with text.", followed by the first
 * reason something was left out ("Line 3: cue left out: ...") and how many more there were.
 */
export function nothingLeft(what: string, warnings: readonly string[]): string {
  if (warnings.length === 0) return `The ${what} has no cues with text.`;
  const more = warnings.length > 1 ? ` (and ${warnings.length - 1} more like it)` : '';
  return `The ${what} has no cues Hark can read. ${warnings[0]!.replace(/\.$/, '')}${more}.`;
}

/** A short, quoted excerpt of a line for error messages. */
export function quote(text: string, max = 60): string {
  const t = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return JSON.stringify(t);
}

/**
 * Checks that `text` is a non-empty text file and returns it without a byte order mark and with "\n" line
 * ends. `what` names the format in the error, e.g. "WebVTT file".
 */
export function prepareText(text: unknown, what: string): Result<string> {
  if (typeof text !== 'string') return failure(`The ${what} is not text.`);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (looksBinary(body)) return failure(`The ${what} is not text (it looks like binary data).`);
  if (body.trim() === '') return failure(`The ${what} is empty.`);
  return { ok: true, value: body.replace(/\r\n?/g, '\n') };
}

/**
 * Collapses runs of white space (including line breaks) into single spaces and trims. A no-break space
 * (`&nbsp;`, SSA's `\h`) is kept: it is written to keep two words together.
 */
export function cleanText(text: string): string {
  const collapsed = text.replace(/[^\S\u00a0\u202f]+/g, ' ');
  const from = collapsed.startsWith(' ') ? 1 : 0;
  const to = collapsed.endsWith(' ') ? collapsed.length - 1 : collapsed.length;
  return from >= to ? '' : collapsed.slice(from, to);
}

/** Whether the text ends a sentence: . ! ? … (or ‽), possibly followed by closing quotes or brackets. */
export function endsSentence(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && CLOSERS.has(text[i]!)) i--;
  return i >= 0 && SENTENCE_ENDS.has(text[i]!);
}

const SENTENCE_ENDS = new Set(['.', '!', '?', '…', '‽']);
const CLOSERS = new Set([
  ' ',
  '\t',
  '\n',
  '\r',
  '\f',
  '\v',
  '\u00a0',
  '"',
  "'",
  '”',
  '’',
  '»',
  ')',
  ']',
  '*',
  '_',
]);

/** Joins two pieces of running text: with a space, but none before punctuation that clings to a word. */
export function joinText(before: string, after: string): string {
  if (before === '') return after;
  if (after === '') return before;
  // Only the characters at the seam are looked at: `before` may be long and grow with every join.
  return CLINGS_LEFT.has(after[0]!) || OPENS.has(before[before.length - 1]!)
    ? `${before}${after}`
    : `${before} ${after}`;
}

/**
 * Joins pieces of running text as `joinText` does one by one, in time linear in the total length (folding
 * with `joinText` would look at the end of an ever longer string).
 */
export function joinAll(pieces: readonly string[]): string {
  const out: string[] = [];
  let last = '';
  for (const piece of pieces) {
    if (piece === '') continue;
    if (last !== '' && !CLINGS_LEFT.has(piece[0]!) && !OPENS.has(last)) out.push(' ');
    out.push(piece);
    last = piece[piece.length - 1]!;
  }
  return out.join('');
}

const CLINGS_LEFT = new Set([',', '.', ';', ':', '!', '?', '…', '%', ')', ']', '}', '”', '’', '»']);
const OPENS = new Set(['(', '[', '{', '“', '‘', '«']);

/** Seconds rounded to whole milliseconds, the precision of every timed format. */
export function roundMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/**
 * Parses a timestamp as real files write it: "hh:mm:ss.ttt", "mm:ss.ttt" or seconds alone, "," or "."
 * before the fraction (see `parseLenientTimestamp`). Undefined when it is not one.
 */
export function parseTimestamp(text: string): number | undefined {
  return parseLenientTimestamp(text);
}

/** "hh:mm:ss.mmm" (WebVTT, `separator` ".") or "hh:mm:ss,mmm" (SRT, `separator` ","). */
export function formatTimestamp(seconds: number, separator: '.' | ','): string {
  const total = Math.max(0, Math.round((Number.isFinite(seconds) ? seconds : 0) * 1000));
  const ms = total % 1000;
  const s = Math.floor(total / 1000) % 60;
  const m = Math.floor(total / 60000) % 60;
  const h = Math.floor(total / 3600000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(h)}:${two(m)}:${two(s)}${separator}${String(ms).padStart(3, '0')}`;
}

/** Sorts segments by start time, keeping the file's order for equal starts (Array.prototype.sort is stable). */
export function sortByStart(segments: TimedSegment[]): TimedSegment[] {
  return [...segments].sort((a, b) => a.start - b.start);
}

/**
 * A speaker label in front of a line of text, "Name: text", when it looks like a name: one to four words
 * starting with a letter (capitalised, except name particles like "van" or "de"), at most 40 characters,
 * no sentence punctuation (a period only after an initial or a title such as "Dr."), and not a word that
 * often starts a sentence ("So: ...", "Note: ..."); or Hark's own "Unknown speaker". Returns the label and the
 * rest of the line.
 */
export function splitSpeakerPrefix(line: string): { speaker: string; rest: string } | undefined {
  let from = 0;
  while (from < line.length && /\s/.test(line[from]!)) from++;
  const colon = line.indexOf(':', from);
  if (colon < 0 || colon - from > 48) return undefined;
  const after = line[colon + 1];
  if (after !== undefined && !/\s/.test(after)) return undefined;
  const label = line.slice(from, colon).trim();
  if (label.length === 0 || label.length > 40) return undefined;
  return looksLikeName(label) ? { speaker: label, rest: line.slice(colon + 1).trimStart() } : undefined;
}

const PARTICLES = new Set([
  'al',
  'bin',
  'da',
  'das',
  'de',
  'del',
  'della',
  'der',
  'di',
  'do',
  'dos',
  'du',
  'la',
  'le',
  'van',
  'von',
  'y',
]);
const TITLES = new Set(['dr', 'mr', 'mrs', 'ms', 'mx', 'prof', 'st', 'jr', 'sr', 'rev', 'hon', 'sen', 'gen']);
const NOT_NAMES = new Set(
  (
    'so and but or yes no yeah okay ok well now note notes example also then here there why what how who ' +
    'when where question answer step warning update ps anyway basically actually like right look listen ' +
    'first second third finally summary result results tip time date location source edit editor’s'
  ).split(' '),
);

function looksLikeName(label: string): boolean {
  if (label === UNKNOWN_SPEAKER) return true;
  const words = label.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 4) return false;
  if (!/^[\p{Lu}\p{Lt}\p{Lo}]/u.test(label)) return false;
  if (words.length === 1 && NOT_NAMES.has(label.toLowerCase())) return false;
  return words.every((word, i) => {
    if (!/^[\p{L}\p{M}\p{N}'’\-_.()&]+$/u.test(word)) return false;
    if (word.includes('.')) {
      // A period is fine after an initial ("J.") or a title ("Dr."), and nowhere else.
      const bare = word.replace(/[.]/g, '');
      const initials = /^(?:\p{L}\.)+$/u.test(word);
      if (!initials && !(word.endsWith('.') && TITLES.has(bare.toLowerCase()))) return false;
    }
    if (i === 0) return true;
    return /^[\p{Lu}\p{Lt}\p{Lo}\p{N}(]/u.test(word) || PARTICLES.has(word.toLowerCase());
  });
}

/**
 * Markdown for plain text: what markdown would read as markup is escaped (`<`, `>`, and `&` before an
 * entity as character references, the rest with a backslash), so the markdown renders as the text and
 * `markdownToPlain` gives the text back. One exception: `markdownToPlain` reads two `*`, `_` or backticks
 * in a paragraph as emphasis even when escaped ("my_var and my_var"), so it loses those characters.
 */
export function plainToMarkdown(plain: string): string {
  return cleanText(plain)
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\[\]~*_`]/g, '\\$&')
    .replace(/\\\]\(/g, '\\]\\(')
    .replace(/^(#{1,6})(?=\s|$)/, (h) => h.replace(/#/g, '\\#'))
    .replace(/^([-+])(?=\s)/, '\\$1')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
    .replace(/^(=+|-+)$/, (line) => `\\${line}`);
}
