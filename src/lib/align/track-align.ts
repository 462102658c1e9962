import type { Turn } from '../episode/types.ts';
import { alignFeatures, type UnitResult } from './align.ts';
import type { Features } from './features.ts';
import { placeTurns, type PlacedTurns } from './place.ts';
import type { SpeechTrack } from './speech-track.ts';

export interface TrackAlignment extends PlacedTurns {
  duration: number;
  paragraphs: UnitResult[][];
  agreement: number;
  match: number;
  cells: number;
}

/**
 * Aligns a recording's features to a speech track made for these turns: the same core and placement as
 * `hark align`, with the synthesis done beforehand. The recording's features are normalized in place.
 */
export function alignToSpeechTrack(
  turns: readonly Pick<Turn, 'speaker' | 'paragraphs'>[],
  track: SpeechTrack,
  recording: Features,
): TrackAlignment {
  const duration = recording.frames * recording.hop;
  const result = alignFeatures(track.renderings, recording);
  const paragraphs: UnitResult[][] = turns.map(() => []);
  track.renderings[0]!.units.forEach((u, i) => paragraphs[u.turn]?.push(result.units[i]!));
  const missing = { start: 0, confidence: 0, disagreement: Infinity, pace: 1, match: 0 };
  const placed = placeTurns(
    turns,
    paragraphs.map((p) => p[0] ?? missing),
    duration,
    result.agreement,
    result.match,
  );
  return {
    ...placed,
    duration,
    paragraphs,
    agreement: result.agreement,
    match: result.match,
    cells: result.cells.coarse + result.cells.fine,
  };
}

/** Whether a recording has any sound in it (above about -60 dB): silence cannot be aligned. */
export function isAudible(recording: Features): boolean {
  const sorted = Float32Array.from(recording.energy).sort();
  return (sorted[Math.floor(sorted.length * 0.95)] ?? -Infinity) >= -13.8;
}
