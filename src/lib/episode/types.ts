/**
 * The Hark episode format, version 1. Documented in docs/episode-format.md.
 * Everything in here is plain JSON: no Dates, no Maps, so an episode survives JSON.stringify/parse unchanged.
 */

export const EPISODE_FORMAT = 'hark-episode/1';

/** The speaker name Hark gives text whose source names nobody. */
export const UNKNOWN_SPEAKER = 'Unknown speaker';

export interface Episode {
  format: typeof EPISODE_FORMAT;
  /** URL-safe identifier, e.g. "kelsey-hightower". */
  slug: string;
  title: string;
  /** Publish date as an ISO 8601 string (offset kept as written), or null when unknown. */
  publishDate: string | null;
  /** False when the page says `published: false` (a draft). */
  published: boolean;
  /** Markdown. */
  description: string;
  tags: string[];
  /** Null when the episode has no audio the app can play. */
  audio: EpisodeAudio | null;
  /** A video of the episode (e.g. YouTube), if any. */
  video: EpisodeVideo | null;
  speakers: Speaker[];
  showNotes: ShowNotes;
  chapters: Chapter[];
  turns: Turn[];
  anchors: TimeAnchor[];
  /** Notes about the transcript itself (e.g. "generated using auto-transcription software"), markdown. */
  notes: string[];
  /** The transcript spoken by `hark speech`, as features: lets the app align a local recording. */
  speech?: SpeechTrackRef;
}

export interface SpeechTrackRef {
  /** The speech track file, relative to the episode JSON. */
  src: string;
}

export interface EpisodeAudio {
  src: string;
  /** MIME type, e.g. "audio/mpeg". */
  type?: string;
  /** Seconds. */
  duration?: number;
}

export interface EpisodeVideo {
  url: string;
  youtubeId?: string;
}

export interface Speaker {
  /** Referenced by turns; lowercase, URL-safe. */
  id: string;
  /** Display name: the fullest name the page gives. */
  name: string;
  /** Other labels the transcript uses for this speaker (e.g. a first name). */
  aliases: string[];
}

export interface ShowNotes {
  /** Markdown of the notes that are not labelled links (bullets, headings, prose). */
  markdown: string;
  links: ShowNoteLink[];
}

export interface ShowNoteLink {
  label: string;
  /** Zero or more URLs; a label without a URL is kept as a mention. */
  urls: string[];
}

export interface Chapter {
  title: string;
  /** Seconds from the start of the audio. */
  start: number;
  end?: number;
}

export interface Turn {
  speaker: string;
  /** One or more markdown paragraphs. */
  paragraphs: string[];
  /** Exact start, seconds, when the source knows it. */
  start?: number;
  /** Exact end, seconds, when the source knows it. */
  end?: number;
  /** Where `start` came from when it was found in the recording by `hark align` (absent: the source's own time). */
  source?: 'audio';
  /** How sure `hark align` was of this turn's place in the recording, 0..1; a start is kept only when sure. */
  confidence?: number;
  /**
   * When each word is spoken, where that is known (a word-level timed transcript, alignment): one list per
   * paragraph, in paragraph order (an empty list for a paragraph without word times), each sorted by time.
   */
  words?: WordTime[][];
}

/**
 * One timed word: `[from, to, start]` or `[from, to, start, end]`. `from`/`to` are character offsets (UTF-16
 * code units, `to` exclusive) into the paragraph's plain text (`markdownToPlain`); `start`/`end` are seconds.
 * Without an end, the word lasts until the next one starts.
 */
export type WordTime = [from: number, to: number, start: number, end?: number];

export type AnchorSource = 'marker' | 'transcript' | 'user' | 'audio';

/** A known moment: this turn (and paragraph) is being spoken at `time` seconds. */
export interface TimeAnchor {
  turn: number;
  paragraph?: number;
  /** Character offset in the paragraph's plain text where the moment falls (e.g. where a marker stood). */
  offset?: number;
  time: number;
  /** Where it came from: an inline marker in the text, a timed transcript, the reader's "Sync here", or `hark align`. */
  source: AnchorSource;
  /** The marker text as written, e.g. "[inaudible 00:12:34]". */
  label?: string;
}

/** A result of validating or importing untrusted input. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };
