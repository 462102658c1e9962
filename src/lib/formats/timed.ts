/**
 * Timed transcripts in: picking the parser for a file, and building a whole episode from a transcript.
 */
import {
  EPISODE_FORMAT,
  type Episode,
  type Result,
  type Speaker,
  type TimeAnchor,
  type Turn,
  type WordTime,
} from '../episode/types.ts';
import { markdownToPlain, slugify } from '../episode/text.ts';
import {
  UNKNOWN_SPEAKER,
  endsSentence,
  failure,
  joinText,
  plainToMarkdown,
  prepareText,
  sortByStart,
} from './common.ts';
import { looksLikeHtml, parseHtmlTranscript } from './html-transcript.ts';
import { parsePodcastingJson } from './podcasting-json.ts';
import { parseSrt } from './srt.ts';
import { parseWebVtt } from './webvtt.ts';
import { parseLenientTiming } from './timestamps.ts';
import type { TimedSegment, TimedTranscript, TranscriptFormat } from './types.ts';

const PARSERS: Record<TranscriptFormat, (text: string) => Result<TimedTranscript>> = {
  json: parsePodcastingJson,
  vtt: parseWebVtt,
  srt: parseSrt,
  html: parseHtmlTranscript,
};

/** The format a file name's extension says (.json, .vtt or .webvtt, .srt, .html or .htm), if any. */
export function formatOfFileName(fileName: string): TranscriptFormat | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName.split(/[?#]/)[0] ?? '')?.[1]?.toLowerCase();
  if (ext === 'json') return 'json';
  if (ext === 'vtt' || ext === 'webvtt') return 'vtt';
  if (ext === 'srt') return 'srt';
  if (ext === 'html' || ext === 'htm') return 'html';
  return undefined;
}

/** The format the content looks like: a "WEBVTT" header, JSON, SRT's number and timing lines, or HTML. */
export function sniffFormat(text: string): TranscriptFormat | undefined {
  const t = text
    .slice(0, 4096)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^WEBVTT(?:[ \t\r\n]|$)/.test(t)) return 'vtt';
  if (t.startsWith('{') || t.startsWith('[')) return 'json';
  // Hark's SRT exports of estimated times start with a "# Hark: ..." comment line.
  const body = t.startsWith('# Hark:') ? t.slice(t.indexOf('\n') + 1).trimStart() : t;
  const lines = body.split(/\r?\n/, 3);
  const timing = (line: string | undefined): boolean =>
    line !== undefined && parseLenientTiming(line) !== undefined;
  if ((/^\d+[ \t]*$/.test(lines[0] ?? '') && timing(lines[1])) || timing(lines[0])) return 'srt';
  if (looksLikeHtml(t)) return 'html';
  return undefined;
}

/**
 * Picks the parser by file name extension (.json/.vtt/.srt) or by sniffing content ("WEBVTT" header, `{`,
 * SRT's "1\n00:00:01,000 --> ...", HTML). When the extension's parser fails, or reads the file only with
 * warnings, and the content looks like another format that reads it better, that format is used instead.
 */
export function parseTimedTranscript(text: string, fileName?: string): Result<TimedTranscript> {
  if (typeof text !== 'string') return failure('The transcript is not text.');
  const byName = fileName === undefined ? undefined : formatOfFileName(fileName);
  const sniffed = sniffFormat(text);
  if (byName) {
    const result = PARSERS[byName](text);
    const doubtful = !result.ok || (result.value.warnings?.length ?? 0) > 0;
    if (doubtful && sniffed && sniffed !== byName) {
      const other = PARSERS[sniffed](text);
      if (
        other.ok &&
        (result.ok ? (other.value.warnings?.length ?? 0) < result.value.warnings!.length : true)
      ) {
        return other;
      }
    }
    return result;
  }
  if (sniffed) return PARSERS[sniffed](text);
  const prepared = prepareText(text, 'transcript');
  if (!prepared.ok) return prepared;
  return failure(
    'This is not a timed transcript Hark reads: expected Podcasting 2.0 JSON, WebVTT, SRT or an HTML transcript.',
  );
}

/** Longest a paragraph joined from mid-sentence segments grows before a segment boundary ends it anyway. */
const MAX_JOINED_LENGTH = 1500;

/**
 * Whether each segment is a paragraph of its own, as in Hark's exports and in paragraph-level transcripts,
 * rather than a subtitle line or a word that may stop mid-sentence. Yes when segments are long (median
 * 120 characters or more), or when at most a fifth of the segments followed by the same speaker end
 * without ending a sentence.
 */
function segmentsAreParagraphs(segments: readonly TimedSegment[]): boolean {
  let boundaries = 0;
  let open = 0;
  for (let k = 1; k < segments.length; k++) {
    const before = segments[k - 1]!;
    if (speakerName(before) !== speakerName(segments[k]!)) continue;
    boundaries++;
    if (!endsSentence(before.text)) open++;
  }
  const lengths = segments.map((s) => s.text.length).sort((a, b) => a - b);
  const median = lengths[lengths.length >> 1] ?? 0;
  return boundaries === 0 || open <= boundaries * 0.2 || median >= 120;
}

/** Whether the transcript is word-level: at least four segments in five are a single word (no space inside). */
export function isWordLevel(segments: readonly TimedSegment[]): boolean {
  let single = 0;
  for (const s of segments) if (!s.text.trim().includes(' ')) single++;
  return segments.length > 0 && single >= segments.length * 0.8;
}

/**
 * The word time of a segment that is one word, placed at `offset` in its paragraph's plain text: the word
 * without the punctuation around it ("Radio." is "Radio"). Undefined for punctuation alone or an estimate.
 */
function wordTimeOf(segment: TimedSegment, offset: number): WordTime | undefined {
  if (segment.estimated) return undefined;
  const text = segment.text;
  let from = 0;
  while (from < text.length && !WORD_CHARACTER.test(String.fromCodePoint(text.codePointAt(from)!))) {
    from += text.codePointAt(from)! > 0xffff ? 2 : 1;
  }
  let to = text.length;
  while (to > from) {
    const low = text.charCodeAt(to - 1);
    const width = low >= 0xdc00 && low <= 0xdfff && to - 2 >= from ? 2 : 1;
    if (WORD_CHARACTER.test(text.slice(to - width, to))) break;
    to -= width;
  }
  if (from >= to) return undefined;
  const end = segment.end;
  return end === null || !Number.isFinite(end)
    ? [offset + from, offset + to, segment.start]
    : [offset + from, offset + to, segment.start, Math.max(end, segment.start)];
}

const WORD_CHARACTER = /^[\p{L}\p{N}\p{M}]$/u;

function speakerName(segment: TimedSegment): string {
  const name = segment.speaker?.replace(/\s+/g, ' ').trim();
  return name ? name : UNKNOWN_SPEAKER;
}

/** Ids from names: slugify(name), made unique with "-2", "-3"... when two names give the same slug. */
function speakerIds(): { idOf: (name: string) => string; speakers: Speaker[] } {
  const byName = new Map<string, string>();
  const used = new Set<string>();
  const speakers: Speaker[] = [];
  return {
    speakers,
    idOf(name) {
      const known = byName.get(name);
      if (known !== undefined) return known;
      const base = slugify(name) || 'speaker';
      let id = base;
      for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
      used.add(id);
      byName.set(name, id);
      speakers.push({ id, name, aliases: [] });
      return id;
    },
  };
}

/**
 * A whole episode from a timed transcript alone. Consecutive segments of one speaker form one turn, with
 * exact `start` (its first segment's) and `end` (the latest end among its segments; a segment without an
 * end ends where the next one starts). Speakers get ids by slugify(name) and names as written, "Unknown
 * speaker" where the format gives none.
 *
 * Paragraphs. When the segments are paragraphs (see `segmentsAreParagraphs`: Hark's own exports, one cue
 * per paragraph, and transcripts with a segment per turn), every segment is one paragraph, so an export
 * reads back exactly, even paragraphs that don't end in punctuation. Otherwise (subtitle lines, words)
 * segments are joined into the current paragraph until one ends a sentence (. ! ? … possibly followed by a
 * closing quote or bracket), which ends the paragraph; a paragraph without any sentence end is cut at a
 * segment boundary once it reaches 1500 characters.
 *
 * Each paragraph after a turn's first gets an anchor (source "transcript") at its start time, so the
 * timeline knows paragraph times exactly too. Segment text is plain: it is escaped into markdown.
 */
export function episodeFromTranscript(t: TimedTranscript, meta: { slug: string; title: string }): Episode {
  const segments = sortByStart(
    t.segments
      .filter((s) => Number.isFinite(s.start) && s.text.trim() !== '')
      .map((s) => ({ ...s, start: Math.max(0, s.start), text: s.text.replace(/\s+/g, ' ').trim() })),
  );
  const byParagraph = segmentsAreParagraphs(segments);
  const byWord = isWordLevel(segments);
  const { idOf, speakers } = speakerIds();
  const turns: {
    name: string;
    paragraphs: { text: string; start: number; estimated: boolean; words: WordTime[] }[];
    start: number;
    end: number;
  }[] = [];
  const wordsOf = (segment: TimedSegment, offset: number): WordTime[] => {
    const word = byWord ? wordTimeOf(segment, offset) : undefined;
    return word ? [word] : [];
  };
  segments.forEach((segment, k) => {
    const name = speakerName(segment);
    const next = segments[k + 1];
    const end = Math.max(
      segment.start,
      segment.end !== null && Number.isFinite(segment.end) ? segment.end : (next?.start ?? segment.start),
    );
    const turn = turns[turns.length - 1];
    if (!turn || turn.name !== name) {
      idOf(name);
      turns.push({
        name,
        paragraphs: [
          {
            text: segment.text,
            start: segment.start,
            estimated: segment.estimated === true,
            words: wordsOf(segment, 0),
          },
        ],
        start: segment.start,
        end,
      });
      return;
    }
    turn.end = Math.max(turn.end, end);
    const paragraph = turn.paragraphs[turn.paragraphs.length - 1]!;
    if (byParagraph || endsSentence(paragraph.text) || paragraph.text.length >= MAX_JOINED_LENGTH) {
      turn.paragraphs.push({
        text: segment.text,
        start: segment.start,
        estimated: segment.estimated === true,
        words: wordsOf(segment, 0),
      });
    } else {
      paragraph.text = joinText(paragraph.text, segment.text);
      paragraph.words.push(...wordsOf(segment, paragraph.text.length - segment.text.length));
    }
  });
  const anchors: TimeAnchor[] = [];
  const episodeTurns: Turn[] = turns.map((turn, i) => {
    turn.paragraphs.forEach((p, j) => {
      if (j > 0 && !p.estimated) anchors.push({ turn: i, paragraph: j, time: p.start, source: 'transcript' });
    });
    // Times the file marks as estimated are not given as known: the app estimates them again.
    const known = !turn.paragraphs[0]!.estimated;
    const paragraphs = turn.paragraphs.map((p) => plainToMarkdown(p.text));
    // Word offsets count in the plain text the episode gives back, so they hold only where it is the same.
    const words = turn.paragraphs.map((p, j) =>
      p.words.length > 0 && markdownToPlain(paragraphs[j]!) === p.text ? p.words : [],
    );
    return {
      speaker: idOf(turn.name),
      paragraphs,
      ...(known ? { start: turn.start, end: turn.end } : {}),
      ...(words.some((w) => w.length > 0) ? { words } : {}),
    };
  });
  return {
    format: EPISODE_FORMAT,
    slug: meta.slug,
    title: meta.title,
    publishDate: null,
    published: true,
    description: '',
    tags: [],
    audio: null,
    video: null,
    speakers,
    showNotes: { markdown: '', links: [] },
    chapters: [],
    turns: episodeTurns,
    anchors,
    notes: t.warnings && t.warnings.length > 0 ? [warningsNote(t.warnings)] : [],
  };
}

/** Most warnings a note or a message lists before "and N more". */
const LISTED_WARNINGS = 5;

/**
 * The warnings of a parse as one line: "2 problems in the file: Line 3: cue left out: ...; Line 9: ...".
 * Undefined when there are none.
 */
export function describeWarnings(warnings: readonly string[]): string | undefined {
  if (warnings.length === 0) return undefined;
  const listed = warnings.slice(0, LISTED_WARNINGS).join(' ');
  const more = warnings.length > LISTED_WARNINGS ? ` And ${warnings.length - LISTED_WARNINGS} more.` : '';
  return `${warnings.length === 1 ? 'One problem' : `${warnings.length} problems`} in the file: ${listed}${more}`;
}

/** A markdown note on the episode telling what was left out of the transcript file. */
function warningsNote(warnings: readonly string[]): string {
  return plainToMarkdown(describeWarnings(warnings)!);
}
