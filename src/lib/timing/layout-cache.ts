import type { Turn } from '../episode/types.ts';
import { inSlices } from '../steps.ts';
import { layoutSteps, layoutText, type TextLayout } from './timeline.ts';

/** Layouts measured ahead of time, by the episode's turns (the same array the listening session gets). */
const layouts = new WeakMap<readonly Pick<Turn, 'paragraphs'>[], TextLayout>();

/** The episode's text layout (default model): measured ahead by `prepareLayout`, or now. */
export function layoutOf(turns: readonly Pick<Turn, 'paragraphs'>[]): TextLayout {
  let layout = layouts.get(turns);
  if (!layout) layouts.set(turns, (layout = layoutText(turns)));
  return layout;
}

/**
 * Measures an episode's text in slices, letting the page run in between, so that opening 100,000 turns never
 * blocks it for long; `layoutOf` then finds the result.
 */
export async function prepareLayout(turns: readonly Pick<Turn, 'paragraphs'>[]): Promise<void> {
  if (!layouts.has(turns)) layouts.set(turns, await inSlices(layoutSteps(turns)));
}
