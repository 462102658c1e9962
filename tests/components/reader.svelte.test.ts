import { readFileSync } from 'node:fs';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEpisodeJson } from '../../src/lib/episode/validate.ts';
import type { Episode } from '../../src/lib/episode/types.ts';
import { PlayerState } from '../../src/lib/state/player.svelte.ts';
import { ReaderState } from '../../src/lib/state/reader.svelte.ts';
import { ListeningSession } from '../../src/lib/state/session.svelte.ts';
import { FakeEngine } from './fake-engine.ts';

const BEYANG = 'beyang-liu';
const KELSEY = 'kelsey-hightower';

function loadEpisode(): Episode {
  const r = parseEpisodeJson(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const EPISODE = loadEpisode();
const TURNS = EPISODE.turns.length;
const isKelsey = (i: number): boolean => EPISODE.turns[i]!.speaker === KELSEY;

/** The real episode's text with the speakers re-assigned in a pattern, e.g. "bbkkk" repeated. */
function withPattern(pattern: string): Episode {
  return {
    ...EPISODE,
    turns: EPISODE.turns.map((t, i) => ({
      ...t,
      speaker: pattern[i % pattern.length] === 'k' ? KELSEY : BEYANG,
    })),
  };
}

let players: PlayerState[] = [];

function setup(episode: Episode = EPISODE): { reader: ReaderState; session: ListeningSession } {
  const player = new PlayerState(new FakeEngine());
  players.push(player);
  const session = new ListeningSession(episode, player);
  if (episode.audio) player.loadEpisodeAudio(episode.audio);
  return { reader: new ReaderState(session), session };
}

const where = (hits: { turn: number; paragraph: number }[]): [number, number][] =>
  hits.map((h) => [h.turn, h.paragraph]);

beforeEach(() => {
  localStorage.clear();
});

afterEach(() => {
  for (const p of players) p.destroy();
  players = [];
});

describe('ReaderState search', () => {
  it('has no hits, marks or current match without a query', () => {
    const { reader } = setup();
    expect(reader.query).toBe('');
    expect(reader.hits).toEqual([]);
    expect(reader.ordered).toEqual([]);
    expect(reader.marks.size).toBe(0);
    expect(reader.current).toBe(-1);
    reader.setQuery('   ');
    expect(reader.hits).toEqual([]);
  });

  it('finds hits for the query, marks their words, and orders them as spoken', () => {
    const { reader } = setup();
    reader.setQuery('kubernets tatoo ');
    expect(where(reader.hits)).toEqual([
      [41, 5],
      [43, 0],
    ]);
    expect(where(reader.ordered)).toEqual([
      [41, 5],
      [43, 0],
    ]);
    expect([...reader.marks.keys()]).toEqual([41, 43]);
    expect(reader.marks.get(41)?.get(5)?.sort()).toEqual(['kubernetes', 'tattoo']);
    expect(reader.marks.get(43)?.get(0)?.sort()).toEqual(['kubernetes', 'tattoo']);
    expect(reader.marks.get(41)?.size).toBe(1);
  });

  it('keeps the current match when the same query is set again, and starts over on a new one', () => {
    const { reader } = setup();
    reader.setQuery('kubernets tatoo');
    reader.step(1);
    reader.step(1);
    expect(reader.current).toBe(1);
    reader.setQuery('kubernets tatoo');
    expect(reader.current).toBe(1);
    reader.setQuery('kubernets tattoo');
    expect(reader.current).toBe(-1);
  });

  it('keeps the ranking in hits and the spoken order in ordered', () => {
    const { reader } = setup();
    reader.setQuery('restaurants menu ');
    const docs = reader.hits.map((h) => h.doc);
    expect(reader.ordered.map((h) => h.doc)).toEqual([...docs].sort((a, b) => a - b));
    expect(reader.ordered.map((h) => h.doc)).not.toEqual(docs);
    expect(new Set(reader.ordered)).toEqual(new Set(reader.hits));
    // Every hit is marked.
    for (const h of reader.hits) expect(reader.marks.get(h.turn)?.get(h.paragraph)).toEqual(h.words);
  });

  it('follows the query as it changes', () => {
    const { reader } = setup();
    reader.setQuery('tattoo');
    expect(reader.hits).toHaveLength(2);
    reader.setQuery('raft protocl etcd');
    expect(where(reader.hits)[0]).toEqual([27, 5]);
    expect([...reader.marks.keys()]).toContain(27);
    expect(reader.marks.has(41)).toBe(false);
    reader.setQuery('');
    expect(reader.hits).toEqual([]);
    expect(reader.marks.size).toBe(0);
  });

  it('updates effects that read the hits', () => {
    const { reader } = setup();
    const counts: number[] = [];
    const stop = $effect.root(() => {
      $effect(() => {
        counts.push(reader.ordered.length);
      });
    });
    try {
      flushSync();
      reader.setQuery('tattoo');
      flushSync();
      reader.toggleSpeaker(KELSEY);
      flushSync();
      reader.showAll();
      flushSync();
      expect(counts).toEqual([0, 2, 0, 2]);
    } finally {
      stop();
    }
  });
});

describe('ReaderState next and previous match', () => {
  it('steps forward and wraps around to the first', () => {
    const { reader } = setup();
    reader.setQuery('kubernets tatoo ');
    expect(reader.current).toBe(-1);
    expect(reader.step(1)).toBe(reader.ordered[0]);
    expect(reader.current).toBe(0);
    expect(reader.step(1)).toBe(reader.ordered[1]);
    expect(reader.current).toBe(1);
    expect(reader.step(1)).toBe(reader.ordered[0]);
    expect(reader.current).toBe(0);
  });

  it('steps back and wraps around to the last', () => {
    const { reader } = setup();
    reader.setQuery('restaurants menu ');
    const n = reader.ordered.length;
    expect(n).toBeGreaterThan(2);
    expect(reader.step(-1)).toBe(reader.ordered[n - 1]);
    expect(reader.current).toBe(n - 1);
    expect(reader.step(-1)).toBe(reader.ordered[n - 2]);
    expect(reader.current).toBe(n - 2);
    reader.step(1);
    reader.step(1);
    expect(reader.current).toBe(0);
    reader.step(-1);
    expect(reader.current).toBe(n - 1);
  });

  it('visits every match once in spoken order', () => {
    const { reader } = setup();
    reader.setQuery('kubern');
    const seen = reader.ordered.map(() => reader.step(1)!.doc);
    expect(seen).toEqual(reader.ordered.map((h) => h.doc));
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('does nothing without matches', () => {
    const { reader } = setup();
    expect(reader.step(1)).toBeUndefined();
    reader.setQuery('zzqx ');
    expect(reader.step(-1)).toBeUndefined();
    expect(reader.current).toBe(-1);
  });

  it('starts again when the query changes', () => {
    const { reader } = setup();
    reader.setQuery('tattoo');
    reader.step(1);
    reader.step(1);
    expect(reader.current).toBe(1);
    reader.setQuery('tattoo ');
    expect(reader.current).toBe(-1);
    expect(reader.step(1)).toBe(reader.ordered[0]);
  });

  it('selects a hit from the results list', () => {
    const { reader } = setup();
    reader.setQuery('restaurants menu ');
    const best = reader.hits[0]!;
    reader.select(best);
    expect(reader.current).toBe(reader.ordered.indexOf(best));
    expect(reader.current).toBeGreaterThan(0);
    expect(reader.ordered[reader.current]).toBe(best);
    // Next goes on from there in spoken order.
    expect(reader.step(1)).toBe(reader.ordered[reader.ordered.indexOf(best) + 1]);
  });
});

describe('ReaderState speaker filter', () => {
  it('shows everything at first', () => {
    const { reader } = setup();
    expect(reader.hidden.size).toBe(0);
    expect([...reader.visibleSpeakers].sort()).toEqual([BEYANG, KELSEY]);
    expect(reader.shown).toHaveLength(TURNS);
    expect(reader.shown.every(Boolean)).toBe(true);
    expect(reader.runs.size).toBe(0);
  });

  it('hides a speaker’s turns, one run per group of hidden turns', () => {
    const { reader } = setup();
    reader.toggleSpeaker(KELSEY);
    expect([...reader.hidden]).toEqual([KELSEY]);
    expect([...reader.visibleSpeakers]).toEqual([BEYANG]);
    reader.shown.forEach((shown, i) => expect(shown, `turn ${i}`).toBe(!isKelsey(i)));
    // The real episode alternates speakers: every hidden run is one turn.
    const kelseyTurns = EPISODE.turns.flatMap((t, i) => (t.speaker === KELSEY ? [i] : []));
    expect([...reader.runs.keys()]).toEqual(kelseyTurns);
    for (const i of kelseyTurns) expect(reader.runs.get(i)).toEqual({ first: i, last: i });
  });

  it('groups consecutive hidden turns into one run, up to the last turn', () => {
    const { reader } = setup(withPattern('bbkkk'));
    reader.toggleSpeaker(KELSEY);
    const runs = [...reader.runs.values()];
    expect(runs).toHaveLength(10);
    expect(runs[0]).toEqual({ first: 2, last: 4 });
    expect(runs[1]).toEqual({ first: 7, last: 9 });
    expect(runs.at(-1)).toEqual({ first: 47, last: 49 });
    for (const [first, run] of reader.runs) expect(run.first).toBe(first);
    expect(reader.shown.slice(0, 10)).toEqual([
      true,
      true,
      false,
      false,
      false,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('starts a run at the first turn', () => {
    const { reader } = setup(withPattern('kkb'));
    reader.toggleSpeaker(KELSEY);
    expect(reader.runs.get(0)).toEqual({ first: 0, last: 1 });
    expect(reader.runs.get(3)).toEqual({ first: 3, last: 4 });
    reader.toggleSpeaker(KELSEY);
    reader.toggleSpeaker(BEYANG);
    expect(reader.runs.get(2)).toEqual({ first: 2, last: 2 });
    expect(reader.runs.has(0)).toBe(false);
  });

  it('shows a speaker again', () => {
    const { reader } = setup();
    reader.toggleSpeaker(KELSEY);
    reader.toggleSpeaker(KELSEY);
    expect(reader.hidden.size).toBe(0);
    expect(reader.shown.every(Boolean)).toBe(true);
    expect(reader.runs.size).toBe(0);
  });

  it('never hides the last visible speaker', () => {
    const { reader } = setup();
    reader.toggleSpeaker(KELSEY);
    reader.toggleSpeaker(BEYANG);
    expect([...reader.hidden]).toEqual([KELSEY]);
    expect(reader.shown.some(Boolean)).toBe(true);
    reader.only(BEYANG);
    reader.toggleSpeaker(BEYANG);
    expect([...reader.hidden]).toEqual([KELSEY]);
  });

  it('shows only one speaker', () => {
    const { reader } = setup();
    reader.only(KELSEY);
    expect([...reader.hidden]).toEqual([BEYANG]);
    reader.shown.forEach((shown, i) => expect(shown).toBe(isKelsey(i)));
    reader.only(BEYANG);
    expect([...reader.hidden]).toEqual([KELSEY]);
    reader.shown.forEach((shown, i) => expect(shown).toBe(!isKelsey(i)));
  });

  it('shows all speakers again', () => {
    const { reader } = setup();
    reader.only(KELSEY);
    reader.toggleRun(0);
    reader.showAll();
    expect(reader.hidden.size).toBe(0);
    expect(reader.expanded.size).toBe(0);
    expect(reader.runs.size).toBe(0);
    expect(reader.shown.every(Boolean)).toBe(true);
  });

  it('shows the turns of an opened run, and keeps its divider', () => {
    const { reader } = setup(withPattern('bbkkk'));
    reader.toggleSpeaker(KELSEY);
    reader.toggleRun(7);
    expect(reader.shown.slice(5, 13)).toEqual([true, true, true, true, true, true, true, false]);
    expect(reader.shown.slice(2, 5)).toEqual([false, false, false]);
    expect(reader.runs.get(7)).toEqual({ first: 7, last: 9 });
    // A turn that doesn't start a run opens nothing.
    reader.toggleRun(3);
    expect(reader.shown.slice(2, 5)).toEqual([false, false, false]);
    reader.toggleRun(7);
    expect(reader.shown.slice(7, 10)).toEqual([false, false, false]);
  });

  it('closes opened runs when the filter changes', () => {
    const { reader } = setup();
    reader.toggleSpeaker(KELSEY);
    reader.toggleRun(1);
    expect(reader.shown[1]).toBe(true);
    reader.toggleSpeaker(BEYANG);
    expect(reader.expanded.size).toBe(0);
    expect(reader.shown[1]).toBe(false);
    reader.toggleRun(1);
    reader.only(KELSEY);
    expect(reader.expanded.size).toBe(0);
  });

  it('searches only the shown speakers', () => {
    const { reader } = setup();
    reader.setQuery('tattoo');
    expect(reader.hits).toHaveLength(2);
    reader.toggleSpeaker(KELSEY);
    expect(reader.hits).toEqual([]);
    expect(reader.ordered).toEqual([]);
    expect(reader.marks.size).toBe(0);
    reader.setQuery('kubernetes ');
    expect(reader.hits.length).toBeGreaterThan(0);
    expect(reader.hits.every((h) => h.speaker === BEYANG)).toBe(true);
    reader.showAll();
    expect(reader.hits.some((h) => h.speaker === KELSEY)).toBe(true);
    reader.only(KELSEY);
    expect(reader.hits.every((h) => h.speaker === KELSEY)).toBe(true);
  });
});

describe('ReaderState.showOnlyNamed', () => {
  it.each([
    [['kelsey-hightower'], [BEYANG]],
    [['Kelsey Hightower'], [BEYANG]],
    [['kelsey'], [BEYANG]],
    [['KELSEY'], [BEYANG]],
    [['  Beyang '], [KELSEY]],
    [['beyang liu'], [KELSEY]],
    [['nobody', 'kelsey'], [BEYANG]],
    [['kelsey', 'beyang'], []],
  ])('shows only %j', (names, hidden) => {
    const { reader } = setup();
    reader.showOnlyNamed(names);
    expect([...reader.hidden].sort()).toEqual(hidden);
  });

  it('accepts an alias that is not a first name', () => {
    const episode = {
      ...EPISODE,
      speakers: EPISODE.speakers.map((s) => (s.id === KELSEY ? { ...s, aliases: ['KH'] } : s)),
    };
    const { reader } = setup(episode);
    reader.showOnlyNamed(['kh']);
    expect([...reader.hidden]).toEqual([BEYANG]);
  });

  it('ignores names it does not know', () => {
    const { reader } = setup();
    reader.showOnlyNamed(['nobody', '', ' ']);
    expect(reader.hidden.size).toBe(0);
    reader.only(KELSEY);
    reader.showOnlyNamed(['nobody']);
    expect([...reader.hidden]).toEqual([BEYANG]);
    reader.showOnlyNamed([]);
    expect([...reader.hidden]).toEqual([BEYANG]);
  });
});

describe('ReaderState.nextShownTurn', () => {
  it('is the turn itself, or the next one of a shown speaker', () => {
    const { reader } = setup();
    expect(reader.nextShownTurn(5)).toBe(5);
    reader.toggleSpeaker(KELSEY);
    expect(isKelsey(1)).toBe(true);
    expect(reader.nextShownTurn(0)).toBe(0);
    expect(reader.nextShownTurn(1)).toBe(2);
    expect(reader.nextShownTurn(-3)).toBe(0);
  });

  it('is -1 past the last shown turn', () => {
    const { reader } = setup();
    reader.toggleSpeaker(KELSEY);
    expect(isKelsey(TURNS - 1)).toBe(true);
    expect(reader.nextShownTurn(TURNS - 1)).toBe(-1);
    expect(reader.nextShownTurn(TURNS)).toBe(-1);
  });

  it('skips a whole hidden run', () => {
    const { reader } = setup(withPattern('bbkkk'));
    reader.toggleSpeaker(KELSEY);
    expect(reader.nextShownTurn(2)).toBe(5);
    expect(reader.nextShownTurn(4)).toBe(5);
    expect(reader.nextShownTurn(47)).toBe(-1);
  });
});

describe('ReaderState on a very long episode', () => {
  it('builds the index in slices: a search says it is not ready, then answers', async () => {
    const turns = Array.from({ length: 2_500 }, (_, i) => ({
      speaker: i % 2 ? KELSEY : BEYANG,
      paragraphs: [`Turn ${i + 1}: yes.`],
    }));
    const { reader } = setup({ ...EPISODE, turns, anchors: [] });
    reader.prepare();
    reader.setQuery('Turn 2500');
    expect(reader.indexing).toBe(true);
    expect(reader.hits).toEqual([]);
    await expect.poll(() => reader.indexing, { timeout: 10_000 }).toBe(false);
    expect(where(reader.hits)[0]).toEqual([2_499, 0]);
  });
});
