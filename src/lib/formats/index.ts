/**
 * Timed transcripts in and out: Podcasting 2.0 JSON, WebVTT, SRT and HTML transcripts in, plus plain text and markdown exports.
 * Framework-free: no DOM, no Svelte.
 */
export type {
  ExportFormat,
  TimedSegment,
  TimedTranscript,
  TranscriptFormat,
  TranscriptTimes,
} from './types.ts';
export { UNKNOWN_SPEAKER, plainToMarkdown } from './common.ts';
export { parsePodcastingJson } from './podcasting-json.ts';
export { parseWebVtt } from './webvtt.ts';
export { parseSrt } from './srt.ts';
export { parseHtmlTranscript } from './html-transcript.ts';
export { decodeText, looksBinary } from './encoding.ts';
export {
  describeWarnings,
  episodeFromTranscript,
  formatOfFileName,
  parseTimedTranscript,
  sniffFormat,
} from './timed.ts';
export { applyTranscriptTimes } from './align.ts';
export { EXPORT_FORMATS, exportTranscript } from './export.ts';
