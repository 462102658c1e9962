/** Timed transcripts and reading copies out. */
import type { Episode } from '../episode/types.ts';
import { paragraphCues } from './cues.ts';
import { writePodcastingJson } from './podcasting-json.ts';
import { writeSrt } from './srt.ts';
import { writeMarkdown, writePlainText } from './text.ts';
import type { ExportFormat, TranscriptTimes } from './types.ts';
import { writeWebVtt } from './webvtt.ts';

/**
 * Exports an episode with the given times (exact, estimated or synced: pass a `Timeline`, or anything with
 * `turnStarts`, `paragraphStarts` and `duration`, and optionally `exact`/`turnExact`).
 *
 * json, vtt and srt have one segment or cue per paragraph, from the paragraph's start to the next one's (the
 * last to the duration), with the speaker's name and the paragraph's plain text; times to the millisecond.
 * txt and md are for reading: a heading per turn with the speaker and time ("≈" where it is estimated).
 */
export function exportTranscript(episode: Episode, times: TranscriptTimes, format: ExportFormat): string {
  switch (format) {
    case 'json':
      return writePodcastingJson(paragraphCues(episode, times));
    case 'vtt':
      return writeWebVtt(paragraphCues(episode, times));
    case 'srt':
      return writeSrt(paragraphCues(episode, times));
    case 'txt':
      return writePlainText(episode, times);
    case 'md':
      return writeMarkdown(episode, times);
    default:
      throw new Error(`Unknown export format ${JSON.stringify(format satisfies never)}`);
  }
}

export { EXPORT_FORMATS } from './export-formats.ts';
