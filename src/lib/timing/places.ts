import type { Timeline } from './timeline.ts';

/** When a paragraph starts on a timeline: its own start, else its turn's, else 0. */
export function paragraphTime(
  timeline: Pick<Timeline, 'paragraphStarts' | 'turnStarts'>,
  turn: number,
  paragraph: number,
): number {
  return timeline.paragraphStarts[turn]?.[paragraph] ?? timeline.turnStarts[turn] ?? 0;
}
