/** WebVTT (W3C) captions and transcripts, with speakers as voice spans `<v Name>`. */
import type { Result } from '../episode/types.ts';
import {
  cleanText,
  decodeEntities,
  failure,
  formatTimestamp,
  joinText,
  parseTimestamp,
  prepareText,
  quote,
  roundMs,
  sortByStart,
  splitSpeakerPrefix,
} from './common.ts';
import type { TranscriptCue } from './cues.ts';
import type { TimedSegment, TimedTranscript } from './types.ts';

/** "start --> end [settings]"; undefined when the line is not a timing line at all (no "-->"). */
export function parseCueTiming(line: string): { start: number; end: number } | 'bad' | undefined {
  if (!line.includes('-->')) return undefined;
  const m = /^\s*(\S+)\s+-->\s+(\S+)(?:\s.*)?$/.exec(line) ?? /^\s*(\S+?)-->(\S+)(?:\s.*)?$/.exec(line);
  if (!m) return 'bad';
  const start = parseTimestamp(m[1] ?? '');
  const end = parseTimestamp(m[2] ?? '');
  if (start === undefined || end === undefined) return 'bad';
  // An end before the start is a slip, not a reason to refuse the file: the cue gets no length.
  return { start, end: Math.max(start, end) };
}

/** A piece of a cue's text and the voice it is in (undefined outside any voice span). */
interface VoicePart {
  voice: string | undefined;
  text: string;
}

/**
 * Splits cue text into voice parts: `<v Name>` and `<v.class Name>` open a voice (`</v>` optional), other
 * tags (`<c>`, `<i>`, `<b>`, `<u>`, `<lang>`, `<ruby>`, timestamps `<00:00:01.000>`) are dropped with `<rt>`
 * ruby annotations, character references decoded.
 */
function voiceParts(payload: string): VoicePart[] {
  const parts: VoicePart[] = [];
  let current: VoicePart = { voice: undefined, text: '' };
  let inRubyText = false;
  const flush = (voice: string | undefined): void => {
    if (cleanText(current.text) !== '') parts.push({ voice: current.voice, text: cleanText(current.text) });
    current = { voice, text: '' };
  };
  const re = /<(\/?[a-z0-9][^<>]*)>/gi;
  let last = 0;
  for (let m = re.exec(payload); m !== null; m = re.exec(payload)) {
    if (!inRubyText) current.text += decodeEntities(payload.slice(last, m.index));
    last = re.lastIndex;
    const tag = (m[1] ?? '').trim();
    const voice = /^v(?:\.[^\s>]*)?(?:\s+([^]*))?$/.exec(tag);
    if (voice) {
      const name = cleanText(decodeEntities(voice[1] ?? ''));
      flush(name === '' ? undefined : name);
    } else if (/^\/v\s*$/i.test(tag)) flush(undefined);
    else if (/^rt(?:[.\s]|$)/.test(tag)) inRubyText = true;
    else if (/^\/rt\s*$/.test(tag)) inRubyText = false;
  }
  if (!inRubyText) current.text += decodeEntities(payload.slice(last));
  flush(undefined);
  return parts;
}

/**
 * Segments of one cue: one per voice part, the cue's time shared among them by text length. Text outside
 * any voice span is the carried speaker's, or, when the text starts "Name: ...", that name's (as Zoom and
 * some editors write speakers).
 */
function cueSegments(
  start: number,
  end: number,
  parts: VoicePart[],
  carried: string | null,
): { segments: TimedSegment[]; speaker: string | null } {
  let speaker = carried;
  const pieces: { speaker: string | null; text: string }[] = [];
  for (const part of parts) {
    if (part.voice !== undefined) speaker = part.voice;
    let text = part.text;
    if (part.voice === undefined) {
      const prefixed = splitSpeakerPrefix(text);
      if (prefixed && prefixed.rest.trim() !== '') {
        speaker = prefixed.speaker;
        text = prefixed.rest.trim();
      }
    }
    const previous = pieces[pieces.length - 1];
    if (previous && previous.speaker === speaker) previous.text = joinText(previous.text, text);
    else pieces.push({ speaker, text });
  }
  const total = pieces.reduce((n, p) => n + p.text.length, 0);
  let at = 0;
  const segments = pieces.map((p) => {
    const from = start + ((end - start) * at) / Math.max(1, total);
    at += p.text.length;
    const to = pieces.length === 1 ? end : start + ((end - start) * at) / Math.max(1, total);
    return { speaker: p.speaker, start: roundMs(from), end: roundMs(to), text: p.text };
  });
  return { segments, speaker };
}

/**
 * Parses a WebVTT file: the "WEBVTT" header (text may follow it; BOM and CRLF are fine), NOTE, STYLE and
 * REGION blocks skipped, optional cue identifiers, timestamps "hh:mm:ss.ttt" or "mm:ss.ttt", cue settings
 * ignored. Speakers come from voice spans and are carried forward over cues without one.
 */
export function parseWebVtt(text: string): Result<TimedTranscript> {
  const prepared = prepareText(text, 'WebVTT file');
  if (!prepared.ok) return prepared;
  const lines = prepared.value.split('\n');
  const first = lines[0] ?? '';
  if (!/^WEBVTT(?:[ \t]|$)/.test(first)) {
    return failure(`Line 1: a WebVTT file starts with "WEBVTT", found ${quote(first)}.`);
  }
  let i = 1;
  // The header block runs to the first blank line (it may hold "Kind:", "Language:", X-TIMESTAMP-MAP...),
  // unless a cue timing comes first.
  while (i < lines.length && lines[i]!.trim() !== '' && !lines[i]!.includes('-->')) i++;
  const segments: TimedSegment[] = [];
  let speaker: string | null = null;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    if (/^(?:NOTE(?:[ \t]|$)|STYLE[ \t]*$|REGION[ \t]*$)/.test(line)) {
      while (i < lines.length && lines[i]!.trim() !== '') i++;
      continue;
    }
    let timingLine = i;
    if (!line.includes('-->')) {
      // A cue identifier, then the timing.
      timingLine = i + 1;
      const next = lines[timingLine];
      if (next === undefined || next.trim() === '' || !next.includes('-->')) {
        return failure(
          `Line ${i + 1}: expected a cue timing like "00:00:01.000 --> 00:00:04.000", found ${quote(line)}.`,
        );
      }
    }
    const timing = parseCueTiming(lines[timingLine]!);
    if (timing === undefined || timing === 'bad') {
      return failure(`Line ${timingLine + 1}: ${quote(lines[timingLine]!.trim())} is not a cue timing.`);
    }
    i = timingLine + 1;
    const payload: string[] = [];
    // Cue text runs to a blank line; a line with "-->" starts the next cue even without one.
    while (i < lines.length && lines[i]!.trim() !== '' && !lines[i]!.includes('-->'))
      payload.push(lines[i++]!);
    const cue = cueSegments(timing.start, timing.end, voiceParts(payload.join('\n')), speaker);
    speaker = cue.speaker;
    segments.push(...cue.segments);
  }
  if (segments.length === 0) return failure('The WebVTT file has no cues with text.');
  return { ok: true, value: { format: 'vtt', segments: sortByStart(segments) } };
}

function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Writes cues as WebVTT: "WEBVTT", a blank line, then `hh:mm:ss.mmm --> hh:mm:ss.mmm` and `<v Name>text`. */
export function writeWebVtt(cues: readonly TranscriptCue[]): string {
  const blocks = cues.map(
    (c) =>
      `${formatTimestamp(c.start, '.')} --> ${formatTimestamp(c.end, '.')}\n` +
      `<v ${escapeVtt(c.speaker)}>${escapeVtt(c.text)}`,
  );
  return `WEBVTT\n\n${blocks.join('\n\n')}\n`;
}
