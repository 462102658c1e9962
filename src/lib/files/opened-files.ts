import { isAudioFile } from '../audio/mime.ts';
import { slugify } from '../episode/text.ts';
import type { Episode } from '../episode/types.ts';
import {
  applyTranscriptTimes,
  decodeText,
  describeWarnings,
  episodeFromTranscript,
  parseTimedTranscript,
} from '../formats/index.ts';
import type { TimedTranscript } from '../formats/index.ts';

/** What a set of opened files holds: audio to play, a timed transcript to read, or nothing Hark can use. */
export type OpenedFiles<F extends { name: string; type: string }> =
  | { kind: 'nothing'; message: string }
  | { kind: 'audio'; audio: F }
  | { kind: 'transcript'; audio: F | null; transcript: F };

/** Sorts the files from a picker or a drop: the first audio file and the first timed transcript count. */
export function sortOpenedFiles<F extends { name: string; type: string }>(
  files: readonly F[],
): OpenedFiles<F> {
  const audio = files.find(isAudioFile) ?? null;
  const transcript = files.find((f) => !isAudioFile(f) && isTimedTranscriptFile(f));
  if (transcript) return { kind: 'transcript', audio, transcript };
  if (audio) return { kind: 'audio', audio };
  return {
    kind: 'nothing',
    message: `${files.map((f) => f.name).join(', ')}: not audio or a timed transcript (.vtt, .srt, .json, .html) Hark can read.`,
  };
}

function isTimedTranscriptFile(f: { name: string; type: string }): boolean {
  return /\.(vtt|srt|json|html?)$/i.test(f.name) || /vtt|subrip|html/.test(f.type);
}

/** A transcript file's text: UTF-8, UTF-16 or UTF-32 with a BOM, or Windows-1252; binary is refused. */
export function decodeOpenedFile(
  fileName: string,
  bytes: Uint8Array,
): { ok: true; text: string } | { ok: false; message: string } {
  const decoded = decodeText(bytes);
  return decoded.ok
    ? { ok: true, text: decoded.value.text }
    : { ok: false, message: `${fileName}: ${decoded.error}` };
}

/** What a timed transcript means next to the open episode. */
export type TranscriptMeaning =
  | { kind: 'problem'; message: string }
  /** A transcript of this episode: its turns get exact times. */
  | { kind: 'times'; episode: Episode; message: string; leftOut: boolean }
  /** Another talk: it opens as an episode of its own. */
  | { kind: 'episode'; episode: Episode };

/**
 * Decides what a timed transcript the reader opened means: exact times for the open episode when at least
 * half its turns line up with it, else an episode of its own.
 */
export function readOpenedTranscript(
  current: Episode | null,
  fileName: string,
  text: string,
): TranscriptMeaning {
  const parsed = parseTimedTranscript(text, fileName);
  if (!parsed.ok) return { kind: 'problem', message: `${fileName}: ${parsed.error}` };
  // What the file had that could not be read is said with whatever happens next.
  const warned = describeWarnings(parsed.value.warnings ?? []);
  const withWarnings = (message: string): string => (warned ? `${message} ${warned}` : message);
  if (current) {
    const applied = applyTranscriptTimes(current, parsed.value);
    const turns = current.turns.length;
    if (applied.ok && applied.value.aligned >= Math.max(1, turns / 2)) {
      return {
        kind: 'times',
        episode: applied.value.episode,
        message: withWarnings(
          `${applied.value.aligned} of ${turns} turns now have exact times from ${fileName}.`,
        ),
        leftOut: warned !== undefined,
      };
    }
    if (applied.ok && applied.value.estimated >= Math.max(1, turns / 2)) {
      return {
        kind: 'problem',
        message: `The times in ${fileName} are marked as estimated, so they were not used as exact times.`,
      };
    }
  }
  return { kind: 'episode', episode: episodeFromTranscriptFile(parsed.value, fileName) };
}

/** An episode made from a timed transcript file alone: titled and named after the file. */
export function episodeFromTranscriptFile(transcript: TimedTranscript, fileName: string): Episode {
  const name = fileName.replace(/\.[^.]+$/, '');
  return episodeFromTranscript(transcript, { slug: slugify(name) || 'transcript', title: name });
}
