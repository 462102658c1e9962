import type { Episode, TimeAnchor } from '../episode/types.ts';
import { CONFIDENT, type PlacedTurn } from './place.ts';

/** The episode with the aligned times: exact starts (source "audio") where confident, confidence on every turn. */
export function withAlignment(
  episode: Episode,
  run: {
    turns: readonly PlacedTurn[];
    duration: number;
    paragraphs: readonly (readonly { start: number; confidence: number }[])[];
  },
): Episode {
  const turns = episode.turns.map((turn, i) => {
    const placed = run.turns[i]!;
    const { start: _start, end: _end, source: _source, confidence: _confidence, ...rest } = turn;
    if (placed.exact)
      return { ...rest, start: placed.start, source: 'audio' as const, confidence: placed.confidence };
    // Not placed: keep a time the source itself gave, else let the app estimate it between its neighbours.
    const own =
      turn.source === 'audio'
        ? {}
        : {
            ...(_start === undefined ? {} : { start: _start }),
            ...(_end === undefined ? {} : { end: _end }),
          };
    return { ...rest, ...own, confidence: placed.confidence };
  });
  const anchors: TimeAnchor[] = episode.anchors.filter((a) => a.source !== 'audio');
  run.paragraphs.forEach((paragraphs, turn) =>
    paragraphs.forEach((p, paragraph) => {
      if (paragraph > 0 && p.confidence >= CONFIDENT && run.turns[turn]!.exact) {
        anchors.push({ turn, paragraph, time: Math.round(p.start * 100) / 100, source: 'audio' });
      }
    }),
  );
  const duration = Math.round(run.duration * 100) / 100;
  return {
    ...episode,
    audio: episode.audio ? { ...episode.audio, duration } : episode.audio,
    turns,
    anchors,
  };
}
