import { parseDocument } from 'yaml';
import {
  EPISODE_FORMAT,
  type Chapter,
  type Episode,
  type EpisodeAudio,
  type EpisodeVideo,
  type ShowNoteLink,
  type Speaker,
  type TimeAnchor,
  type Turn,
  UNKNOWN_SPEAKER,
} from './types.ts';
import { decodeEntities } from '../formats/entities.ts';
import { looksBinary } from '../formats/encoding.ts';
import { audioTypeOf, markdownToPlain, parseClock, slugify } from './text.ts';
import { findHtmlHeading, scanTags, stripHtml, stripHtmlMapped, type StripNote, type Tag } from './html.ts';
import { isSpaceCode, trimEndSpaces, trimEndWhere } from './scan.ts';
import { validateEpisode } from './validate.ts';
import { playableUrl } from '../links/web-url.ts';

export interface ImportOptions {
  /** The page's file name; its base name becomes the slug when the front matter has none. */
  fileName?: string;
}

type FrontMatter = Record<string, unknown>;

/**
 * An imported page, with what the importer left out or could not place (one sentence each: what and at which
 * line of the page), or why the page is not an episode.
 */
export type ImportResult = { ok: true; value: Episode; warnings: string[] } | { ok: false; error: string };

/** Labels that introduce a block of notes, never a speaker. */
const HEADING_WORDS = new Set(
  [
    'highlights',
    'show notes',
    'notes',
    'links',
    'resources',
    'transcript',
    'topics',
    'chapters',
    'timestamps',
    'guests',
    'guest',
    'host',
    'hosts',
    'mentioned',
    'references',
    'sponsors',
    'summary',
  ].map((w) => w.toLowerCase()),
);

/**
 * Turns an episode page (markdown with YAML front matter, show notes, an audio tag and a `**Speaker:** text`
 * transcript) into an episode. Never throws: input that is not an episode page gives `{ ok: false }` with
 * one sentence saying what is missing.
 */
export function importEpisodePage(text: string, options: ImportOptions = {}): ImportResult {
  try {
    return importPage(text, options);
  } catch (e) {
    // A bug, not bad input; still one sentence rather than a stack trace.
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, error: `Could not import this page: ${detail}.` };
  }
}

function importPage(raw: string, options: ImportOptions): ImportResult {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return { ok: false, error: 'This is not an episode page: the file is empty.' };
  }
  if (looksBinary(raw)) {
    return { ok: false, error: 'This is not an episode page: it is a binary file, not markdown text.' };
  }
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const warnings: string[] = [];
  const split = splitFrontMatter(text, warnings);
  if (!split) {
    return {
      ok: false,
      error: 'This is not an episode page: it has no front matter (a block between "---" lines at the top).',
    };
  }
  const fm = split.frontMatter;
  const body = split.body;

  const authors = authorNames(fm);
  const sections = findSections(body);
  const media = findMedia(body, fm);

  const notesSection = sections.notes === null ? '' : sections.notes;
  const notes = parseShowNotes(notesSection);
  const chapters = findChapters(
    [sections.intro, notesSection, sections.betweenNotesAndTranscript].join('\n'),
  );

  const bodyOffset = text.length - body.length;
  const lineOf = lineFinder(text);
  const transcript = parseTranscript(sections.transcript, authors, (at) =>
    lineOf(bodyOffset + sections.transcriptStart + at),
  );

  const intro = cleanMarkdownBlock(sections.intro);
  const fmDescription = stringField(fm.description)?.trim();
  const description = fmDescription || intro;
  const extraNotes = fmDescription && intro ? intro : '';
  const trailingNotes = cleanMarkdownBlock(sections.betweenNotesAndTranscript);

  const title =
    stringField(fm.title)?.trim() ||
    firstMarkdownHeading(body) ||
    humanize(options.fileName ?? '') ||
    'Untitled episode';
  const slug =
    slugify(stringField(fm.slug) ?? '') ||
    slugify(baseName(options.fileName ?? '')) ||
    slugify(title) ||
    'episode';

  const episode: Episode = {
    format: EPISODE_FORMAT,
    slug,
    title,
    publishDate: dateField(fm.publishDate ?? fm.date ?? fm.pubDate),
    published: !(fm.published === false || fm.published === 'false' || fm.draft === true),
    description,
    tags: tagList(fm.tags),
    audio: media.audio,
    video: media.video,
    speakers: transcript.speakers,
    showNotes: {
      markdown: [extraNotes, notes.markdown, trailingNotes].filter(Boolean).join('\n\n'),
      links: notes.links,
    },
    chapters,
    turns: transcript.turns,
    anchors: transcript.anchors,
    notes: transcript.notes,
  };
  const valid = validateEpisode(episode);
  return valid.ok ? { ...valid, warnings: [...warnings, ...transcript.warnings] } : valid;
}

/** The 1-based line number of an index in a text. */
function lineFinder(text: string): (at: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (at) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Front matter

function splitFrontMatter(
  text: string,
  warnings: string[],
): { frontMatter: FrontMatter; body: string } | null {
  const m = /^\s*---[ \t]*\n([^]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!m) return null;
  const yamlText = m[1] ?? '';
  const firstLine = text.slice(0, m.index + m[0].indexOf('\n')).split('\n').length + 1;
  return { frontMatter: parseFrontMatter(yamlText, firstLine, warnings), body: text.slice(m[0].length) };
}

function parseFrontMatter(yamlText: string, firstLine: number, warnings: string[]): FrontMatter {
  try {
    // Warnings (an unknown `!!js/function` tag) become one line each rather than Node's multi-line notices.
    const doc = parseDocument(yamlText, { logLevel: 'silent' });
    if (doc.errors.length === 0) {
      for (const w of doc.warnings) {
        const line = w.linePos ? firstLine + w.linePos[0].line - 1 : firstLine;
        warnings.push(
          `front matter line ${line}: ${w.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
        );
      }
      const data: unknown = doc.toJS({ maxAliasCount: 100 });
      if (data && typeof data === 'object' && !Array.isArray(data)) return data as FrontMatter;
    }
  } catch {
    // Fall through to the lenient reader.
  }
  // Hand-written front matter is often not strict YAML (an unquoted "Episode 3: Title"): read it leniently.
  return lenientFrontMatter(yamlText);
}

/** Reads `key: value` lines, flow lists and `- item` lists without YAML's strictness about colons. */
function lenientFrontMatter(yamlText: string): FrontMatter {
  const result: FrontMatter = {};
  let currentKey: string | null = null;
  for (const line of yamlText.split('\n')) {
    const keyMatch = /^([A-Za-z_][\w-]*):(.*)$/.exec(line);
    if (keyMatch) {
      const [, key = '', value = ''] = keyMatch;
      currentKey = key;
      result[key] = value.trim() === '' ? [] : lenientScalar(value.trim());
      continue;
    }
    if (!currentKey) continue;
    const item = listItem(line);
    const current = result[currentKey];
    if (item !== null && Array.isArray(current)) {
      current.push(lenientScalar(item));
    } else if (line.trim() && typeof current === 'string') {
      result[currentKey] = `${current} ${line.trim()}`;
    }
  }
  return result;
}

/** The value of a `- item` (or `- name: item`) line, or null. */
function listItem(line: string): string | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('-') || !isSpaceCode(trimmed.charCodeAt(1))) return null;
  const value = trimmed.slice(1).trim();
  return value.startsWith('name:') ? value.slice(5).trim() : value;
}

/** The text of the first `# Heading` line of a body, or ''. */
function firstMarkdownHeading(body: string): string {
  for (const line of body.split('\n')) {
    if (line.startsWith('#') && (line[1] === ' ' || line[1] === '\t')) {
      const title = line.slice(1).trim();
      if (title) return title;
    }
  }
  return '';
}

function lenientScalar(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value.startsWith('[') && value.endsWith(']')) {
    return value
      .slice(1, -1)
      .split(',')
      .map((v) => unquote(v.trim()))
      .filter(Boolean);
  }
  return unquote(value);
}

function unquote(value: string): string {
  const m = /^(['"])([^]*)\1$/.exec(value);
  if (!m) return value;
  return m[1] === "'" ? (m[2] ?? '').replace(/''/g, "'") : (m[2] ?? '').replace(/\\"/g, '"');
}

function stringField(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function dateField(value: unknown): string | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  const s = stringField(value)?.trim();
  return s ? s : null;
}

function tagList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(stringField).filter((t): t is string => !!t?.trim());
  const s = stringField(value);
  return s
    ? s
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : [];
}

function authorNames(fm: FrontMatter): string[] {
  const names: string[] = [];
  const add = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(add);
    else if (v && typeof v === 'object') add((v as Record<string, unknown>).name);
    else {
      const s = stringField(v)?.trim();
      if (s && !names.includes(s)) names.push(s);
    }
  };
  add(fm.author);
  add(fm.authors);
  add(fm.guests);
  add(fm.guest);
  add(fm.hosts);
  add(fm.host);
  return names;
}

function baseName(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? '').replace(/\.(mdx?|markdown|txt)$/i, '');
}

function humanize(fileName: string): string {
  const base = baseName(fileName).replace(/[-_]+/g, ' ').trim();
  return base ? base[0]!.toUpperCase() + base.slice(1) : '';
}

// ---------------------------------------------------------------------------------------------------------
// Sections of the body

interface Sections {
  /** Prose before the show notes (or before the transcript when there are no notes). */
  intro: string;
  notes: string | null;
  /** Anything after the notes and before the transcript. */
  betweenNotesAndTranscript: string;
  transcript: string;
  /** Where the transcript starts in the body. */
  transcriptStart: number;
}

interface Mark {
  /** Where the heading (or marker) starts. */
  start: number;
  /** Where the content after it starts. */
  contentStart: number;
}

function findHeading(body: string, phrase: string, comment: RegExp): Mark | null {
  const candidates: Mark[] = [];
  const words = new RegExp(`\\b${phrase.split(' ').join('\\s+')}\\b`, 'i');
  const h = findHtmlHeading(body, words);
  if (h) candidates.push({ start: h[0], contentStart: h[1] });
  const md = markdownHeading(body, phrase);
  if (md) candidates.push(md);
  const c = comment.exec(body);
  if (c) candidates.push({ start: c.index, contentStart: c.index + c[0].length });
  candidates.sort((a, b) => a.start - b.start);
  return candidates[0] ?? null;
}

/** The first `## Phrase` line (any level, any case, an optional colon and closing `#`s), or null. */
function markdownHeading(body: string, phrase: string): Mark | null {
  let start = 0;
  for (const line of body.split('\n')) {
    let hashes = 0;
    while (line[hashes] === '#') hashes++;
    if (hashes >= 1 && hashes <= 6) {
      let text = trimEndSpaces(trimEndWhere(trimEndSpaces(line.slice(hashes)), (c) => c === '#'));
      if (text.endsWith(':')) text = trimEndSpaces(text.slice(0, -1));
      const words = text
        .replace(/^[ \t]+/, '')
        .toLowerCase()
        .split(/[ \t]+/)
        .join(' ');
      if (words === phrase) return { start, contentStart: start + line.length };
    }
    start += line.length + 1;
  }
  return null;
}

function findSections(body: string): Sections {
  const notesMark = findHeading(body, 'show notes', /<!--\s*START\s+SHOW\s*NOTES\s*-->/i);
  let transcriptMark = findHeading(body, 'transcript', /<!--\s*START\s+TRANSCRIPT\s*-->/i);
  if (transcriptMark && notesMark && transcriptMark.start < notesMark.start) {
    // Notes after the transcript are unusual but possible; only treat the transcript heading as such.
  }
  let transcriptEnd = body.length;
  if (transcriptMark) {
    transcriptEnd = endOfTranscript(body, transcriptMark.contentStart);
  } else {
    const searchFrom = notesMark ? notesMark.contentStart : 0;
    const first = firstSpeakerLabel(body, searchFrom);
    if (first !== null) {
      transcriptMark = { start: first, contentStart: first };
      transcriptEnd = endOfTranscript(body, first);
    }
  }

  const transcriptStart = transcriptMark ? transcriptMark.start : body.length;
  let notes: string | null = null;
  let between = '';
  let introEnd = transcriptStart;
  if (notesMark && notesMark.start < transcriptStart) {
    introEnd = notesMark.start;
    const endComment = /<!--\s*END\s+SHOW\s*NOTES\s*-->/i.exec(body.slice(notesMark.contentStart));
    const notesEnd =
      endComment && notesMark.contentStart + endComment.index < transcriptStart
        ? notesMark.contentStart + endComment.index
        : transcriptStart;
    notes = body.slice(notesMark.contentStart, notesEnd);
    between = body.slice(notesEnd, transcriptStart).replace(/<!--\s*END\s+SHOW\s*NOTES\s*-->/i, '');
  } else if (notesMark) {
    const endComment = /<!--\s*END\s+SHOW\s*NOTES\s*-->/i.exec(body.slice(notesMark.contentStart));
    notes = body.slice(
      notesMark.contentStart,
      endComment ? notesMark.contentStart + endComment.index : body.length,
    );
  }
  const transcript = transcriptMark ? body.slice(transcriptMark.contentStart, transcriptEnd) : '';
  return {
    intro: body.slice(0, introEnd),
    notes,
    betweenNotesAndTranscript: between,
    transcript,
    transcriptStart: transcriptMark ? transcriptMark.contentStart : body.length,
  };
}

/**
 * Where the transcript that starts at `from` ends: at `<!-- END TRANSCRIPT -->`, or at a `</div>` line that
 * closes a block opened before the transcript (a page's card around it). A `<div>` opened inside the
 * transcript (an embedded tweet) and its `</div>` are part of it.
 */
function endOfTranscript(body: string, from: number): number {
  const rest = body.slice(from);
  const endComment = /<!--\s*END\s+TRANSCRIPT\s*-->/i.exec(rest);
  const limit = endComment ? from + endComment.index : body.length;
  // Blocks still open where the transcript starts: only their closing tags can end it.
  let open = 0;
  for (const tag of scanTags(body.slice(0, from))) {
    if (tag.name !== 'div' || body[tag.end - 2] === '/') continue;
    open = tag.closing ? Math.max(0, open - 1) : open + 1;
  }
  if (open === 0) return limit;
  // Nor can a closing tag that speaker lines still follow: a stray `</div>` must not cut the talk short.
  let lastLabel = -1;
  let at = 0;
  for (const line of rest.split('\n')) {
    if (from + at >= limit) break;
    if (boldLabel(line)) lastLabel = at;
    at += line.length + 1;
  }
  let depth = 0;
  const fences = fencedRanges(rest);
  let fence = 0;
  for (const tag of scanTags(rest)) {
    if (from + tag.start >= limit) break;
    while (fence < fences.length && fences[fence]![1] <= tag.start) fence++;
    // A `</div>` shown in a code block closes nothing.
    if (fence < fences.length && fences[fence]![0] <= tag.start) continue;
    if (tag.name !== 'div' || rest[tag.end - 2] === '/') continue;
    if (!tag.closing) depth++;
    else if (depth > 0) depth--;
    else if (tag.start > lastLabel && startsLine(rest, tag.start)) return from + tag.start;
  }
  return limit;
}

/** Where fenced code blocks (``` or ~~~) stand in a text, as [start, end) ranges. */
function fencedRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let open: { start: number; marker: string } | null = null;
  let at = 0;
  for (const line of text.split('\n')) {
    const trimmed = line.trimStart();
    const marker = trimmed.startsWith('```') ? '```' : trimmed.startsWith('~~~') ? '~~~' : null;
    if (marker && !open) open = { start: at, marker };
    else if (marker && open && marker === open.marker) {
      ranges.push([open.start, at + line.length]);
      open = null;
    }
    at += line.length + 1;
  }
  if (open) ranges.push([open.start, text.length]);
  return ranges;
}

/** Whether only spaces and tabs stand between the start of the line and `at`. */
function startsLine(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
  return k < 0 || text[k] === '\n';
}

// ---------------------------------------------------------------------------------------------------------
// Audio and video

function findMedia(
  body: string,
  fm: FrontMatter,
): { audio: EpisodeAudio | null; video: EpisodeVideo | null } {
  let audio: EpisodeAudio | null = null;
  const tags = scanTags(body).filter((t) => !t.closing);
  const textOf = (t: Tag): string => body.slice(t.start, t.end);
  const audioAt = tags.findIndex((t) => t.name === 'audio');
  const audioTag = audioAt === -1 ? undefined : attribute(textOf(tags[audioAt]!), 'src');
  const sourceTag =
    audioAt === -1
      ? undefined
      : tags
          .slice(audioAt + 1)
          .filter((t) => t.name === 'source')
          .map((t) => attribute(textOf(t), 'src'))
          .find((src) => src !== undefined);
  const tagSrc = audioTag ?? sourceTag;
  const fmAudio = stringField(fm.audioSrc ?? fm.audio ?? fm.audioUrl)?.trim();
  const iframes = tags
    .filter((t) => t.name === 'iframe')
    .map((t) => attribute(textOf(t), 'src'))
    .filter((src): src is string => src !== undefined)
    .map(decodeEntities);
  const buzzsprout = iframes.map(buzzsproutAudio).find((s) => s !== undefined);
  const src = tagSrc ? decodeEntities(tagSrc.trim()) : fmAudio || buzzsprout;
  if (src && isPlayableUrl(src)) {
    const type = audioTypeOf(src);
    audio = { src, ...(type ? { type } : {}) };
  }

  const fmVideo = stringField(fm.videoID ?? fm.videoId ?? fm.youtubeId ?? fm.youtubeID)?.trim();
  const mdx = tags
    .filter((t) => t.name === 'youtube' && body.startsWith('<YouTube', t.start))
    .map((t) => attribute(textOf(t), 'id|videoId|youTubeId', true))
    .find((id) => id !== undefined);
  const iframeVideo = iframes.map(youtubeIdOf).find((s) => s !== undefined);
  const youtubeId = fmVideo || mdx || iframeVideo;
  const video: EpisodeVideo | null =
    youtubeId && /^[\w-]{6,20}$/.test(youtubeId)
      ? { url: `https://www.youtube.com/watch?v=${youtubeId}`, youtubeId }
      : null;
  return { audio, video };
}

/** An attribute's value in a tag: `name="v"`, `name='v'` or JSX `name={"v"}`. */
function attribute(tag: string, names: string, caseSensitive = false): string | undefined {
  const m = new RegExp(
    `\\b(?:${names})\\s*=\\s*(?:"([^"]+)"|'([^']+)'|\\{["']([^"']+)["']\\})`,
    caseSensitive ? '' : 'i',
  ).exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** An audio address the app will play (the one policy, links/web-url.ts) that also looks like a file. */
function isPlayableUrl(src: string): boolean {
  return playableUrl(src) !== null && /^(https?:\/\/|\/|\.{0,2}\/|[\w.-]+\.[a-z0-9]{2,5}$)/i.test(src);
}

/** The MP3 behind a Buzzsprout player iframe: `https://www.buzzsprout.com/123/456-slug?...` → `.../456-slug.mp3`. */
function buzzsproutAudio(src: string): string | undefined {
  const m = /^(https?:\/\/(?:www\.)?buzzsprout\.com\/\d+\/[\w-]+?)(?:\.(?:mp3|js))?(?:[?#].*)?$/i.exec(src);
  return m ? `${m[1]}.mp3` : undefined;
}

function youtubeIdOf(src: string): string | undefined {
  return /(?:youtube(?:-nocookie)?\.com\/(?:embed\/|watch\?v=|v\/)|youtu\.be\/)([\w-]{6,20})/i.exec(src)?.[1];
}

// ---------------------------------------------------------------------------------------------------------
// Show notes and chapters

function cleanMarkdownBlock(text: string): string {
  return stripHtml(text)
    .split('\n')
    .map(trimEndSpaces)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .split('\n')
    .map((l) => l.replace(/^[ \t]{1,3}(?=\S)(?![-*+]\s|\d+\.\s)/, ''))
    .join('\n');
}

function parseShowNotes(section: string): { markdown: string; links: ShowNoteLink[] } {
  const links: ShowNoteLink[] = [];
  const kept: string[] = [];
  for (const rawLine of cleanMarkdownBlock(section).split('\n')) {
    const line = rawLine.trim();
    const link = parseLinkLine(line);
    if (link) links.push(link);
    else kept.push(rawLine);
  }
  const markdown = kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { markdown, links };
}

/** `Label: https://a, https://b` → a link; `Label:` alone → a link without URL; anything else → null. */
function parseLinkLine(line: string): ShowNoteLink | null {
  if (!line || /^([-*+>#|]|\d+\.\s|\*\*|__|!\[|\[)/.test(line)) return null;
  const withUrl = labelAndUrls(line);
  if (withUrl) {
    const urls = splitUrlList(withUrl.rest);
    if (!urls) return null;
    return { label: withUrl.label, urls: urls.map((u) => u.replace(/[,;]$/, '')).filter(Boolean) };
  }
  const bare = /^([^:]{1,80}):$/.exec(line);
  if (bare && !/^[*_]/.test(line)) return { label: bare[1]!.trim(), urls: [] };
  return null;
}

/** `Label: https://…`: the label before the first colon that white space and a web address follow. */
function labelAndUrls(line: string): { label: string; rest: string } | null {
  for (let colon = line.indexOf(':', 1); colon !== -1; colon = line.indexOf(':', colon + 1)) {
    let k = colon + 1;
    while (k < line.length && isSpaceCode(line.charCodeAt(k))) k++;
    if (k > colon + 1 && /^https?:\/\//.test(line.slice(k, k + 8))) {
      return { label: line.slice(0, colon).trim(), rest: line.slice(k).trim() };
    }
  }
  return null;
}

/** `https://a, https://b.` → the addresses, or null when anything else stands between them. */
function splitUrlList(rest: string): string[] | null {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] !== ',') continue;
    let k = i + 1;
    while (k < rest.length && isSpaceCode(rest.charCodeAt(k))) k++;
    if (/^https?:\/\//.test(rest.slice(k, k + 8))) {
      parts.push(rest.slice(start, i));
      start = k;
      i = k - 1;
    }
  }
  parts.push(rest.slice(start));
  const urls = parts.map((p) => trimEndWhere(p, (c) => isSpaceCode(c.charCodeAt(0))));
  return urls.every((u) => /^https?:\/\/\S+$/.test(u)) ? urls : null;
}

const CLOCK = /^\d{1,2}:\d{2}(?::\d{2})?$/;
const isBlank = (c: string): boolean => isSpaceCode(c.charCodeAt(0));
const isClockChar = (c: string): boolean => c === ':' || (c >= '0' && c <= '9');

/**
 * `Title (12:34 - 15:00)` or `- Title [1:02:03–1:10:00].` → title, start and end, read from the end of the line;
 * null for any other line.
 */
function chapterLine(line: string): { title: string; start: string; end: string } | null {
  let i = line.length;
  const skip = (accept: (c: string) => boolean): number => {
    const from = i;
    while (i > 0 && accept(line[i - 1]!)) i--;
    return from - i;
  };
  skip(isBlank);
  if (line[i - 1] === '.' || line[i - 1] === ';') i--;
  skip(isBlank);
  if (line[i - 1] !== ')' && line[i - 1] !== ']') return null;
  i--;
  skip(isBlank);
  const endTo = i;
  skip(isClockChar);
  const end = line.slice(i, endTo);
  skip(isBlank);
  if (skip((c) => c === '-' || c === '–' || c === '—') === 0) return null;
  skip(isBlank);
  const startTo = i;
  skip(isClockChar);
  const start = line.slice(i, startTo);
  skip(isBlank);
  if (line[i - 1] !== '(' && line[i - 1] !== '[') return null;
  i--;
  skip(isBlank);
  if (!CLOCK.test(start) || !CLOCK.test(end)) return null;
  return { title: line.slice(0, i), start, end };
}

function findChapters(text: string): Chapter[] {
  const chapters: Chapter[] = [];
  for (const rawLine of stripHtml(text).split('\n')) {
    const m = chapterLine(rawLine.trim());
    if (!m) continue;
    const start = parseClock(m.start);
    const end = parseClock(m.end);
    const title = trimEndWhere(markdownToPlain(m.title.replace(/^([-*+]|\d+[.)])\s+/, '')), (c) =>
      /[\s:–—-]/.test(c),
    ).trim();
    if (start === undefined || !title) continue;
    chapters.push({ title, start, ...(end !== undefined && end >= start ? { end } : {}) });
  }
  return chapters.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------------------------
// Transcript

interface Label {
  name: string;
  /** Text after the label on the same line. */
  rest: string;
}

const PLAIN_NAME = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.\- ]{0,48}$/u;

/** `**Name:** text` or `**Name**: text`: the name (at most 60 characters, no `*`) and the text after it. */
function boldLabel(line: string): Label | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('**')) return null;
  const star = trimmed.indexOf('*', 2);
  if (star === -1 || trimmed[star + 1] !== '*') return null;
  const inside = trimEndWhere(trimmed.slice(2, star), isBlank);
  let name: string;
  let restFrom: number;
  if (inside.endsWith(':')) {
    // **Name:**
    name = inside.slice(0, -1).trim();
    restFrom = star + 2;
  } else {
    // **Name**:
    let k = star + 2;
    while (k < trimmed.length && isBlank(trimmed[k]!)) k++;
    if (trimmed[k] !== ':') return null;
    name = inside.trim();
    restFrom = k + 1;
  }
  if (!name || name.length > 60 || name.includes('\n')) return null;
  if (HEADING_WORDS.has(name.toLowerCase()) || /[[\]()<>]|https?:/.test(name)) return null;
  return { name, rest: trimmed.slice(restFrom).trim() };
}

/** An unbolded `Name:` alone on a line: a speaker only when it looks like a name. */
function plainLabel(line: string, known: Set<string>): Label | null {
  const trimmed = line.trim();
  if (!trimmed.endsWith(':')) return null;
  const name = trimEndWhere(trimmed.slice(0, -1), isBlank);
  if (!PLAIN_NAME.test(name)) return null;
  const lower = name.toLocaleLowerCase();
  if (HEADING_WORDS.has(lower)) return null;
  if (known.has(lower)) return { name, rest: '' };
  const words = name.split(/\s+/);
  return words.length <= 3 && words.every((w) => /^\p{Lu}/u.test(w)) ? { name, rest: '' } : null;
}

/** Where the first line that is a speaker label starts, at or after `from`, or null. */
function firstSpeakerLabel(body: string, from: number): number | null {
  const lines = body.slice(from).split('\n');
  const counts = new Map<string, number>();
  for (const line of lines) {
    const label = boldLabel(line);
    if (label) counts.set(label.name.toLowerCase(), (counts.get(label.name.toLowerCase()) ?? 0) + 1);
  }
  const firstWords = new Map<string, number>();
  for (const [name, n] of counts) {
    const first = name.split(/\s+/)[0]!;
    firstWords.set(first, (firstWords.get(first) ?? 0) + n);
  }
  let offset = from;
  for (const line of lines) {
    const label = boldLabel(line);
    if (label) {
      const lower = label.name.toLowerCase();
      const speakerLike = (firstWords.get(lower.split(/\s+/)[0]!) ?? 0) >= 2 || counts.size >= 2;
      if (speakerLike && (label.rest === '' || !/^https?:\/\//.test(label.rest))) return offset;
    }
    offset += line.length + 1;
  }
  return null;
}

interface RawParagraph {
  label: string | null;
  text: string;
}

const MARKER =
  /\[(?:(inaudible|crosstalk|unintelligible|indiscernible|laughter|laughs|music|silence|pause)\s+)?(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)\]/gi;

function isItalicBlock(text: string): boolean {
  return /^(_|\*)(?!\1)[^]*\S\1$/.test(text.trim()) && !/^(\*\*|__)/.test(text.trim());
}

/** An MDX `import`/`export` statement line: code for the page's build, never speech. */
function isModuleLine(line: string): boolean {
  const t = line.trim();
  if (t.startsWith('import ')) return /\sfrom\s*["']/.test(t) || /^import\s*["']/.test(t);
  return /^export\s+(?:const|let|var|function|default|\{)/.test(t);
}

function parseTranscript(
  section: string,
  authors: string[],
  lineAt: (index: number) => number,
): { speakers: Speaker[]; turns: Turn[]; anchors: TimeAnchor[]; notes: string[]; warnings: string[] } {
  const warnings: string[] = [];
  const known = new Set(authors.map((a) => a.toLocaleLowerCase()));
  for (const a of authors) known.add(a.split(/\s+/)[0]!.toLocaleLowerCase());

  // MDX module lines and fenced code go (blanked, so that indexes keep their place): code is not speech.
  const rawLines = section.split('\n');
  let offset = 0;
  const moduleLines: number[] = [];
  const fences = fencedRanges(section);
  let fence = 0;
  for (let i = 0; i < rawLines.length; i++) {
    const line = rawLines[i]!;
    while (fence < fences.length && fences[fence]![1] < offset) fence++;
    const inFence = fence < fences.length && fences[fence]![0] <= offset;
    if (inFence && fences[fence]![0] === offset) {
      const [start, end] = fences[fence]!;
      const names = section
        .slice(start, end)
        .split('\n')
        .map((l) => boldLabel(l)?.name)
        .filter((n): n is string => n !== undefined);
      const what = names.length ? `the turns of ${names.join(', ')} inside ` : '';
      warnings.push(`left out ${what}a fenced code block at line ${lineAt(start)}`);
    }
    if (inFence || isModuleLine(line)) {
      if (!inFence) moduleLines.push(lineAt(offset));
      rawLines[i] = ' '.repeat(line.length);
    }
    offset += line.length + 1;
  }
  if (moduleLines.length) {
    warnings.push(
      `left out ${plural(moduleLines.length, 'MDX import/export line')} (line ${moduleLines.join(', ')})`,
    );
  }
  const stripNotes: StripNote[] = [];
  const stripped = stripHtmlMapped(rawLines.join('\n'), stripNotes);
  for (const note of stripNotes) {
    const names = note.content
      .split('\n')
      .map((l) => boldLabel(l)?.name)
      .filter((n): n is string => n !== undefined);
    warnings.push(
      `left out ${names.length ? `the turns of ${names.join(', ')} inside ` : ''}${note.what} at line ${lineAt(note.at)}`,
    );
  }
  const lines = stripped.text.split('\n');
  for (const line of lines) {
    const b = boldLabel(line);
    if (b) known.add(b.name.toLocaleLowerCase());
  }

  const paragraphs: RawParagraph[] = [];
  let label: string | null = null;
  /** The label line whose turn has no text yet, if any. */
  let pendingLabel: { name: string; line: number } | null = null;
  let buffer: string[] = [];
  const flush = (): void => {
    const text = buffer.join(' ').replace(/\s+/g, ' ').trim();
    if (text) {
      paragraphs.push({ label, text });
      pendingLabel = null;
    }
    buffer = [];
  };
  let at = 0;
  for (const line of lines) {
    const lineStart = at;
    at += line.length + 1;
    const trimmed = line.trim();
    if (trimmed === '') {
      flush();
      continue;
    }
    const found = boldLabel(trimmed) ?? (buffer.length === 0 ? plainLabel(trimmed, known) : null);
    if (found) {
      flush();
      if (pendingLabel && pendingLabel.name !== found.name) {
        warnings.push(
          `the label "${pendingLabel.name}" at line ${pendingLabel.line} has no text: no turn for it`,
        );
      }
      label = found.name;
      pendingLabel = { name: found.name, line: lineAt(stripped.source(lineStart)) };
      if (found.rest) buffer.push(found.rest);
      continue;
    }
    buffer.push(trimmed);
  }
  flush();
  const lastPending = pendingLabel as { name: string; line: number } | null;
  if (lastPending) {
    warnings.push(`the label "${lastPending.name}" at line ${lastPending.line} has no text: no turn for it`);
  }

  const notes: string[] = [];
  // Italic disclaimers at the start (before any label) or at the very end are notes about the transcript.
  let first = 0;
  let end = paragraphs.length;
  while (first < end && paragraphs[first]!.label === null && isItalicBlock(paragraphs[first]!.text)) {
    notes.push(paragraphs[first++]!.text);
  }
  while (end > first && isItalicBlock(paragraphs[end - 1]!.text)) {
    const last = paragraphs[end - 1]!;
    const sameSpeakerBefore = end - first > 1 && paragraphs[end - 2]!.label === last.label;
    if (last.label !== null && !sameSpeakerBefore && end - first > 1) break;
    end--;
  }
  const trailing = paragraphs.slice(end).map((p) => p.text);
  const anyLabel = paragraphs.slice(first, end).some((p) => p.label !== null);
  if (anyLabel) {
    // Unlabelled prose before the first label is not speech we can attribute.
    while (first < end && paragraphs[first]!.label === null) notes.push(paragraphs[first++]!.text);
  }
  notes.push(...trailing);
  const spoken = paragraphs.slice(first, end);

  const resolve = resolveSpeakers(
    spoken.map((p) => p.label),
    authors,
  );

  const turns: Turn[] = [];
  const anchors: TimeAnchor[] = [];
  let previous: string | null = null;
  for (const p of spoken) {
    const speakerId = resolve.idOf(p.label);
    if (speakerId !== previous || turns.length === 0) {
      turns.push({ speaker: speakerId, paragraphs: [] });
      previous = speakerId;
    }
    const turn = turns[turns.length - 1]!;
    const { text, found } = extractMarkers(p.text);
    if (!text) continue;
    for (const marker of found) {
      anchors.push({
        turn: turns.length - 1,
        paragraph: turn.paragraphs.length,
        offset: marker.offset,
        time: marker.time,
        source: 'marker',
        label: marker.label,
      });
    }
    turn.paragraphs.push(text);
  }
  const nonEmpty = turns.filter((t) => t.paragraphs.length > 0);
  if (nonEmpty.length !== turns.length) {
    // Only possible when a paragraph was nothing but a marker; renumber anchors to the kept turns.
    const newIndex: number[] = [];
    let kept = 0;
    for (const t of turns) newIndex.push(t.paragraphs.length > 0 ? kept++ : -1);
    for (const a of anchors) a.turn = newIndex[a.turn] ?? -1;
  }
  const used = new Set(nonEmpty.map((t) => t.speaker));
  return {
    speakers: resolve.speakers.filter((s) => used.has(s.id)),
    turns: nonEmpty,
    anchors: anchors.filter((a) => a.turn >= 0),
    notes,
    warnings,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

interface FoundMarker {
  time: number;
  offset: number;
  label: string;
}

/** Stands where a marker was while the paragraph's plain text is measured. */
const MARKER_SPOT = '\u{F0002}';

/** Finds inline time markers; bare `[00:01:00]` markers are removed from the text, the others stay. */
function extractMarkers(raw: string): { text: string; found: FoundMarker[] } {
  const text = raw.includes(MARKER_SPOT) ? raw.split(MARKER_SPOT).join('') : raw;
  const found: FoundMarker[] = [];
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    const time = parseClock(m[2]!);
    out += text.slice(last, m.index);
    last = m.index + m[0].length;
    if (time === undefined) {
      out += m[0];
      continue;
    }
    found.push({ time, offset: 0, label: m[0] });
    out += MARKER_SPOT;
    if (m[1] !== undefined) out += m[0];
  }
  out += text.slice(last);
  if (found.length) {
    // Each marker's offset in the paragraph's plain text, from one pass over it.
    const plain = markdownToPlain(out);
    let index = plain.indexOf(MARKER_SPOT);
    for (let n = 0; n < found.length && index !== -1; n++) {
      found[n]!.offset = index - n * MARKER_SPOT.length;
      index = plain.indexOf(MARKER_SPOT, index + 1);
    }
    out = out.split(MARKER_SPOT).join('');
  }
  return { text: tidySpaces(out), found };
}

/** No white space before `,.;:!?` (except at the start), runs of white space as one space, trimmed. */
function tidySpaces(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    let j = i;
    while (j < text.length && !isSpaceCode(text.charCodeAt(j))) j++;
    out += text.slice(i, j);
    if (j >= text.length) break;
    const start = j;
    while (j < text.length && isSpaceCode(text.charCodeAt(j))) j++;
    const next = text[j];
    if (start === 0 || next === undefined || !',.;:!?'.includes(next)) out += ' ';
    i = j;
  }
  return out.trim();
}

interface Resolved {
  speakers: Speaker[];
  idOf(label: string | null): string;
}

/**
 * Groups transcript labels into speakers. A label that is the first word(s) of exactly one fuller name
 * (a front-matter author or another label) is that person; the display name is the fullest form.
 */
function resolveSpeakers(labels: (string | null)[], authors: string[]): Resolved {
  const distinct: string[] = [];
  const seen = new Set<string>();
  for (const l of labels) {
    if (l === null) continue;
    const key = normalizeName(l);
    if (!seen.has(key)) {
      seen.add(key);
      distinct.push(l.replace(/\s+/g, ' ').trim());
    }
  }
  // Candidate full names: authors first, then labels, longest first among labels. Maps keyed by the
  // normalized name keep this linear in the number of labels.
  const fullNames: { name: string; key: string; words: string[] }[] = [];
  const fullKeys = new Set<string>();
  const addFull = (name: string): void => {
    const key = normalizeName(name);
    fullNames.push({ name, key, words: key.split(' ').filter(Boolean) });
    fullKeys.add(key);
  };
  authors.forEach(addFull);
  const byWords = distinct
    .map((l) => ({ l, n: wordsOf(l).length }))
    .sort((a, b) => b.n - a.n)
    .map((x) => x.l);
  for (const l of byWords) if (!fullKeys.has(normalizeName(l))) addFull(l);

  const authorByKey = new Map<string, string>();
  for (const a of authors) {
    const key = normalizeName(a);
    if (!authorByKey.has(key)) authorByKey.set(key, a);
  }
  // Full names by each shorter run of their first words ("kelsey" → Kelsey Hightower), and by surname.
  const byPrefix = new Map<string, number[]>();
  const bySurname = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, i: number): void => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  fullNames.forEach((f, i) => {
    let prefix = '';
    // A label has at most 60 characters, so at most 30 words: longer prefixes can match nothing.
    for (let w = 0; w < Math.min(f.words.length - 1, 30); w++) {
      prefix = w === 0 ? f.words[0]! : `${prefix} ${f.words[w]!}`;
      push(byPrefix, prefix, i);
    }
    if (f.words.length >= 2) push(bySurname, f.words[f.words.length - 1]!, i);
  });

  const canonical = new Map<string, string>();
  for (const l of distinct) {
    const key = normalizeName(l);
    const exact = authorByKey.get(key);
    if (exact) {
      canonical.set(key, exact);
      continue;
    }
    const words = wordsOf(l);
    const candidates = [...(byPrefix.get(words.join(' ')) ?? [])];
    if (words.length === 1) candidates.push(...(bySurname.get(words[0]!) ?? []));
    // The one fuller name this label can mean; none when it could mean two people.
    let first = -1;
    let ambiguous = false;
    for (const i of candidates) {
      if (first === -1 || i < first) {
        if (first !== -1 && fullNames[first]!.key !== fullNames[i]!.key) ambiguous = true;
        first = i;
      } else if (fullNames[first]!.key !== fullNames[i]!.key) ambiguous = true;
      if (ambiguous) break;
    }
    canonical.set(key, first !== -1 && !ambiguous ? fullNames[first]!.name : l);
  }
  // Resolve chains (a label mapped to a label that is itself mapped to an author).
  for (const [key, name] of canonical) {
    let target = name;
    for (let i = 0; i < 5; i++) {
      const next = canonical.get(normalizeName(target));
      if (!next || normalizeName(next) === normalizeName(target)) break;
      target = next;
    }
    canonical.set(key, target);
  }

  const speakers: Speaker[] = [];
  const byName = new Map<string, Speaker>();
  const usedIds = new Set<string>();
  /** The next number to try for an id base: many names can share one ("A!", "A?"). */
  const nextNumber = new Map<string, number>();
  const speakerFor = (name: string): Speaker => {
    const key = normalizeName(name);
    let s = byName.get(key);
    if (!s) {
      const base = slugify(name) || 'speaker';
      let id = base;
      let n = nextNumber.get(base) ?? 2;
      while (usedIds.has(id)) id = `${base}-${n++}`;
      nextNumber.set(base, n);
      usedIds.add(id);
      s = { id, name, aliases: [] };
      byName.set(key, s);
      speakers.push(s);
    }
    return s;
  };
  for (const l of distinct) {
    const s = speakerFor(canonical.get(normalizeName(l)) ?? l);
    // `distinct` holds each label once, so an alias is never added twice.
    if (normalizeName(l) !== normalizeName(s.name)) s.aliases.push(l);
  }
  const fallbackName = authors.length === 1 ? authors[0]! : UNKNOWN_SPEAKER;
  return {
    speakers,
    idOf(label) {
      if (label === null) return speakerFor(fallbackName).id;
      return speakerFor(canonical.get(normalizeName(label)) ?? label).id;
    },
  };
}

function normalizeName(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase();
}

function wordsOf(name: string): string[] {
  return normalizeName(name).split(' ').filter(Boolean);
}
