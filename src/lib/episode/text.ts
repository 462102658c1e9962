/** Small text helpers shared by the importer, the formats and the search index. */
import { forwardFinder, isSpaceCode } from './scan.ts';

/** A URL- and id-safe slug: lowercase letters and digits (any script) joined by "-". */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('en')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-/, '')
    .replace(/-$/, '');
}

/** Parses "1:02:03", "12:34" or "00:01:00" into seconds; undefined when it is not a clock time. */
export function parseClock(text: string): number | undefined {
  const m = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!m) return undefined;
  const [, h, min, s, frac] = m;
  const minutes = Number(min);
  const secs = Number(s);
  if (secs >= 60 || (h !== undefined && minutes >= 60)) return undefined;
  return Number(h ?? 0) * 3600 + minutes * 60 + secs + (frac ? Number(`0.${frac}`) : 0);
}

/** Formats seconds as "m:ss" or "h:mm:ss". */
export function formatClock(seconds: number): string {
  const total = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Spoken form of a duration for screen readers: "1 hour 2 minutes 3 seconds". */
export function spokenDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const parts: string[] = [];
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h) parts.push(`${h} hour${h === 1 ? '' : 's'}`);
  if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (s || parts.length === 0) parts.push(`${s} second${s === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/**
 * Plain text of a markdown paragraph, as a reader hears it: links become their text, emphasis markers and
 * escapes go. Used for search and for timing weights; rendering uses marked. Linear time: each step scans.
 */
export function markdownToPlain(markdown: string): string {
  // Escaped characters are literal: set them aside so they can't open or close emphasis.
  const escaped: string[] = [];
  let text = markdown.replace(
    /\\([\\`*_{}[\]()#+\-.!|~<>])/g,
    (_, c: string) => `\u{F0000}${escaped.push(c) - 1}\u{F0001}`,
  );
  text = stripLinks(stripLinks(text, '!['), '[');
  text = stripTags(text);
  text = stripEmphasis(text);
  text = stripUnderscores(text);
  return text
    .replace(/\u{F0000}(\d+)\u{F0001}/gu, (_, i: string) => escaped[Number(i)] ?? '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** `[label](target)` (or `![alt](target)`) → its label; what `/\[([^\]]*)\]\([^)]*\)/g` did, in one pass. */
function stripLinks(text: string, open: '[' | '!['): string {
  const nextBracket = forwardFinder(text, ']');
  const nextParen = forwardFinder(text, ')');
  let out = '';
  let last = 0;
  let i = text.indexOf(open);
  while (i !== -1) {
    const labelStart = i + open.length;
    const close = nextBracket(labelStart);
    if (close === -1) break;
    if (text[close + 1] === '(') {
      const end = nextParen(close + 2);
      if (end === -1) break;
      out += text.slice(last, i) + text.slice(labelStart, close);
      last = end + 1;
      i = text.indexOf(open, last);
      continue;
    }
    i = text.indexOf(open, i + 1);
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Removes `<…>` with something inside, as `/<[^>]+>/g` did. */
function stripTags(text: string): string {
  const nextClose = forwardFinder(text, '>');
  let out = '';
  let last = 0;
  let i = text.indexOf('<');
  while (i !== -1) {
    const close = nextClose(i + 1);
    if (close === -1) break;
    if (close > i + 1) {
      out += text.slice(last, i);
      last = close + 1;
      i = text.indexOf('<', last);
    } else i = text.indexOf('<', i + 1);
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * For each position, the nearest position at or after it where `closer` may close a span: the closer is there
 * and the character before it is not white space (and `after`, if given, accepts what follows). -1 for none.
 */
function closerTable(text: string, closer: string, after?: (at: number) => boolean): Int32Array {
  const next = new Int32Array(text.length + 1).fill(-1);
  for (let k = text.length - 1; k >= 0; k--) {
    const here =
      k > 0 &&
      text.startsWith(closer, k) &&
      !isSpaceCode(text.charCodeAt(k - 1)) &&
      (after === undefined || after(k + closer.length));
    next[k] = here ? k : next[k + 1]!;
  }
  return next;
}

/**
 * `**bold**`, `*em*` and `` `code` `` → their content, as `/(\*\*|\*|`)(?=\S)([^]*?\S)\1/g` did, with the nearest
 * closer found in a table instead of by backtracking.
 */
function stripEmphasis(text: string): string {
  if (!text.includes('*') && !text.includes('`')) return text;
  const tables = new Map<string, Int32Array>();
  const table = (d: string): Int32Array => {
    let t = tables.get(d);
    if (!t) tables.set(d, (t = closerTable(text, d)));
    return t;
  };
  let out = '';
  let last = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '*' && c !== '`') {
      i++;
      continue;
    }
    const options = c === '`' ? ['`'] : text.startsWith('**', i) ? ['**', '*'] : ['*'];
    let matched = false;
    for (const d of options) {
      const contentStart = i + d.length;
      if (contentStart >= text.length || isSpaceCode(text.charCodeAt(contentStart))) continue;
      const close = table(d)[contentStart + 1] ?? -1;
      if (close === -1) continue;
      out += text.slice(last, i) + text.slice(contentStart, close);
      i = last = close + d.length;
      matched = true;
      break;
    }
    if (!matched) i++;
  }
  return last === 0 ? text : out + text.slice(last);
}

const WORD_CHAR = /^[\p{L}\p{N}_]$/u;

/**
 * `__strong__` and `_em_` at word edges → their content (snake_case stays as written), as
 * `/(^|[^\p{L}\p{N}_])(__|_)(?=\S)([^]*?\S)\2(?![\p{L}\p{N}_])/gu` did.
 */
function stripUnderscores(text: string): string {
  if (!text.includes('_')) return text;
  const isWordAt = (at: number): boolean => {
    const cp = text.codePointAt(at);
    return cp !== undefined && WORD_CHAR.test(String.fromCodePoint(cp));
  };
  const isWordBefore = (at: number): boolean => {
    if (at <= 0) return false;
    const low = text.charCodeAt(at - 1);
    const start = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1;
    return isWordAt(start);
  };
  const tables = new Map<string, Int32Array>();
  const table = (d: string): Int32Array => {
    let t = tables.get(d);
    if (!t) tables.set(d, (t = closerTable(text, d, (at) => !isWordAt(at))));
    return t;
  };
  let out = '';
  let last = 0;
  let i = 0;
  while (i < text.length) {
    // An opener needs the start of the text or a non-word character (not used by the previous span) before it.
    if (text[i] !== '_' || !(i === 0 || (i - 1 >= last && !isWordBefore(i)))) {
      i++;
      continue;
    }
    const options = text.startsWith('__', i) ? ['__', '_'] : ['_'];
    let matched = false;
    for (const d of options) {
      const contentStart = i + d.length;
      if (contentStart >= text.length || isSpaceCode(text.charCodeAt(contentStart))) continue;
      const close = table(d)[contentStart + 1] ?? -1;
      if (close === -1) continue;
      out += text.slice(last, i) + text.slice(contentStart, close);
      i = last = close + d.length;
      matched = true;
      break;
    }
    if (!matched) i++;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** MIME type of an audio URL or file name by its extension, if known. */
export function audioTypeOf(nameOrUrl: string): string | undefined {
  const path = nameOrUrl.split(/[?#]/)[0] ?? '';
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  const types: Record<string, string> = {
    mp3: 'audio/mpeg',
    m4a: 'audio/mp4',
    mp4: 'audio/mp4',
    aac: 'audio/aac',
    ogg: 'audio/ogg',
    oga: 'audio/ogg',
    opus: 'audio/ogg',
    webm: 'audio/webm',
    wav: 'audio/wav',
    flac: 'audio/flac',
  };
  return ext ? types[ext] : undefined;
}

/** Whether a URL from an episode may become a link: the one web address policy, in links/web-url.ts. */
export { isWebUrl } from '../links/web-url.ts';
