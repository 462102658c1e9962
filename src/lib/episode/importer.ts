import { parse as parseYaml } from 'yaml';
import {
  EPISODE_FORMAT,
  type Chapter,
  type Episode,
  type EpisodeAudio,
  type EpisodeVideo,
  type Result,
  type ShowNoteLink,
  type Speaker,
  type TimeAnchor,
  type Turn,
} from './types.ts';
import { audioTypeOf, markdownToPlain, parseClock, slugify } from './text.ts';
import { validateEpisode } from './validate.ts';
import { playableUrl } from '../links/web-url.ts';

export interface ImportOptions {
  /** The page's file name; its base name becomes the slug when the front matter has none. */
  fileName?: string;
}

type FrontMatter = Record<string, unknown>;

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

const UNKNOWN_SPEAKER = 'Unknown speaker';

/**
 * Turns an episode page (markdown with YAML front matter, show notes, an audio tag and a `**Speaker:** text`
 * transcript) into an episode. Never throws: input that is not an episode page gives `{ ok: false }` with
 * one sentence saying what is missing.
 */
export function importEpisodePage(text: string, options: ImportOptions = {}): Result<Episode> {
  try {
    return importPage(text, options);
  } catch (e) {
    // A bug, not bad input; still one sentence rather than a stack trace.
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, error: `Could not import this page: ${detail}.` };
  }
}

function importPage(raw: string, options: ImportOptions): Result<Episode> {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return { ok: false, error: 'This is not an episode page: the file is empty.' };
  }
  if (looksBinary(raw)) {
    return { ok: false, error: 'This is not an episode page: it is a binary file, not markdown text.' };
  }
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const split = splitFrontMatter(text);
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

  const transcript = parseTranscript(sections.transcript, authors);

  const intro = cleanMarkdownBlock(sections.intro);
  const fmDescription = stringField(fm.description)?.trim();
  const description = fmDescription || intro;
  const extraNotes = fmDescription && intro ? intro : '';
  const trailingNotes = cleanMarkdownBlock(sections.betweenNotesAndTranscript);

  const title =
    stringField(fm.title)?.trim() ||
    /^#\s+(.+)$/m.exec(body)?.[1]?.trim() ||
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
  return validateEpisode(episode);
}

function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  if (sample.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 9 || (c > 13 && c < 32)) && c !== 27) control++;
    else if (c === 0xfffd) control++;
  }
  return control > sample.length * 0.02;
}

// ---------------------------------------------------------------------------------------------------------
// Front matter

function splitFrontMatter(text: string): { frontMatter: FrontMatter; body: string } | null {
  const m = /^\s*---[ \t]*\n([^]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!m) return null;
  const yamlText = m[1] ?? '';
  return { frontMatter: parseFrontMatter(yamlText), body: text.slice(m[0].length) };
}

function parseFrontMatter(yamlText: string): FrontMatter {
  try {
    const data: unknown = parseYaml(yamlText);
    if (data && typeof data === 'object' && !Array.isArray(data)) return data as FrontMatter;
  } catch {
    // Hand-written front matter is often not strict YAML (an unquoted "Episode 3: Title"): read it leniently.
  }
  return lenientFrontMatter(yamlText);
}

/** Reads `key: value` lines, flow lists and `- item` lists without YAML's strictness about colons. */
function lenientFrontMatter(yamlText: string): FrontMatter {
  const result: FrontMatter = {};
  let currentKey: string | null = null;
  for (const line of yamlText.split('\n')) {
    const keyMatch = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
    if (keyMatch) {
      const [, key = '', value = ''] = keyMatch;
      currentKey = key;
      result[key] = value.trim() === '' ? [] : lenientScalar(value.trim());
      continue;
    }
    if (!currentKey) continue;
    const item = /^\s*-\s+(?:name:\s*)?(.*)$/.exec(line);
    const current = result[currentKey];
    if (item && Array.isArray(current)) {
      current.push(lenientScalar(item[1] ?? ''));
    } else if (line.trim() && typeof current === 'string') {
      result[currentKey] = `${current} ${line.trim()}`;
    }
  }
  return result;
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
}

interface Mark {
  /** Where the heading (or marker) starts. */
  start: number;
  /** Where the content after it starts. */
  contentStart: number;
}

function findHeading(body: string, words: string, comment: RegExp): Mark | null {
  const candidates: Mark[] = [];
  const html = new RegExp(
    `<h[1-6]\\b[^>]*>(?:(?!<\\/h[1-6]>)[^])*?\\b${words}\\b(?:(?!<\\/h[1-6]>)[^])*<\\/h[1-6]>`,
    'i',
  );
  const h = html.exec(body);
  if (h) candidates.push({ start: h.index, contentStart: h.index + h[0].length });
  const md = new RegExp(`^#{1,6}[ \\t]*${words}[ \\t]*:?[ \\t]*#*[ \\t]*$`, 'im').exec(body);
  if (md) candidates.push({ start: md.index, contentStart: md.index + md[0].length });
  const c = comment.exec(body);
  if (c) candidates.push({ start: c.index, contentStart: c.index + c[0].length });
  candidates.sort((a, b) => a.start - b.start);
  return candidates[0] ?? null;
}

function findSections(body: string): Sections {
  const notesMark = findHeading(body, 'Show\\s+Notes', /<!--\s*START\s+SHOW\s*NOTES\s*-->/i);
  let transcriptMark = findHeading(body, 'Transcript', /<!--\s*START\s+TRANSCRIPT\s*-->/i);
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
  };
}

function endOfTranscript(body: string, from: number): number {
  const rest = body.slice(from);
  const endComment = /<!--\s*END\s+TRANSCRIPT\s*-->/i.exec(rest);
  const closeDiv = /^[ \t]*<\/div>/m.exec(rest);
  const ends = [endComment?.index, closeDiv?.index].filter((i): i is number => i !== undefined);
  return ends.length ? from + Math.min(...ends) : body.length;
}

// ---------------------------------------------------------------------------------------------------------
// Audio and video

function findMedia(
  body: string,
  fm: FrontMatter,
): { audio: EpisodeAudio | null; video: EpisodeVideo | null } {
  let audio: EpisodeAudio | null = null;
  const audioTag = /<audio\b[^>]*?\bsrc\s*=\s*(?:"([^"]+)"|'([^']+)'|\{["']([^"']+)["']\})/i.exec(body);
  const sourceTag = /<audio\b[^]*?<source\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/i.exec(body);
  const tagSrc = audioTag?.[1] ?? audioTag?.[2] ?? audioTag?.[3] ?? sourceTag?.[1];
  const fmAudio = stringField(fm.audioSrc ?? fm.audio ?? fm.audioUrl)?.trim();
  const iframes = [
    ...body.matchAll(/<iframe\b[^>]*?\bsrc\s*=\s*(?:"([^"]+)"|'([^']+)'|\{["']([^"']+)["']\})/gi),
  ].map((m) => decodeEntities(m[1] ?? m[2] ?? m[3] ?? ''));
  const buzzsprout = iframes.map(buzzsproutAudio).find((s) => s !== undefined);
  const src = tagSrc ? decodeEntities(tagSrc.trim()) : fmAudio || buzzsprout;
  if (src && isPlayableUrl(src)) {
    const type = audioTypeOf(src);
    audio = { src, ...(type ? { type } : {}) };
  }

  const fmVideo = stringField(fm.videoID ?? fm.videoId ?? fm.youtubeId ?? fm.youtubeID)?.trim();
  const mdx =
    /<YouTube\b[^>]*?\b(?:id|videoId|youTubeId)\s*=\s*(?:"([^"]+)"|'([^']+)'|\{["']([^"']+)["']\})/.exec(
      body,
    );
  const iframeVideo = iframes.map(youtubeIdOf).find((s) => s !== undefined);
  const youtubeId = fmVideo || mdx?.[1] || mdx?.[2] || mdx?.[3] || iframeVideo;
  const video: EpisodeVideo | null =
    youtubeId && /^[\w-]{6,20}$/.test(youtubeId)
      ? { url: `https://www.youtube.com/watch?v=${youtubeId}`, youtubeId }
      : null;
  return { audio, video };
}

/** An audio address the app will play (the one policy, links/web-url.ts) that also looks like a file. */
function isPlayableUrl(src: string): boolean {
  return playableUrl(src) !== null && /^(https?:\/\/|\/|\.{0,2}\/|[\w.-]+\.[a-z0-9]{2,5}$)/i.test(src);
}

function decodeEntities(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
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

/** Removes page HTML (tags, JSX attributes, `{' '}` spacers) and collapses the blank lines it leaves. */
function stripHtml(text: string): string {
  return text
    .replace(/<!--[^]*?-->/g, '')
    .replace(/<(audio|iframe|script|style|video)\b[^]*?(?:<\/\1>|\/>)/gi, '')
    .replace(/<YouTube\b[^]*?\/>/g, '')
    .replace(/<\/?[A-Za-z][\w.-]*(?:\s(?:[^>"'{]|"[^"]*"|'[^']*'|\{\{[^]*?\}\}|\{[^}]*\})*)?\/?>/g, '')
    .replace(/\{\s*(["'])\s*\1\s*\}/g, ' ')
    .replace(/\u00a0/g, ' ');
}

function cleanMarkdownBlock(text: string): string {
  return stripHtml(text)
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/^[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .split('\n')
    .map((l) => l.replace(/^[ \t]{1,3}(?=\S)(?![-*+]\s|\d+\.\s)/, ''))
    .join('\n');
}

const URL_LIST = /^(https?:\/\/\S+?)(?:\s*,\s*(https?:\/\/\S+?))*[.,;]?$/;

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
  const withUrl = /^(.+?):\s+(https?:\/\/.*)$/.exec(line);
  if (withUrl) {
    const label = withUrl[1]!.trim();
    const rest = withUrl[2]!.trim();
    if (!URL_LIST.test(rest)) return null;
    const urls = rest
      .split(/\s*,\s*(?=https?:\/\/)/)
      .map((u) => u.trim().replace(/[,;]$/, ''))
      .filter(Boolean);
    return { label, urls };
  }
  const bare = /^([^:]{1,80}):$/.exec(line);
  if (bare && !/^[*_]/.test(line)) return { label: bare[1]!.trim(), urls: [] };
  return null;
}

const CLOCK = String.raw`\d{1,2}:\d{2}(?::\d{2})?`;
const CHAPTER_LINE = new RegExp(
  String.raw`^(.*?)\s*[([]\s*(${CLOCK})\s*[-–—]+\s*(${CLOCK})\s*[)\]]\s*[.;]?\s*$`,
);

function findChapters(text: string): Chapter[] {
  const chapters: Chapter[] = [];
  for (const rawLine of stripHtml(text).split('\n')) {
    const m = CHAPTER_LINE.exec(rawLine.trim());
    if (!m) continue;
    const start = parseClock(m[2]!);
    const end = parseClock(m[3]!);
    const title = markdownToPlain(m[1]!.replace(/^([-*+]|\d+[.)])\s+/, ''))
      .replace(/[\s:–—-]+$/, '')
      .trim();
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

const BOLD_LABEL = /^\*\*\s*([^*\n]{1,60}?)\s*(?::\s*\*\*|\*\*\s*:)\s*(.*)$/;
const PLAIN_LABEL = /^([\p{L}\p{N}][\p{L}\p{M}\p{N}'’.\- ]{0,48}?)\s*:\s*$/u;

function boldLabel(line: string): Label | null {
  const m = BOLD_LABEL.exec(line.trim());
  if (!m) return null;
  const name = m[1]!.trim();
  if (!name || HEADING_WORDS.has(name.toLowerCase()) || /[[\]()<>]|https?:/.test(name)) return null;
  return { name, rest: m[2]!.trim() };
}

/** An unbolded `Name:` alone on a line: a speaker only when it looks like a name. */
function plainLabel(line: string, known: Set<string>): Label | null {
  const m = PLAIN_LABEL.exec(line.trim());
  if (!m) return null;
  const name = m[1]!.trim();
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

function parseTranscript(
  section: string,
  authors: string[],
): { speakers: Speaker[]; turns: Turn[]; anchors: TimeAnchor[]; notes: string[] } {
  const known = new Set(authors.map((a) => a.toLocaleLowerCase()));
  for (const a of authors) known.add(a.split(/\s+/)[0]!.toLocaleLowerCase());
  const lines = stripHtml(section).split('\n');
  for (const line of lines) {
    const b = boldLabel(line);
    if (b) known.add(b.name.toLocaleLowerCase());
  }

  const paragraphs: RawParagraph[] = [];
  let label: string | null = null;
  let buffer: string[] = [];
  const flush = (): void => {
    const text = buffer.join(' ').replace(/\s+/g, ' ').trim();
    if (text) paragraphs.push({ label, text });
    buffer = [];
  };
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '') {
      flush();
      continue;
    }
    const found = boldLabel(trimmed) ?? (buffer.length === 0 ? plainLabel(trimmed, known) : null);
    if (found) {
      flush();
      label = found.name;
      if (found.rest) buffer.push(found.rest);
      continue;
    }
    buffer.push(trimmed);
  }
  flush();

  const notes: string[] = [];
  // Italic disclaimers at the start (before any label) or at the very end are notes about the transcript.
  while (paragraphs.length && paragraphs[0]!.label === null && isItalicBlock(paragraphs[0]!.text)) {
    notes.push(paragraphs.shift()!.text);
  }
  const trailing: string[] = [];
  while (paragraphs.length && isItalicBlock(paragraphs[paragraphs.length - 1]!.text)) {
    const last = paragraphs[paragraphs.length - 1]!;
    const sameSpeakerBefore =
      paragraphs.length > 1 && paragraphs[paragraphs.length - 2]!.label === last.label;
    if (last.label !== null && !sameSpeakerBefore && paragraphs.length > 1) break;
    trailing.unshift(paragraphs.pop()!.text);
  }
  const anyLabel = paragraphs.some((p) => p.label !== null);
  if (anyLabel) {
    // Unlabelled prose before the first label is not speech we can attribute.
    while (paragraphs.length && paragraphs[0]!.label === null) notes.push(paragraphs.shift()!.text);
  }
  notes.push(...trailing);

  const resolve = resolveSpeakers(
    paragraphs.map((p) => p.label),
    authors,
  );

  const turns: Turn[] = [];
  const anchors: TimeAnchor[] = [];
  let previous: string | null = null;
  for (const p of paragraphs) {
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
    const newIndex = new Map(turns.map((t, i) => [i, nonEmpty.indexOf(t)]));
    for (const a of anchors) a.turn = newIndex.get(a.turn) ?? -1;
  }
  const used = new Set(nonEmpty.map((t) => t.speaker));
  return {
    speakers: resolve.speakers.filter((s) => used.has(s.id)),
    turns: nonEmpty,
    anchors: anchors.filter((a) => a.turn >= 0),
    notes,
  };
}

interface FoundMarker {
  time: number;
  offset: number;
  label: string;
}

/** Finds inline time markers; bare `[00:01:00]` markers are removed from the text, the others stay. */
function extractMarkers(text: string): { text: string; found: FoundMarker[] } {
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
    const bare = m[1] === undefined;
    const offset = out.trim() === '' ? 0 : markdownToPlain(out).length + (/\s$/.test(out) ? 1 : 0);
    found.push({ time, offset, label: m[0] });
    if (!bare) out += m[0];
    else if (out.endsWith(' ') && /^\s/.test(text.slice(last))) out = out.replace(/ +$/, '');
  }
  out += text.slice(last);
  return {
    text: out
      .replace(/\s+([,.;:!?])/g, (s, p: string, i: number) => (i === 0 ? s : p))
      .replace(/\s{2,}/g, ' ')
      .trim(),
    found,
  };
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
  // Candidate full names: authors first, then labels, longest first among labels.
  const fullNames: string[] = [...authors];
  for (const l of [...distinct].sort((a, b) => wordsOf(b).length - wordsOf(a).length)) {
    if (!fullNames.some((f) => normalizeName(f) === normalizeName(l))) fullNames.push(l);
  }
  const canonical = new Map<string, string>();
  for (const l of distinct) {
    const key = normalizeName(l);
    const exact = fullNames.find((f) => normalizeName(f) === key && authors.includes(f));
    if (exact) {
      canonical.set(key, exact);
      continue;
    }
    const longer = fullNames.filter((f) => isWordPrefix(l, f) || isWordSuffixSurname(l, f));
    const unique = [...new Set(longer.map(normalizeName))];
    if (unique.length === 1) canonical.set(key, longer[0]!);
    else canonical.set(key, l);
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
  const speakerFor = (name: string): Speaker => {
    const key = normalizeName(name);
    let s = byName.get(key);
    if (!s) {
      const base = slugify(name) || 'speaker';
      let id = base;
      for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
      usedIds.add(id);
      s = { id, name, aliases: [] };
      byName.set(key, s);
      speakers.push(s);
    }
    return s;
  };
  for (const l of distinct) {
    const s = speakerFor(canonical.get(normalizeName(l)) ?? l);
    if (normalizeName(l) !== normalizeName(s.name) && !s.aliases.includes(l)) s.aliases.push(l);
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

/** "Kelsey" is a word prefix of "Kelsey Hightower"; "Kel" is not. */
function isWordPrefix(short: string, full: string): boolean {
  const a = wordsOf(short);
  const b = wordsOf(full);
  return a.length < b.length && a.every((w, i) => w === b[i]);
}

/** "Hightower" alone as the surname of "Kelsey Hightower". */
function isWordSuffixSurname(short: string, full: string): boolean {
  const a = wordsOf(short);
  const b = wordsOf(full);
  return a.length === 1 && b.length >= 2 && b[b.length - 1] === a[0];
}
