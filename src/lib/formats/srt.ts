/** SubRip (SRT) subtitles, with speakers as a "Name:" prefix on a cue's first line. */
import type { Result } from '../episode/types.ts';
import {
  cleanText,
  failure,
  formatTimestamp,
  prepareText,
  quote,
  sortByStart,
  splitSpeakerPrefix,
} from './common.ts';
import type { TranscriptCue } from './cues.ts';
import type { TimedSegment, TimedTranscript } from './types.ts';
import { parseCueTiming } from './webvtt.ts';

const isNumberLine = (line: string | undefined): boolean => line !== undefined && /^\s*\d+\s*$/.test(line);

/** Text of an SRT cue: formatting tags (`<i>`, `<b>`, `<u>`, `<font ...>`, `{\an8}`) dropped. */
function cueText(lines: string[]): string {
  return cleanText(
    lines
      .join('\n')
      .replace(/<\/?(?:i|b|u|s|font)(?:\s[^<>]*)?>/gi, '')
      .replace(/\{\\[^}]*\}/g, ''),
  );
}

/**
 * Parses an SRT file: numbered blocks of `hh:mm:ss,mmm --> hh:mm:ss,mmm` and text. A speaker is a "Name:"
 * prefix on the cue's first line (when it looks like a name, see `splitSpeakerPrefix`) and is carried
 * forward over cues without one. Tolerates a BOM, CRLF, missing or wrong sequence numbers, missing blank
 * lines (between cues and at the end), "." before the milliseconds, and stray text after a cue (kept as
 * part of it).
 */
export function parseSrt(text: string): Result<TimedTranscript> {
  const prepared = prepareText(text, 'SRT file');
  if (!prepared.ok) return prepared;
  const lines = prepared.value.split('\n');
  const cues: { start: number; end: number; lines: string[] }[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    let timingLine = i;
    if (isNumberLine(line) && lines[i + 1]?.includes('-->')) timingLine = i + 1;
    const timing = parseCueTiming(lines[timingLine]!);
    if (timing === 'bad') {
      return failure(`Line ${timingLine + 1}: ${quote(lines[timingLine]!.trim())} is not a cue timing.`);
    }
    if (timing === undefined) {
      const next = lines[i + 1];
      if (isNumberLine(line) && next !== undefined && next.trim() !== '') {
        return failure(`Line ${i + 2}: ${quote(next.trim())} is not a cue timing.`);
      }
      const previous = cues[cues.length - 1];
      if (!previous) {
        return failure(
          `Line ${i + 1}: expected a cue number or a timing like "00:00:01,000 --> 00:00:04,000", found ${quote(line.trim())}.`,
        );
      }
      // Text after a blank line inside a cue: keep it with the cue (a lone number is a cue that never came).
      if (!isNumberLine(line)) previous.lines.push(line);
      i++;
      continue;
    }
    i = timingLine + 1;
    const cue = { ...timing, lines: [] as string[] };
    while (i < lines.length && lines[i]!.trim() !== '') {
      const next = lines[i]!;
      // A missing blank line: the next cue's number and timing, or its timing alone, start here.
      if (next.includes('-->') && parseCueTiming(next) !== 'bad') break;
      if (isNumberLine(next) && lines[i + 1]?.includes('-->')) break;
      cue.lines.push(next);
      i++;
    }
    cues.push(cue);
  }
  const segments: TimedSegment[] = [];
  let speaker: string | null = null;
  for (const cue of cues) {
    const [firstLine = '', ...rest] = cue.lines;
    const prefixed = splitSpeakerPrefix(cueText([firstLine]));
    let body: string;
    if (prefixed) {
      speaker = prefixed.speaker;
      body = cleanText(`${prefixed.rest} ${cueText(rest)}`);
    } else body = cueText(cue.lines);
    if (body !== '') segments.push({ speaker, start: cue.start, end: cue.end, text: body });
  }
  if (segments.length === 0) return failure('The SRT file has no cues with text.');
  return { ok: true, value: { format: 'srt', segments: sortByStart(segments) } };
}

/** Writes cues as SRT: numbered from 1, `hh:mm:ss,mmm --> hh:mm:ss,mmm`, `Speaker Name: text`. */
export function writeSrt(cues: readonly TranscriptCue[]): string {
  return cues
    .map(
      (c, k) =>
        `${k + 1}\n${formatTimestamp(c.start, ',')} --> ${formatTimestamp(c.end, ',')}\n${c.speaker}: ${c.text}\n`,
    )
    .join('\n');
}
