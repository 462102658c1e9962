/** An episode's paragraphs as timed cues, the common ground of the JSON, WebVTT and SRT writers. */
import type { Episode } from '../episode/types.ts';
import { markdownToPlain } from '../episode/text.ts';
import { roundMs } from './common.ts';
import type { TranscriptTimes } from './types.ts';

/** One paragraph to write: speaker name, times in whole milliseconds, plain text. */
export interface TranscriptCue {
  speaker: string;
  start: number;
  end: number;
  text: string;
  /** The start is an estimate (the turn's time is not known from the audio or a transcript). */
  estimated: boolean;
}

/** Display names of an episode's speakers by id (the id itself for an unknown one). */
export function speakerNames(episode: Episode): (id: string) => string {
  const names = new Map(episode.speakers.map((s) => [s.id, s.name]));
  return (id) => names.get(id) ?? id;
}

function finite(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) ? Math.max(0, value) : undefined;
}

/**
 * Whether a turn's start in `times` is its exact start: the `exact` (or a Timeline's `turnExact`) flags when
 * given, else whether it is the turn's own `start`.
 */
export function exactness(episode: Episode, times: TranscriptTimes): (turn: number) => boolean {
  const flags = times.exact ?? times.turnExact;
  if (flags) return (i) => flags[i] === true;
  return (i) => {
    const own = episode.turns[i]?.start;
    const given = times.turnStarts[i];
    return own !== undefined && given !== undefined && Math.abs(own - given) < 0.0005;
  };
}

/**
 * One cue per paragraph: it starts at the paragraph's start and ends where the next paragraph starts (the
 * last one at the duration), except that a turn's last paragraph ends at the turn's exact `end` when the
 * episode knows it and the turn's start is exact too (so pauses and overlaps of the source survive).
 * Starts are kept non-decreasing; paragraphs with no plain text are left out.
 */
export function paragraphCues(episode: Episode, times: TranscriptTimes): TranscriptCue[] {
  const nameOf = speakerNames(episode);
  const exact = exactness(episode, times);
  // A later paragraph's start is known when an anchor gives it; otherwise it is placed by text length.
  const anchored = new Set(
    episode.anchors
      .filter((a) => a.paragraph !== undefined && !a.offset)
      .map((a) => `${a.turn}:${a.paragraph}`),
  );
  const knownParagraph = (i: number, j: number): boolean => anchored.has(`${i}:${j}`);
  const raw: { speaker: string; start: number; text: string; end: number | undefined; estimated: boolean }[] =
    [];
  let previous = 0;
  episode.turns.forEach((turn, i) => {
    const turnStart = finite(times.turnStarts[i]) ?? previous;
    let last: (typeof raw)[number] | undefined;
    turn.paragraphs.forEach((paragraph, j) => {
      const start = Math.max(previous, finite(times.paragraphStarts[i]?.[j]) ?? turnStart);
      previous = start;
      const text = markdownToPlain(paragraph);
      if (text === '') return;
      const known = j === 0 ? exact(i) : exact(i) && knownParagraph(i, j);
      last = {
        speaker: nameOf(turn.speaker),
        start: roundMs(start),
        text,
        end: undefined,
        estimated: !known,
      };
      raw.push(last);
    });
    const end = finite(turn.end);
    if (last && end !== undefined && exact(i)) last.end = roundMs(end);
  });
  const duration = finite(times.duration) ?? 0;
  return raw.map((c, k) => ({
    ...c,
    end: Math.max(c.start, c.end ?? roundMs(raw[k + 1]?.start ?? duration)),
  }));
}
