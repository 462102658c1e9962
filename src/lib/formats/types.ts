/** Types of timed transcripts, shared by the parsers, the writers and the episode conversions. */

/** One timed piece of a transcript: a cue, a segment, a word. */
export interface TimedSegment {
  /** The speaker's name as the file writes it (carried forward from earlier segments), or null when unknown. */
  speaker: string | null;
  /** Seconds from the start of the audio. */
  start: number;
  /** Seconds, or null when the format gives no end. */
  end: number | null;
  /** Plain text, white space collapsed. */
  text: string;
  /** The file says this time is an estimate (Hark's exports mark estimated times), not a known time. */
  estimated?: boolean;
}

export type TranscriptFormat = 'json' | 'vtt' | 'srt' | 'html';

/** A parsed timed transcript; segments sorted by start (the file's order for equal starts). */
export interface TimedTranscript {
  format: TranscriptFormat;
  segments: TimedSegment[];
  /**
   * What was left out or read with a guess, one line each ("Line 12: cue left out: ..."), for the CLI to
   * print and the app to show. Empty (or absent, for a transcript built by hand) when the whole file was
   * read as written.
   */
  warnings?: string[];
}

export type ExportFormat = 'json' | 'vtt' | 'srt' | 'txt' | 'md';

/**
 * When each turn and paragraph starts, as a `Timeline` gives it (a Timeline can be passed as is).
 * `exact` (or a Timeline's `turnExact`) says which turn starts are known rather than estimated.
 */
export interface TranscriptTimes {
  turnStarts: ArrayLike<number>;
  paragraphStarts: number[][];
  duration: number;
  exact?: boolean[];
  turnExact?: boolean[];
}
