// Long work done in slices (a very long episode's text layout and search index) gives what it gives at once.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseEpisodeJson } from '../../src/lib/episode/validate.ts';
import { SearchIndex } from '../../src/lib/search/search-index.ts';
import { finish, inSlices } from '../../src/lib/steps.ts';
import { layoutOf, prepareLayout } from '../../src/lib/timing/layout-cache.ts';
import { layoutSteps, layoutText } from '../../src/lib/timing/timeline.ts';

const parsed = parseEpisodeJson(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
if (!parsed.ok) throw new Error(parsed.error);
const episode = parsed.value;
// The real text, twenty times over: enough turns for several slices.
const turns = Array.from({ length: 20 }, () => episode.turns).flat();

function countSlices<T>(steps: Generator<void, T, void>): [number, T] {
  let n = 0;
  let step = steps.next();
  while (!step.done) {
    n++;
    step = steps.next();
  }
  return [n, step.value];
}

describe('work in slices', () => {
  it('lays the text out the same, slice by slice', () => {
    const [slices, layout] = countSlices(layoutSteps(turns));
    expect(slices).toBeGreaterThan(1);
    expect(layout).toEqual(layoutText(turns));
  });

  it('keeps a layout measured ahead for the session, and measures one it was not given', async () => {
    const ahead = [...turns];
    await prepareLayout(ahead);
    const kept = layoutOf(ahead);
    expect(layoutOf(ahead)).toBe(kept);
    expect(kept).toEqual(layoutText(turns));
    expect(layoutOf(episode.turns)).toEqual(layoutText(episode.turns));
  });

  it('builds the same search index, slice by slice', async () => {
    const [slices] = countSlices(SearchIndex.building({ turns }));
    expect(slices).toBeGreaterThan(3);
    const sliced = await inSlices(SearchIndex.building({ turns }), 1);
    const atOnce = SearchIndex.fromEpisode({ turns });
    expect(sliced.vocabularySize).toBe(atOnce.vocabularySize);
    for (const q of ['kubernets tatoo', 'restaurants', 'the hard way', 'zzz']) {
      expect(sliced.search(q)).toEqual(atOnce.search(q));
    }
    expect(finish(SearchIndex.building({ turns: [] })).docs).toEqual([]);
  });
});
