/** SubRip (SRT) subtitles, with speakers as a "Name:" prefix on a cue's text. */
import type { Result } from '../episode/types.ts';
import { failure, formatTimestamp, nothingLeft, prepareText, quote, sortByStart } from './common.ts';
import type { TranscriptCue } from './cues.ts';
import { cueTextParts } from './cue-text.ts';
import { segmentsFromCues, type SpokenCue } from './speakers.ts';
import { parseLenientTimestamp, parseLenientTiming } from './timestamps.ts';
import type { TimedTranscript } from './types.ts';

/** The comment Hark writes as the first line of an SRT export with estimated times. */
const ESTIMATED_PREFIX = '# Hark: estimated times in cues ';

const isBlank = (line: string): boolean => line.trim() === '';

/** A timing line, or one meant as a timing but mistyped ("00:00:02,000 -> 00:00:03,000"). */
function isTimingLike(line: string | undefined): boolean {
  if (line === undefined) return false;
  if (line.includes('-->')) return true;
  const arrow = line.indexOf('->');
  return arrow > 0 && parseLenientTimestamp(line.slice(0, arrow)) !== undefined;
}

function isNumberLine(line: string | undefined): boolean {
  if (line === undefined) return false;
  const t = line.trim();
  if (t === '') return false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Which of `count` cues a list like "2-5, 9" names (one pass over the list and one over the cues). */
function cueNumbers(list: string, count: number): boolean[] {
  const diff = new Array<number>(count + 2).fill(0);
  for (const piece of list.split(',')) {
    const [a, b] = piece.split('-').map((x) => Number(x.trim()));
    if (a === undefined || !Number.isInteger(a)) continue;
    const from = Math.max(1, a);
    const to = Math.min(count, b !== undefined && Number.isInteger(b) ? b : a);
    if (from > to) continue;
    diff[from]!++;
    diff[to + 1]!--;
  }
  const marked: boolean[] = [];
  let depth = 0;
  for (let n = 0; n <= count; n++) {
    depth += diff[n]!;
    marked.push(depth > 0);
  }
  return marked;
}

/**
 * Parses an SRT file: blocks of an optional number, a timing `hh:mm:ss,mmm --> hh:mm:ss,mmm` and text. A cue
 * whose timing cannot be read is left out with a warning and the rest kept; the file is refused only when
 * no cue with text is left. Lenient where real files are: a BOM, CRLF, lines of spaces as blank lines,
 * missing or wrong numbers, missing blank lines (a timing line starts the next cue), "." or "," before the
 * fraction and any number of its digits, seconds-only times, hours of one digit, stray text after a
 * cue (kept as part of it). Formatting tags (`<i>`, `<font ...>`, `{\an8}`) are dropped; speakers follow
 * `segmentsFromCues`.
 */
export function parseSrt(text: string): Result<TimedTranscript> {
  const prepared = prepareText(text, 'SRT file');
  if (!prepared.ok) return prepared;
  const lines = prepared.value.split('\n');
  const warnings: string[] = [];
  const cues: { start: number; end: number; lines: string[]; number: number }[] = [];
  let estimatedList = '';
  let i = 0;
  if (lines[0]?.startsWith(ESTIMATED_PREFIX)) {
    estimatedList = lines[0].slice(ESTIMATED_PREFIX.length);
    i = 1;
  }
  let current: (typeof cues)[number] | undefined;
  let sawBlank = true;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      sawBlank = true;
      i++;
      continue;
    }
    const numbered = isNumberLine(line) && isTimingLike(lines[i + 1]);
    const timingIndex = numbered ? i + 1 : i;
    const timingLine = lines[timingIndex]!;
    if (isTimingLike(timingLine)) {
      const timing = parseLenientTiming(timingLine);
      if (!timing) {
        warnings.push(
          `Line ${timingIndex + 1}: cue left out: ${quote(timingLine.trim())} is not a cue timing.`,
        );
        current = undefined;
        i = timingIndex + 1;
        // Its text goes with it, up to the next blank line or timing.
        while (i < lines.length && !isBlank(lines[i]!) && !isTimingLike(lines[i])) i++;
        continue;
      }
      current = {
        start: timing.start,
        end: Math.max(timing.start, timing.end),
        lines: [],
        number: cues.length + 1,
      };
      cues.push(current);
      sawBlank = false;
      i = timingIndex + 1;
      continue;
    }
    if (!current) {
      warnings.push(`Line ${i + 1}: text outside any cue left out: ${quote(line.trim())}.`);
      i++;
      continue;
    }
    // Cue text; after a blank line, stray text is kept with the cue before it (a lone number is a cue
    // that never came). A number right before a timing line is the next cue's number.
    if (!(sawBlank && isNumberLine(line)) && !(isNumberLine(line) && isTimingLike(lines[i + 1]))) {
      current.lines.push(line);
    }
    i++;
  }
  const estimated = cueNumbers(estimatedList, cues.length);
  const spoken: SpokenCue[] = cues.map((c) => ({
    start: c.start,
    end: c.end,
    parts: cueTextParts(c.lines.join('\n'), { srt: true }),
    estimated: estimated[c.number] === true,
  }));
  const segments = segmentsFromCues(spoken);
  if (segments.length === 0) return failure(nothingLeft('SRT file', warnings));
  return { ok: true, value: { format: 'srt', segments: sortByStart(segments), warnings } };
}

/** "1-3, 7" for cue numbers 1, 2, 3 and 7. */
function ranges(numbers: number[]): string {
  const out: string[] = [];
  for (let k = 0; k < numbers.length; k++) {
    const from = numbers[k]!;
    while (numbers[k + 1] === numbers[k]! + 1) k++;
    out.push(from === numbers[k] ? String(from) : `${from}-${numbers[k]}`);
  }
  return out.join(', ');
}

/**
 * Writes cues as SRT: numbered from 1, `hh:mm:ss,mmm --> hh:mm:ss,mmm`, `Speaker Name: text`. When some times
 * are estimates, a first comment line lists their cues ("# Hark: estimated times in cues 3-7, 9"), which
 * players skip and Hark reads back.
 */
export function writeSrt(cues: readonly TranscriptCue[]): string {
  const estimated = cues.flatMap((c, k) => (c.estimated ? [k + 1] : []));
  const header = estimated.length > 0 ? `${ESTIMATED_PREFIX}${ranges(estimated)}\n\n` : '';
  return (
    header +
    cues
      .map(
        (c, k) =>
          `${k + 1}\n${formatTimestamp(c.start, ',')} --> ${formatTimestamp(c.end, ',')}\n${c.speaker}: ${c.text}\n`,
      )
      .join('\n')
  );
}
