/**
 * Cue text to plain text with voices, for WebVTT and SRT alike, by a single left-to-right scan: tags dropped
 * (`<c>`, `<i>`, `<b>`, `<font ...>`, `<lang>`, `<ruby>` with its `<rt>` annotation, timestamps
 * `<00:00:01.000>`), `<v Name>` voices kept, SSA override blocks `{\an8}` dropped, `\h` a no-break space and
 * `\N` a line break, HTML character references decoded (all of HTML5's, through `decodeEntities`). A tag
 * fragment cut off at the end of the cue (`<`, `</`, `<c.`, `<00:00.500`) is dropped too; a `<` that
 * starts no tag ("x < y", "I <3 you") is text.
 */
import { cleanText } from './common.ts';
import { decodeEntities } from './entities.ts';

/** A piece of a cue's text and the voice it is in (undefined outside any voice span). */
export interface VoicePart {
  voice: string | undefined;
  text: string;
}

const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** Replaces `\h` by a no-break space and `\N`/`\n` by a line break, in one pass. */
function ssaEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  let out = '';
  let last = 0;
  for (let i = text.indexOf('\\'); i >= 0 && i < text.length - 1; i = text.indexOf('\\', i + 1)) {
    const next = text[i + 1];
    if (next !== 'h' && next !== 'N' && next !== 'n') continue;
    out += text.slice(last, i) + (next === 'h' ? '\u00a0' : '\n');
    last = i + 2;
    i++;
  }
  return out + text.slice(last);
}

/** The elements of WebVTT cue text (besides `v` and `rt`, handled on their own). */
const ELEMENTS = new Set(['c', 'i', 'b', 'u', 'ruby', 'lang']);

/** The tags SRT files use; in SRT any other "<" is text ("Tom <3 Jerry > all"). */
const SRT_TAGS = new Set(['i', 'b', 'u', 's', 'font', 'v', 'c', 'span']);

/** Whether the "<" at `at` opens one of `SRT_TAGS` ("<i>", "</font>", "<v Name>"). */
function opensSrtTag(payload: string, at: number): boolean {
  let k = at + 1;
  if (payload[k] === '/') k++;
  const from = k;
  while (k < payload.length && isLetter(payload.charCodeAt(k))) k++;
  const next = payload[k];
  return SRT_TAGS.has(payload.slice(from, k).toLowerCase()) && (next === '>' || next === ' ' || next === '.');
}

/**
 * Splits cue text into voice parts. Each part's text is plain, white space collapsed; parts without text
 * are left out. With `srt`, only the tags SRT files use are tags.
 */
export function cueTextParts(payload: string, { srt = false }: { srt?: boolean } = {}): VoicePart[] {
  const parts: VoicePart[] = [];
  let voice: string | undefined;
  let text = '';
  const lastClose = payload.lastIndexOf('>');
  const lastBrace = payload.lastIndexOf('}');
  // Where the last word after white space starts: a "<" before it has more words after it.
  let lastWord = -1;
  for (let k = payload.length - 1; k > 0; k--) {
    if (!isSpace(payload.charCodeAt(k)) && isSpace(payload.charCodeAt(k - 1))) {
      lastWord = k;
      break;
    }
  }
  // The spec's stack of open elements: an end tag closes only the current element, and text inside an
  // <rt> (a ruby annotation) is left out.
  const open: { name: string; voice: string | undefined }[] = [];
  let rubyText = 0;
  const flush = (next: string | undefined): void => {
    const clean = cleanText(decodeEntities(ssaEscapes(text)));
    if (clean !== '') parts.push({ voice, text: clean });
    voice = next;
    text = '';
  };
  const keep = (from: number, to: number): void => {
    if (rubyText === 0) text += payload.slice(from, to);
  };
  let run = 0;
  let i = 0;
  while (i < payload.length) {
    const c = payload.charCodeAt(i);
    if (c === 0x7b /* { */ && payload[i + 1] === '\\' && lastBrace > i) {
      keep(run, i);
      i = payload.indexOf('}', i) + 1;
      run = i;
      continue;
    }
    if (c !== 0x3c /* < */) {
      i++;
      continue;
    }
    const n = payload.charCodeAt(i + 1);
    const tagLike = srt
      ? opensSrtTag(payload, i)
      : isLetter(n) || n === 0x2f /* / */ || (n >= 0x30 && n <= 0x39);
    if (srt && !tagLike) {
      i++;
      continue;
    }
    if (!tagLike || lastClose < i) {
      // A "<" that starts no tag that ends: text when more words follow ("x < y", "I <3 you"), else a
      // fragment cut off at the end of the cue ("<", "<c.", "<00:00.500"), dropped.
      if (lastWord > i) {
        i++;
        continue;
      }
      keep(run, i);
      run = payload.length;
      break;
    }
    keep(run, i);
    const close = payload.indexOf('>', i);
    const tag = payload.slice(i + 1, close);
    run = close + 1;
    i = close + 1;
    let nameEnd = 0;
    while (nameEnd < tag.length && !isSpace(tag.charCodeAt(nameEnd)) && tag[nameEnd] !== '.') nameEnd++;
    const name = tag.slice(0, nameEnd).toLowerCase();
    const current = open[open.length - 1]?.name;
    if (name.startsWith('/')) {
      const end = name.slice(1);
      if (end === current || (end === 'ruby' && current === 'rt')) {
        const popped = end === current ? [open.pop()!] : [open.pop()!, open.pop()!];
        for (const p of popped) if (p.name === 'rt') rubyText--;
        if (popped.some((p) => p.name === 'v')) flush(open.findLast((p) => p.name === 'v')?.voice);
      }
    } else if (name === 'v') {
      let a = nameEnd;
      while (a < tag.length && !isSpace(tag.charCodeAt(a))) a++;
      const annotation = cleanText(decodeEntities(tag.slice(a)));
      open.push({ name, voice: annotation === '' ? undefined : annotation });
      flush(annotation === '' ? undefined : annotation);
    } else if (name === 'rt') {
      if (current === 'ruby') {
        open.push({ name, voice: undefined });
        rubyText++;
      }
    } else if (ELEMENTS.has(name)) open.push({ name, voice: undefined });
  }
  keep(run, payload.length);
  flush(undefined);
  return parts;
}
