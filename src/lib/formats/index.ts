/**
 * Timed transcripts in and out: Podcasting 2.0 JSON, WebVTT and SRT, plus plain text and markdown exports.
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
export { episodeFromTranscript, formatOfFileName, parseTimedTranscript, sniffFormat } from './timed.ts';
export { applyTranscriptTimes } from './align.ts';
export { EXPORT_FORMATS, exportTranscript } from './export.ts';
