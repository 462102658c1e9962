/**
 * Podcasting 2.0 JSON transcripts (podcastindex.org, `<podcast:transcript type="application/json">`):
 * `{"version": "1.0.0", "segments": [{"speaker", "startTime", "endTime", "body"}]}`.
 */
import type { Result } from '../episode/types.ts';
import { cleanText, failure, parseTimestamp, prepareText, sortByStart } from './common.ts';
import { oneLine } from './encoding.ts';
import type { TimedSegment, TimedTranscript } from './types.ts';
import type { TranscriptCue } from './cues.ts';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}

/** Seconds from a number, a numeric string ("12.5") or a clock string ("00:00:12.500"). */
function toSeconds(value: unknown): number | undefined {
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && value.trim() !== '') {
    const t = value.trim();
    // Unambiguous, so linear: digits after a dot only, an exponent only after a number.
    n = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i.test(t) ? Number(t) : parseTimestamp(t);
  }
  return n !== undefined && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function badSeconds(value: unknown): string {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n === 'number' && n < 0) return `must not be negative (got ${String(value)})`;
  return `expected a number of seconds, got ${describe(value)}`;
}

/**
 * Parses a Podcasting 2.0 JSON transcript, segment-level (a `body` per phrase or turn) or word-level (a
 * segment per word, the speaker often only on the first word of a turn): a segment without a speaker
 * keeps the previous one's. `startTime` and `endTime` may be numbers or numeric strings; `endTime` may be
 * missing; an `endTime` before the `startTime` (it happens in real files) is taken as the start.
 * `version` is optional, and so is the wrapping object: a bare array of segments is read too.
 */
export function parsePodcastingJson(text: string): Result<TimedTranscript> {
  const prepared = prepareText(text, 'JSON transcript');
  if (!prepared.ok) return prepared;
  let data: unknown;
  try {
    data = JSON.parse(prepared.value);
  } catch (e) {
    const detail = oneLine(e instanceof Error ? e.message : String(e));
    return failure(`The transcript is not valid JSON (${detail}).`);
  }
  let list: unknown;
  let path = 'segments';
  if (Array.isArray(data)) {
    list = data;
    path = '';
  } else if (typeof data === 'object' && data !== null) {
    list = (data as Record<string, unknown>).segments;
    if (list === undefined)
      return failure('segments: missing; a Podcasting 2.0 transcript has a "segments" list.');
    if (!Array.isArray(list)) return failure(`segments: expected an array, got ${describe(list)}.`);
  } else {
    return failure(`The JSON is ${describe(data)}, not a Podcasting 2.0 transcript object.`);
  }
  const items = list as unknown[];
  if (items.length === 0) return failure('The transcript has no segments.');
  const segments: TimedSegment[] = [];
  let speaker: string | null = null;
  for (let i = 0; i < items.length; i++) {
    const at = `${path}[${i}]`;
    const item = items[i];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return failure(`${at}: expected a segment object, got ${describe(item)}.`);
    }
    const o = item as Record<string, unknown>;
    const start = toSeconds(o.startTime);
    if (start === undefined) return failure(`${at}.startTime: ${badSeconds(o.startTime)}.`);
    let end: number | null = null;
    if (o.endTime !== undefined && o.endTime !== null) {
      const e = toSeconds(o.endTime);
      if (e === undefined)
        return failure(`${at}.endTime: expected a number of seconds, got ${describe(o.endTime)}.`);
      end = Math.max(e, start);
    }
    const body = o.body;
    if (typeof body !== 'string' && typeof body !== 'number') {
      return failure(`${at}.body: expected text, got ${describe(body)}.`);
    }
    if (o.speaker !== undefined && o.speaker !== null && typeof o.speaker !== 'string') {
      return failure(`${at}.speaker: expected a name, got ${describe(o.speaker)}.`);
    }
    const name = typeof o.speaker === 'string' ? cleanText(o.speaker) : '';
    if (name !== '') speaker = name;
    const words = cleanText(String(body));
    if (words !== '') {
      segments.push({
        speaker,
        start,
        end,
        text: words,
        ...(o.estimated === true ? { estimated: true } : {}),
      });
    }
  }
  if (segments.length === 0) return failure('The transcript has no text: every segment body is empty.');
  return { ok: true, value: { format: 'json', segments: sortByStart(segments), warnings: [] } };
}

/**
 * Writes cues as a Podcasting 2.0 JSON transcript, pretty-printed with 2 spaces. A segment whose time is an
 * estimate carries `"estimated": true` (other readers ignore the field; Hark reads it back).
 */
export function writePodcastingJson(cues: readonly TranscriptCue[]): string {
  const segments = cues.map((c) => ({
    speaker: c.speaker,
    startTime: c.start,
    endTime: c.end,
    body: c.text,
    ...(c.estimated ? { estimated: true } : {}),
  }));
  return `${JSON.stringify({ version: '1.0.0', segments }, null, 2)}\n`;
}
