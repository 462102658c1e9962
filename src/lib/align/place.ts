import type { Turn } from '../episode/types.ts';
import { buildTimeline, layoutText } from '../timing/timeline.ts';
import type { UnitResult } from './align.ts';

/** At or above this confidence a turn's start counts as exact. */
export const CONFIDENT = 0.5;
/**
 * The audio is probably not a recording of this transcript when fewer than half the units have voices that
 * agree, or fewer than 80 % do and the words match the sound no better than unrelated speech would.
 */
export function isMismatch(agreement: number, match: number): boolean {
  return agreement < 0.5 || (agreement < 0.8 && match < 0.13);
}

export interface PlacedTurn {
  /** Seconds: the aligned start when confident, else an estimate between the confident neighbours. */
  start: number;
  confidence: number;
  exact: boolean;
}

export interface PlacedTurns {
  turns: PlacedTurn[];
  /** Turns placed with confidence. */
  confident: number;
  /** Set when the result should not be trusted as a whole. */
  warning?: string;
}

/**
 * Keeps the confident starts and estimates the rest from the text between them, with the app's own timing
 * model, so a turn the audio could not place still gets a sensible, clearly approximate time.
 */
export function placeTurns(
  turns: readonly Pick<Turn, 'speaker' | 'paragraphs'>[],
  results: readonly UnitResult[],
  duration: number,
  agreement: number,
  match = 1,
): PlacedTurns {
  const mismatch = isMismatch(agreement, match);
  const confidences = results.map((r) => round(mismatch ? Math.min(r.confidence, 0.2) : r.confidence));
  const exact = confidences.map((c) => c >= CONFIDENT);
  const anchored = turns.map((t, i) => ({
    speaker: t.speaker,
    paragraphs: t.paragraphs,
    ...(exact[i] ? { start: results[i]!.start } : {}),
  }));
  const timeline = buildTimeline(anchored, layoutText(anchored), { duration });
  // Between two confident neighbours, the path's own guess is usually better than the text's, as long as
  // it stays between them; when the whole audio does not match, only the text is left.
  const before: number[] = [];
  let last = 0;
  for (let i = 0; i < turns.length; i++) {
    before.push(last);
    if (exact[i]) last = results[i]!.start;
  }
  let next = duration;
  const after: number[] = new Array<number>(turns.length);
  for (let i = turns.length - 1; i >= 0; i--) {
    after[i] = next;
    if (exact[i]) next = results[i]!.start;
  }
  const placed = turns.map((_, i) => {
    const guess = results[i]!.start;
    const inside = !mismatch && guess > before[i]! && guess < after[i]!;
    return {
      start: round(exact[i] || inside ? guess : timeline.turnStarts[i]!),
      confidence: confidences[i]!,
      exact: exact[i]!,
    };
  });
  const confident = exact.filter(Boolean).length;
  let warning: string | undefined;
  if (mismatch) warning = 'the audio does not seem to be a recording of this transcript: no turn was placed';
  else if (confident < turns.length / 2)
    warning = `only ${confident} of ${turns.length} turns could be placed with confidence`;
  return { turns: placed, confident, ...(warning ? { warning } : {}) };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
