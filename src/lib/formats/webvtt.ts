/**
 * WebVTT (W3C) captions and transcripts. The file is read as the spec's parser reads it (signature, header,
 * blocks, cue timings and settings, regions, style blocks), so a broken cue is left out and the rest kept;
 * Hark then takes the text and the speakers (`<v Name>` voices, "Name:" labels) from the cues.
 */
import type { Result } from '../episode/types.ts';
import { failure, formatTimestamp, nothingLeft, prepareText, quote, sortByStart } from './common.ts';
import type { TranscriptCue } from './cues.ts';
import { cueTextParts } from './cue-text.ts';
import { segmentsFromCues } from './speakers.ts';
import { collectVttTimestamp, parseLenientTiming } from './timestamps.ts';
import type { TimedTranscript } from './types.ts';

/** A WebVTT region as the spec's parser defines it. */
export interface VttRegion {
  id: string;
  width: number;
  lines: number;
  regionAnchorX: number;
  regionAnchorY: number;
  viewportAnchorX: number;
  viewportAnchorY: number;
  scroll: '' | 'up';
}

/** A WebVTT cue as the spec's parser defines it (the names of the DOM's VTTCue), plus where it stood. */
export interface VttCue {
  id: string;
  startTime: number;
  endTime: number;
  /** The cue text as written (tags and character references not yet interpreted). */
  text: string;
  region: VttRegion | null;
  vertical: '' | 'rl' | 'lr';
  line: number | 'auto';
  lineAlign: 'start' | 'center' | 'end';
  snapToLines: boolean;
  position: number | 'auto';
  positionAlign: 'line-left' | 'center' | 'line-right' | 'auto';
  size: number;
  align: 'start' | 'center' | 'end' | 'left' | 'right';
  /** 1-based line of the cue's timing line. */
  lineNumber: number;
  /** Preceded by Hark's "NOTE estimated" block: the time is an estimate. */
  estimated: boolean;
}

/** A parsed WebVTT file: its cues in file order, regions, style sheets (as text) and what was left out. */
export interface VttFile {
  cues: VttCue[];
  regions: VttRegion[];
  styles: string[];
  warnings: string[];
}

/** The NOTE Hark writes before a cue whose time is an estimate. */
export const ESTIMATED_NOTE = 'NOTE estimated';

const isAsciiSpace = (c: number): boolean =>
  c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;

/** Splits on ASCII white space, dropping empty pieces (no regex). */
function words(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const space = i === s.length || isAsciiSpace(s.charCodeAt(i));
    if (space && start >= 0) {
      out.push(s.slice(start, i));
      start = -1;
    } else if (!space && start < 0) start = i;
  }
  return out;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** "digits[.digits]" as a number, or undefined (the spec's real-number syntax, no sign). */
function realNumber(s: string): number | undefined {
  let i = 0;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  if (i === 0) return undefined;
  if (i < s.length) {
    if (s[i] !== '.') return undefined;
    let j = i + 1;
    while (j < s.length && isDigit(s.charCodeAt(j))) j++;
    if (j === i + 1 || j !== s.length) return undefined;
  }
  return Number(s);
}

/** A WebVTT percentage, "digits[.digits]%" from 0 to 100. */
function percentage(s: string): number | undefined {
  if (!s.endsWith('%')) return undefined;
  const n = realNumber(s.slice(0, -1));
  return n !== undefined && n <= 100 ? n : undefined;
}

/** `name:value` with a non-empty name and value, split at the first colon. */
function setting(word: string): [string, string] | undefined {
  const colon = word.indexOf(':');
  if (colon <= 0 || colon === word.length - 1) return undefined;
  return [word.slice(0, colon), word.slice(colon + 1)];
}

function newCue(id: string, lineNumber: number): VttCue {
  return {
    id,
    startTime: 0,
    endTime: 0,
    text: '',
    region: null,
    vertical: '',
    line: 'auto',
    lineAlign: 'start',
    snapToLines: true,
    position: 'auto',
    positionAlign: 'auto',
    size: 100,
    align: 'center',
    lineNumber,
    estimated: false,
  };
}

/** The spec's "parse the WebVTT cue settings". */
function parseCueSettings(cue: VttCue, remainder: string, regions: readonly VttRegion[]): void {
  for (const word of words(remainder)) {
    const kv = setting(word);
    if (!kv) continue;
    const [name, value] = kv;
    if (name === 'region') {
      cue.region = null;
      for (const r of regions) if (r.id === value) cue.region = r;
    } else if (name === 'vertical') {
      if (value === 'rl' || value === 'lr') cue.vertical = value;
    } else if (name === 'line') {
      const comma = value.indexOf(',');
      const linepos = comma < 0 ? value : value.slice(0, comma);
      const linealign = comma < 0 ? undefined : value.slice(comma + 1);
      let number: number | undefined;
      let percent = false;
      if (linepos.endsWith('%')) {
        number = percentage(linepos);
        percent = true;
      } else {
        const negative = linepos.startsWith('-');
        const n = realNumber(negative ? linepos.slice(1) : linepos);
        number = n === undefined ? undefined : negative && n !== 0 ? -n : n;
      }
      if (number === undefined) continue;
      if (linealign === 'start' || linealign === 'center' || linealign === 'end') cue.lineAlign = linealign;
      cue.line = number;
      cue.snapToLines = !percent;
    } else if (name === 'position') {
      const comma = value.indexOf(',');
      const colpos = comma < 0 ? value : value.slice(0, comma);
      const colalign = comma < 0 ? undefined : value.slice(comma + 1);
      const number = percentage(colpos);
      if (number === undefined) continue;
      if (colalign === 'line-left' || colalign === 'center' || colalign === 'line-right') {
        cue.positionAlign = colalign;
      }
      cue.position = number;
    } else if (name === 'size') {
      const number = percentage(value);
      if (number !== undefined) cue.size = number;
    } else if (name === 'align') {
      if (
        value === 'start' ||
        value === 'center' ||
        value === 'end' ||
        value === 'left' ||
        value === 'right'
      ) {
        cue.align = value;
      }
    }
  }
}

/** The spec's "collect WebVTT region settings"; undefined for a region without an identifier. */
function parseRegion(text: string): VttRegion | undefined {
  const region: VttRegion = {
    id: '',
    width: 100,
    lines: 3,
    regionAnchorX: 0,
    regionAnchorY: 100,
    viewportAnchorX: 0,
    viewportAnchorY: 100,
    scroll: '',
  };
  const anchor = (value: string): [number, number] | undefined => {
    const comma = value.indexOf(',');
    if (comma < 0) return undefined;
    const x = percentage(value.slice(0, comma));
    const y = percentage(value.slice(comma + 1));
    return x === undefined || y === undefined ? undefined : [x, y];
  };
  for (const word of words(text)) {
    const kv = setting(word);
    if (!kv) continue;
    const [name, value] = kv;
    if (name === 'id') {
      if (!value.includes('-->')) region.id = value;
    } else if (name === 'width') {
      const n = percentage(value);
      if (n !== undefined) region.width = n;
    } else if (name === 'lines') {
      let i = 0;
      while (i < value.length && isDigit(value.charCodeAt(i))) i++;
      if (i === value.length) region.lines = Number(value);
    } else if (name === 'regionanchor') {
      const a = anchor(value);
      if (a) [region.regionAnchorX, region.regionAnchorY] = a;
    } else if (name === 'viewportanchor') {
      const a = anchor(value);
      if (a) [region.viewportAnchorX, region.viewportAnchorY] = a;
    } else if (name === 'scroll') {
      if (value === 'up') region.scroll = 'up';
    }
  }
  return region.id === '' ? undefined : region;
}

/**
 * The spec's "collect WebVTT cue timings and settings": strict timestamps (`[hh:]mm:ss.ttt`) around "-->".
 * Undefined when they are not.
 */
function strictTiming(line: string): { start: number; end: number; rest: string } | undefined {
  let i = 0;
  while (i < line.length && isAsciiSpace(line.charCodeAt(i))) i++;
  const start = collectVttTimestamp(line, i);
  if (!start) return undefined;
  i = start.end;
  while (i < line.length && isAsciiSpace(line.charCodeAt(i))) i++;
  if (line.slice(i, i + 3) !== '-->') return undefined;
  i += 3;
  while (i < line.length && isAsciiSpace(line.charCodeAt(i))) i++;
  const end = collectVttTimestamp(line, i);
  if (!end) return undefined;
  return { start: start.seconds, end: end.seconds, rest: line.slice(end.end) };
}

const startsWithWord = (line: string, word: string): boolean =>
  line.startsWith(word) &&
  (line.length === word.length || line[word.length] === ' ' || line[word.length] === '\t');

/**
 * Parses a WebVTT file as the spec's parser does, except in one way that real files need: when no cue
 * timing in the whole file is a valid WebVTT timing and most of them can be read leniently, they are (seconds alone as in
 * `0.860 --> 7.380`, "," before the fraction, one to three fraction digits or none, see
 * `parseLenientTiming`). Cues whose timing cannot be read are left out with a warning; text that belongs
 * to no cue is left out with a warning. Fails only without the "WEBVTT" signature.
 */
export function parseWebVttFile(input: string): Result<VttFile> {
  if (typeof input !== 'string') return failure('The WebVTT file is not text.');
  let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  text = text.replace(/\0/g, '\uFFFD').replace(/\r\n?/g, '\n');
  if (!text.startsWith('WEBVTT') || (text.length > 6 && !' \t\n'.includes(text[6]!))) {
    const firstLine = text.slice(0, Math.min(text.length, 80)).split('\n')[0] ?? '';
    return failure(`Line 1: a WebVTT file starts with "WEBVTT", found ${quote(firstLine)}.`);
  }
  const lines = text.split('\n');
  const warnings: { line: number; message: string }[] = [];
  const regions: VttRegion[] = [];
  const styles: string[] = [];
  const cues: VttCue[] = [];
  const lenient = new Set<VttCue>();
  const failed: { line: number; timing: string }[] = [];
  let strictCount = 0;
  let seenCue = false;
  let estimatedNext = false;
  let pos = 1;
  // The header: the signature line's block, up to a blank line or a line with "-->".
  while (pos < lines.length && lines[pos] !== '' && !lines[pos]!.includes('-->')) pos++;
  while (pos < lines.length) {
    while (pos < lines.length && lines[pos] === '') pos++;
    if (pos >= lines.length) break;
    // Collect one block (the spec's "collect a WebVTT block").
    const blockStart = pos;
    let count = 0;
    let seenArrow = false;
    let cue: VttCue | null = null;
    let kind: 'text' | 'style' | 'region' = 'text';
    let buffer = '';
    let hadTiming = false;
    while (pos < lines.length) {
      const line = lines[pos]!;
      count++;
      if (line.includes('-->')) {
        if (count === 1 || (count === 2 && !seenArrow)) {
          seenArrow = true;
          hadTiming = true;
          pos++;
          const strict = strictTiming(line);
          const timing = strict ?? parseLenientTiming(line);
          if (timing) {
            cue = newCue(buffer, pos);
            cue.startTime = timing.start;
            cue.endTime = timing.end;
            if (strict) strictCount++;
            else lenient.add(cue);
            parseCueSettings(cue, timing.rest, regions);
            buffer = '';
            seenCue = true;
          } else {
            cue = null;
            failed.push({ line: pos, timing: line });
          }
          continue;
        }
        // A timing line where cue text should be: a blank line is missing. A last text line that is one
        // word (a number, "lf") is taken as that cue's identifier, as browsers do, and said so.
        const lastBreak = buffer.lastIndexOf('\n');
        const last = buffer.slice(lastBreak + 1);
        const digitsOnly = /^\d+$/.test(last);
        if (cue && last !== '' && !/\s/.test(last) && (lastBreak >= 0 || digitsOnly)) {
          buffer = lastBreak >= 0 ? buffer.slice(0, lastBreak) : '';
          pos--;
          if (!digitsOnly) {
            warnings.push({
              line: pos + 1,
              message: `${quote(last)} read as the identifier of the cue after it (a blank line is missing)`,
            });
          }
        }
        break;
      }
      if (line === '') break;
      if (count === 2 && !seenCue && kind === 'text') {
        if (startsWithWord(buffer, 'STYLE')) {
          kind = 'style';
          buffer = '';
        } else if (startsWithWord(buffer, 'REGION')) {
          kind = 'region';
          buffer = '';
        }
      }
      buffer = buffer === '' ? line : `${buffer}\n${line}`;
      pos++;
    }
    if (cue) {
      cue.text = buffer;
      cue.estimated = estimatedNext;
      cues.push(cue);
    } else if (kind === 'style') styles.push(buffer);
    else if (kind === 'region') {
      const region = parseRegion(buffer);
      if (region) {
        for (let k = regions.length - 1; k >= 0; k--) if (regions[k]!.id === region.id) regions.splice(k, 1);
        regions.push(region);
      }
    } else if (!hadTiming && buffer.trim() !== '' && !isKnownBlock(buffer)) {
      warnings.push({
        line: blockStart + 1,
        message: `text outside any cue left out: ${quote(buffer.slice(0, 200).split('\n')[0]!)}`,
      });
    }
    estimatedNext = !cue && !hadTiming && buffer === ESTIMATED_NOTE;
  }
  for (const f of failed) {
    warnings.push({ line: f.line, message: `cue left out: ${quote(f.timing.trim())} is not a cue timing` });
  }
  let kept = cues;
  // Lenient timings count only in a file written that way throughout: no valid WebVTT timing at all, and
  // more timings read leniently than not read at all.
  if (lenient.size > 0 && (strictCount > 0 || lenient.size <= failed.length)) {
    kept = cues.filter((c) => {
      if (!lenient.has(c)) return true;
      const timing = quote(lines[c.lineNumber - 1]!.trim());
      warnings.push({ line: c.lineNumber, message: `cue left out: ${timing} is not a WebVTT cue timing` });
      return false;
    });
  }
  warnings.sort((a, b) => a.line - b.line);
  return {
    ok: true,
    value: { cues: kept, regions, styles, warnings: warnings.map((w) => `Line ${w.line}: ${w.message}.`) },
  };
}

/** NOTE, STYLE and REGION blocks: not cues, and nothing in them is lost by leaving them out. */
function isKnownBlock(buffer: string): boolean {
  return ['NOTE', 'STYLE', 'REGION'].some(
    (word) => buffer === word || startsWithWord(buffer, word) || buffer.startsWith(`${word}\n`),
  );
}

/**
 * Parses a WebVTT file into timed segments: see `parseWebVttFile` for what is read and what is left out,
 * `segmentsFromCues` for speakers. An end before the start is taken as the start. Fails when the file has
 * no "WEBVTT" signature or no cue with text.
 */
export function parseWebVtt(text: string): Result<TimedTranscript> {
  const prepared = prepareText(text, 'WebVTT file');
  if (!prepared.ok) return prepared;
  const parsed = parseWebVttFile(prepared.value);
  if (!parsed.ok) return parsed;
  const { cues, warnings } = parsed.value;
  const segments = segmentsFromCues(
    cues.map((c) => ({
      start: c.startTime,
      end: Math.max(c.startTime, c.endTime),
      parts: cueTextParts(c.text),
      estimated: c.estimated,
    })),
  );
  if (segments.length === 0) return failure(nothingLeft('WebVTT file', warnings));
  return { ok: true, value: { format: 'vtt', segments: sortByStart(segments), warnings } };
}

function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Writes cues as WebVTT: "WEBVTT", a blank line, then `hh:mm:ss.mmm --> hh:mm:ss.mmm` and `<v Name>text`.
 * A cue whose time is an estimate is preceded by a "NOTE estimated" block (and the header says what that
 * means), so reading the file back never takes those times for known ones.
 */
export function writeWebVtt(cues: readonly TranscriptCue[]): string {
  const header = cues.some((c) => c.estimated)
    ? 'WEBVTT\n\nNOTE Times after "NOTE estimated" are estimated from the text by Hark, not taken from the audio.\n\n'
    : 'WEBVTT\n\n';
  const blocks = cues.map(
    (c) =>
      `${c.estimated ? `${ESTIMATED_NOTE}\n\n` : ''}${formatTimestamp(c.start, '.')} --> ${formatTimestamp(c.end, '.')}\n` +
      `<v ${escapeVtt(c.speaker)}>${escapeVtt(c.text)}`,
  );
  return `${header}${blocks.join('\n\n')}\n`;
}
