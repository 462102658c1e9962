import type { TimeAnchor } from '../episode/types.ts';
import type { Timeline } from './timeline.ts';

/**
 * Whether a paragraph's start on the timeline is a known time rather than an estimate: its turn's exact start,
 * or an anchor placed at the paragraph's very start (a timed transcript's cue, a sync) that the timeline kept.
 */
export function isExactParagraphStart(
  timeline: Pick<Timeline, 'paragraphStarts' | 'turnExact'>,
  anchors: readonly TimeAnchor[],
  turn: number,
  paragraph: number,
): boolean {
  const start = timeline.paragraphStarts[turn]?.[paragraph];
  if (start === undefined) return false;
  if (paragraph === 0 && timeline.turnExact[turn]) return true;
  return anchors.some(
    (a) =>
      a.turn === turn &&
      (a.paragraph ?? 0) === paragraph &&
      !a.offset &&
      Math.abs(a.time - start) <= 1e-9 * Math.max(1, start),
  );
}
