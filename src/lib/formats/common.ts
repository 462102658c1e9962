/**
 * Helpers shared by the timed-transcript parsers and writers: text preparation, timestamps, sentence ends,
 * plain text to markdown. Pure functions, no DOM.
 */
import type { Result } from '../episode/types.ts';
import type { TimedSegment } from './types.ts';

/** The speaker name given to segments whose format names nobody. */
export const UNKNOWN_SPEAKER = 'Unknown speaker';

export function failure(error: string): { ok: false; error: string } {
  return { ok: false, error };
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
  const body = text.replace(/^\uFEFF/, '');
  if (looksBinary(body)) return failure(`The ${what} is not text (it looks like binary data).`);
  if (body.trim() === '') return failure(`The ${what} is empty.`);
  return { ok: true, value: body.replace(/\r\n?/g, '\n') };
}

/** NUL bytes, or more than a few control characters or undecodable bytes, mean this is not a text file. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  // eslint-disable-next-line no-control-regex
  const odd = sample.match(/[\u0001-\u0008\u000B\u000E-\u001F\u007F\uFFFD]/g)?.length ?? 0;
  return odd > 0 && odd >= Math.max(3, sample.length * 0.01);
}

/** Collapses runs of white space (including line breaks) into single spaces and trims. */
export function cleanText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Whether the text ends a sentence: . ! ? … (or ‽), possibly followed by closing quotes or brackets. */
export function endsSentence(text: string): boolean {
  return /[.!?…‽][\s"'”’»)\]*_]*$/u.test(text);
}

/** Joins two pieces of running text: with a space, but none before punctuation that clings to a word. */
export function joinText(before: string, after: string): string {
  if (before === '') return after;
  if (after === '') return before;
  return /^[,.;:!?…%)\]}”’»]/u.test(after) || /[([{“‘«]$/u.test(before)
    ? `${before}${after}`
    : `${before} ${after}`;
}

/** Seconds rounded to whole milliseconds, the precision of every timed format. */
export function roundMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/**
 * Parses a cue timestamp: "hh:mm:ss.ttt", "mm:ss.ttt", with "," or "." before the milliseconds (1 to 3
 * digits, or none). Hours may have any number of digits. Undefined when it is not one.
 */
export function parseTimestamp(text: string): number | undefined {
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!m) return undefined;
  const [, h, min, s, frac] = m;
  const minutes = Number(min);
  const secs = Number(s);
  if (secs >= 60 || (h !== undefined && minutes >= 60)) return undefined;
  const ms = frac === undefined ? 0 : Number(frac.padEnd(3, '0'));
  return ((Number(h ?? 0) * 3600 + minutes * 60 + secs) * 1000 + ms) / 1000;
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

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  nbsp: ' ',
  quot: '"',
  apos: "'",
  lrm: '',
  rlm: '',
};

/** Decodes the HTML character references captions use: named ones above and numeric ones. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * A speaker label in front of a line of text, "Name: text", when it looks like a name: one to four words
 * starting with a letter (capitalised, except name particles like "van" or "de"), at most 40 characters,
 * no sentence punctuation (a period only after an initial or a title such as "Dr."), and not a word that
 * often starts a sentence ("So: ...", "Note: ..."); or Hark's own "Unknown speaker". Returns the label and the
 * rest of the line.
 */
export function splitSpeakerPrefix(line: string): { speaker: string; rest: string } | undefined {
  const m = /^\s*([^:]{1,40}?)\s*:(?:\s+|$)([^]*)$/u.exec(line);
  if (!m) return undefined;
  const [, label = '', rest = ''] = m;
  return looksLikeName(label) ? { speaker: label, rest } : undefined;
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
