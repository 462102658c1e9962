import {
  EPISODE_FORMAT,
  type AnchorSource,
  type Chapter,
  type Episode,
  type Result,
  type ShowNoteLink,
  type Speaker,
  type TimeAnchor,
  type Turn,
  type WordTime,
} from './types.ts';
import { looksBinary, oneLine } from '../formats/encoding.ts';
import { markdownToPlain } from './text.ts';

/** Thrown only inside this module, caught by `validateEpisode`; carries the JSON path of the problem. */
class InvalidAt extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

type Json = unknown;

function fail(path: string, problem: string): never {
  throw new InvalidAt(path, problem);
}

function describe(value: Json): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}

/** A required field that is absent: "speakers: missing". */
function present(value: Json, path: string): void {
  if (value === undefined) fail(path, 'missing');
}

function object(value: Json, path: string): Record<string, Json> {
  present(value, path);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, `expected an object, got ${describe(value)}`);
  }
  return value as Record<string, Json>;
}

function string(value: Json, path: string, { nonEmpty = false } = {}): string {
  present(value, path);
  if (typeof value !== 'string') fail(path, `expected a string, got ${describe(value)}`);
  if (nonEmpty && value.trim() === '') fail(path, 'must not be empty');
  return value;
}

function optionalString(value: Json, path: string): string | undefined {
  return value === undefined ? undefined : string(value, path);
}

function seconds(value: Json, path: string): number {
  present(value, path);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(path, `expected a number of seconds, got ${describe(value)}`);
  }
  if (value < 0) fail(path, `must not be negative (got ${value})`);
  return value;
}

function optionalSeconds(value: Json, path: string): number | undefined {
  return value === undefined ? undefined : seconds(value, path);
}

function array<T>(value: Json, path: string, item: (v: Json, p: string) => T): T[] {
  present(value, path);
  if (!Array.isArray(value)) fail(path, `expected an array, got ${describe(value)}`);
  return value.map((v, i) => item(v, `${path}[${i}]`));
}

function integer(value: Json, path: string, below: number, what: string): number {
  present(value, path);
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    fail(path, `expected a whole number, got ${describe(value)}`);
  }
  if (value < 0 || value >= below) fail(path, `no ${what} ${value} (there are ${below})`);
  return value;
}

const ANCHOR_SOURCES: readonly AnchorSource[] = ['marker', 'transcript', 'user', 'audio'];

function speaker(value: Json, path: string): Speaker {
  const o = object(value, path);
  const id = string(o.id, `${path}.id`, { nonEmpty: true });
  return {
    id,
    name: string(o.name, `${path}.name`, { nonEmpty: true }),
    aliases: o.aliases === undefined ? [] : array(o.aliases, `${path}.aliases`, (v, p) => string(v, p)),
  };
}

function link(value: Json, path: string): ShowNoteLink {
  const o = object(value, path);
  return {
    label: string(o.label, `${path}.label`),
    urls: o.urls === undefined ? [] : array(o.urls, `${path}.urls`, (v, p) => string(v, p)),
  };
}

function chapter(value: Json, path: string): Chapter {
  const o = object(value, path);
  const start = seconds(o.start, `${path}.start`);
  const end = optionalSeconds(o.end, `${path}.end`);
  if (end !== undefined && end < start) fail(`${path}.end`, `ends (${end}) before it starts (${start})`);
  return { title: string(o.title, `${path}.title`), start, ...(end === undefined ? {} : { end }) };
}

function turn(value: Json, path: string, speakerIds: Set<string>): Turn {
  const o = object(value, path);
  const who = string(o.speaker, `${path}.speaker`);
  if (!speakerIds.has(who)) fail(`${path}.speaker`, `unknown speaker ${JSON.stringify(who)}`);
  const paragraphs = array(o.paragraphs, `${path}.paragraphs`, (v, p) => string(v, p));
  if (paragraphs.length === 0) fail(`${path}.paragraphs`, 'a turn needs at least one paragraph');
  const start = optionalSeconds(o.start, `${path}.start`);
  const end = optionalSeconds(o.end, `${path}.end`);
  if (start !== undefined && end !== undefined && end < start) {
    fail(`${path}.end`, `ends (${end}) before it starts (${start})`);
  }
  if (o.source !== undefined && o.source !== 'audio') fail(`${path}.source`, 'expected "audio" or nothing');
  const confidence = o.confidence;
  if (confidence !== undefined && !(typeof confidence === 'number' && confidence >= 0 && confidence <= 1)) {
    fail(`${path}.confidence`, `expected a number from 0 to 1, got ${describe(confidence)}`);
  }
  const words = o.words === undefined ? undefined : wordTimes(o.words, `${path}.words`, paragraphs);
  return {
    speaker: who,
    paragraphs,
    ...(start === undefined ? {} : { start }),
    ...(end === undefined ? {} : { end }),
    ...(o.source === 'audio' ? { source: 'audio' as const } : {}),
    ...(confidence === undefined ? {} : { confidence }),
    ...(words === undefined ? {} : { words }),
  };
}

/** A turn's word times: one list per paragraph, words in order of text and time, inside the plain text. */
function wordTimes(value: Json, path: string, paragraphs: readonly string[]): WordTime[][] {
  present(value, path);
  if (!Array.isArray(value)) fail(path, `expected an array, got ${describe(value)}`);
  if (value.length !== paragraphs.length) {
    fail(path, `expected one list per paragraph (${paragraphs.length}), got ${value.length}`);
  }
  return value.map((list: Json, j) => {
    const at = `${path}[${j}]`;
    if (!Array.isArray(list)) fail(at, `expected an array, got ${describe(list)}`);
    if (list.length === 0) return [];
    const length = markdownToPlain(paragraphs[j]!).length;
    let lastTo = 0;
    let lastStart = 0;
    return list.map((item: Json, k): WordTime => {
      const p = `${at}[${k}]`;
      if (!Array.isArray(item) || item.length < 3 || item.length > 4) {
        const got = Array.isArray(item) ? `${item.length} items` : describe(item);
        fail(p, `expected [from, to, start] or [from, to, start, end], got ${got}`);
      }
      const [from, to] = item.slice(0, 2).map((v: Json, i) => {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
          fail(`${p}[${i}]`, `expected a character offset, got ${describe(v)}`);
        }
        return v;
      }) as [number, number];
      if (from < lastTo) fail(`${p}[0]`, `overlaps the word before (starts at ${from}, before ${lastTo})`);
      if (to <= from) fail(`${p}[1]`, `must be after the word's first character (${from})`);
      if (to > length) fail(`${p}[1]`, `beyond the paragraph's ${length} characters of plain text`);
      const start = seconds(item[2], `${p}[2]`);
      if (start < lastStart) fail(`${p}[2]`, `before the word before (${lastStart})`);
      const end = item[3] === undefined ? undefined : seconds(item[3], `${p}[3]`);
      if (end !== undefined && end < start) fail(`${p}[3]`, `ends (${end}) before it starts (${start})`);
      lastTo = to;
      lastStart = start;
      return end === undefined ? [from, to, start] : [from, to, start, end];
    });
  });
}

function anchor(value: Json, path: string, turns: Turn[]): TimeAnchor {
  const o = object(value, path);
  const turnIndex = integer(o.turn, `${path}.turn`, turns.length, 'turn');
  const paragraphCount = turns[turnIndex]?.paragraphs.length ?? 0;
  const paragraph =
    o.paragraph === undefined
      ? undefined
      : integer(o.paragraph, `${path}.paragraph`, paragraphCount, `paragraph in turn ${turnIndex} numbered`);
  const source = string(o.source, `${path}.source`) as AnchorSource;
  if (!ANCHOR_SOURCES.includes(source)) {
    fail(`${path}.source`, `expected one of ${ANCHOR_SOURCES.join(', ')}, got ${JSON.stringify(source)}`);
  }
  const label = optionalString(o.label, `${path}.label`);
  const offset = o.offset === undefined ? undefined : integer(o.offset, `${path}.offset`, Infinity, 'offset');
  return {
    turn: turnIndex,
    ...(paragraph === undefined ? {} : { paragraph }),
    ...(offset === undefined ? {} : { offset }),
    time: seconds(o.time, `${path}.time`),
    source,
    ...(label === undefined ? {} : { label }),
  };
}

function episode(value: Json): Episode {
  const o = object(value, 'episode');
  if (o.format !== EPISODE_FORMAT) {
    if (typeof o.format === 'string' && o.format.startsWith('hark-episode/')) {
      fail('format', `unsupported version ${JSON.stringify(o.format)}; this Hark reads "${EPISODE_FORMAT}"`);
    }
    fail('format', `expected "${EPISODE_FORMAT}", got ${describe(o.format)}: this is not a Hark episode`);
  }
  const slug = string(o.slug, 'slug', { nonEmpty: true });
  if (!/^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u.test(slug)) {
    fail('slug', `${JSON.stringify(slug)} must be letters, digits, "-" or "_"`);
  }
  const speakers = array(o.speakers, 'speakers', speaker);
  const ids = new Set<string>();
  speakers.forEach((s, i) => {
    if (ids.has(s.id)) fail(`speakers[${i}].id`, `duplicate speaker id ${JSON.stringify(s.id)}`);
    ids.add(s.id);
  });
  const turns = array(o.turns, 'turns', (v, p) => turn(v, p, ids));
  const audioValue = o.audio ?? null;
  let audio: Episode['audio'] = null;
  if (audioValue !== null) {
    const a = object(audioValue, 'audio');
    const type = optionalString(a.type, 'audio.type');
    const duration = optionalSeconds(a.duration, 'audio.duration');
    audio = {
      src: string(a.src, 'audio.src', { nonEmpty: true }),
      ...(type === undefined ? {} : { type }),
      ...(duration === undefined ? {} : { duration }),
    };
  }
  const videoValue = o.video ?? null;
  let video: Episode['video'] = null;
  if (videoValue !== null) {
    const v = object(videoValue, 'video');
    const youtubeId = optionalString(v.youtubeId, 'video.youtubeId');
    video = { url: string(v.url, 'video.url', { nonEmpty: true }), ...(youtubeId ? { youtubeId } : {}) };
  }
  const speechValue = o.speech ?? null;
  const speech =
    speechValue === null
      ? undefined
      : { src: string(object(speechValue, 'speech').src, 'speech.src', { nonEmpty: true }) };
  const notesObject = o.showNotes === undefined ? {} : object(o.showNotes, 'showNotes');
  const publishDate = o.publishDate ?? null;
  return {
    format: EPISODE_FORMAT,
    slug,
    title: string(o.title, 'title'),
    publishDate: publishDate === null ? null : string(publishDate, 'publishDate'),
    published: o.published === undefined ? true : o.published === true,
    description: o.description === undefined ? '' : string(o.description, 'description'),
    tags: o.tags === undefined ? [] : array(o.tags, 'tags', (v, p) => string(v, p)),
    audio,
    video,
    speakers,
    showNotes: {
      markdown: notesObject.markdown === undefined ? '' : string(notesObject.markdown, 'showNotes.markdown'),
      links: notesObject.links === undefined ? [] : array(notesObject.links, 'showNotes.links', link),
    },
    chapters: o.chapters === undefined ? [] : array(o.chapters, 'chapters', chapter),
    turns,
    anchors: o.anchors === undefined ? [] : array(o.anchors, 'anchors', (v, p) => anchor(v, p, turns)),
    notes: o.notes === undefined ? [] : array(o.notes, 'notes', (v, p) => string(v, p)),
    ...(speech ? { speech } : {}),
  };
}

/**
 * Checks untrusted data (already parsed from JSON) against the episode format and returns a clean copy.
 * Optional fields get their defaults; unknown fields are dropped. The error names the path and the problem,
 * e.g. `turns[12].speaker: unknown speaker "bob"`.
 */
export function validateEpisode(value: unknown): Result<Episode> {
  try {
    return { ok: true, value: episode(value) };
  } catch (e) {
    if (e instanceof InvalidAt) return { ok: false, error: e.message };
    throw e;
  }
}

/**
 * Parses JSON text and validates it. Whatever is wrong is said in one line without quoting raw bytes: JSON
 * syntax errors become one sentence, binary data is called binary, and an episode page (markdown with front
 * matter) is pointed to `hark import`.
 */
export function parseEpisodeJson(text: string): Result<Episode> {
  const data = readEpisodeJson(text);
  return data.ok ? validateEpisode(data.value) : data;
}

/** The JSON step of `parseEpisodeJson` alone (a caller with a very long file validates in a later task). */
export function readEpisodeJson(text: string): Result<unknown> {
  const trimmed = text.replace(/^\uFEFF/, '');
  if (trimmed.trim() === '') return { ok: false, error: 'The episode file is empty.' };
  if (looksBinary(trimmed)) {
    return {
      ok: false,
      error: 'The episode file is not text (it looks like binary data), not episode JSON.',
    };
  }
  if (/^---[ \t]*\r?\n/.test(trimmed.trimStart())) {
    return {
      ok: false,
      error:
        'This is an episode page (markdown), not episode JSON: use `hark import` to make an episode of it.',
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(trimmed);
  } catch (e) {
    const detail = oneLine(e instanceof Error ? e.message : String(e));
    const markdown = /^(?:#{1,6} |\*\*[^*\n]{1,60}\*\*)/.test(trimmed.trimStart());
    const hint = markdown ? ' It looks like markdown: for an episode page use `hark import`.' : '';
    return { ok: false, error: `The episode file is not valid JSON (${detail}).${hint}` };
  }
  return { ok: true, value: data };
}
