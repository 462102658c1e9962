import { readFileSync } from 'node:fs';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseEpisodeJson } from '../../src/lib/episode/validate.ts';
import type { Episode } from '../../src/lib/episode/types.ts';
import { PlayerState } from '../../src/lib/state/player.svelte.ts';
import { ListeningSession, NUDGE_SECONDS, REACTION_SECONDS } from '../../src/lib/state/session.svelte.ts';
import { findActive } from '../../src/lib/timing/timeline.ts';
import { FakeEngine } from './fake-engine.ts';

const ANCHORS_KEY = 'hark:anchors:kelsey-hightower';
const POSITION_KEY = 'hark:position:kelsey-hightower';

function loadEpisode(): Episode {
  const r = parseEpisodeJson(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const EPISODE = loadEpisode();
let players: PlayerState[] = [];

/** A session on the real episode, its audio (an hour, by the fake engine) loaded and paused at 0. */
function setup(episode: Episode = EPISODE): {
  engine: FakeEngine;
  player: PlayerState;
  session: ListeningSession;
} {
  const engine = new FakeEngine();
  const player = new PlayerState(engine);
  players.push(player);
  const session = new ListeningSession(episode, player);
  if (episode.audio) player.loadEpisodeAudio(episode.audio);
  return { engine, player, session };
}

function storedAnchors(): unknown {
  return JSON.parse(localStorage.getItem(ANCHORS_KEY) ?? 'null');
}

beforeEach(() => {
  localStorage.clear();
});

afterEach(() => {
  for (const p of players) p.destroy();
  players = [];
  vi.restoreAllMocks();
});

describe('ListeningSession timeline', () => {
  it('has the real episode laid out over the audio', () => {
    const { session } = setup();
    expect(session.timeline.turnStarts).toHaveLength(EPISODE.turns.length);
    expect(session.timeline.duration).toBe(3600);
    expect(session.timeline.durationKnown).toBe(true);
    expect(session.startOf(0)).toBe(0);
    expect(session.startOf(49)).toBeGreaterThan(session.startOf(48));
    expect(session.startOf(49)).toBeLessThan(3600);
  });

  it('estimates the duration from the words until the audio says', () => {
    const engine = new FakeEngine(3600, false);
    const player = new PlayerState(engine);
    players.push(player);
    const session = new ListeningSession(EPISODE, player);
    player.loadEpisodeAudio(EPISODE.audio!);
    expect(session.timeline.durationKnown).toBe(false);
    expect(session.timeline.duration).toBeCloseTo((session.layout.words / 150) * 60, 6);
    engine.emit({ type: 'ready', duration: 2400 });
    expect(session.timeline.durationKnown).toBe(true);
    expect(session.timeline.duration).toBe(2400);
  });
});

describe('ListeningSession active turn', () => {
  it('has no active turn before anything started', () => {
    const { session } = setup();
    expect(session.started).toBe(false);
    expect(session.activeTurn).toBe(-1);
    expect(session.activeParagraph).toBe(-1);
    expect(session.activeChapter).toBe(-1);
  });

  it('is the first turn once playing starts at 0', () => {
    const { player, session } = setup();
    player.play();
    expect(session.started).toBe(true);
    expect(session.activeTurn).toBe(0);
    expect(session.activeParagraph).toBe(0);
  });

  it('follows the timeline as the position moves', () => {
    const { player, session } = setup();
    const seen: number[] = [];
    for (const t of [1, 60, 600, 1234.5, 1800, 2999, 3599]) {
      player.seek(t);
      expect(session.activeTurn).toBe(findActive(session.timeline.turnStarts, t));
      seen.push(session.activeTurn);
    }
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(49);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(new Set(seen).size).toBeGreaterThan(4);
  });

  it('is the turn that starts exactly at the position', () => {
    const { player, session } = setup();
    player.seek(session.startOf(17));
    expect(session.activeTurn).toBe(17);
    player.seek(session.startOf(17) - 0.01);
    expect(session.activeTurn).toBe(16);
  });

  it('follows the engine as it plays', () => {
    const { engine, player, session } = setup();
    player.play();
    engine.advance(session.startOf(10) + 1);
    player.tick();
    expect(session.activeTurn).toBe(10);
  });

  it('knows the paragraph being spoken', () => {
    const { player, session } = setup();
    const turn = EPISODE.turns.findIndex((t) => t.paragraphs.length >= 3);
    expect(turn).toBeGreaterThanOrEqual(0);
    const starts = session.timeline.paragraphStarts[turn]!;
    player.seek(starts[0]! + 0.01);
    expect(session.activeTurn).toBe(turn);
    expect(session.activeParagraph).toBe(0);
    player.seek(starts[1]! + 0.01);
    expect(session.activeParagraph).toBe(1);
    player.seek(starts[2]! + 0.01);
    expect(session.activeParagraph).toBe(2);
  });

  it('knows the current chapter', () => {
    const episode = {
      ...EPISODE,
      chapters: [
        { title: 'Intro', start: 0 },
        { title: 'Kubernetes', start: 600 },
      ],
    };
    const { player, session } = setup(episode);
    expect(session.activeChapter).toBe(0);
    player.seek(599);
    expect(session.activeChapter).toBe(0);
    player.seek(600);
    expect(session.activeChapter).toBe(1);
  });

  it('updates effects that read it', () => {
    const { player, session } = setup();
    const seen: number[] = [];
    const stop = $effect.root(() => {
      $effect(() => {
        seen.push(session.activeTurn);
      });
    });
    try {
      flushSync();
      player.seek(session.startOf(3));
      flushSync();
      player.seek(session.startOf(30));
      flushSync();
      expect(seen).toEqual([-1, 3, 30]);
    } finally {
      stop();
    }
  });
});

describe('ListeningSession sync anchors', () => {
  /** Whether `turn` is the one playing at `time` on the session's timeline. */
  const activeAt = (session: ListeningSession, time: number): number =>
    findActive(session.timeline.turnStarts, time);
  const start = (turn: number, time: number) => ({ turn, paragraph: 0, offset: 0, time });

  it('anchors a synced turn’s start at the current position (paused: no reaction allowance), and stores it', () => {
    const { player, session } = setup();
    player.seek(1000.25);
    expect(session.activeTurn).not.toBe(20);
    const before = Array.from(session.timeline.turnStarts);
    session.syncHere(20);
    expect(session.activeTurn).toBe(20);
    expect(session.startOf(20)).toBe(1000.25);
    expect(session.isExactStart(20)).toBe(true);
    expect(session.isExactStart(21)).toBe(false);
    expect(session.syncAnchors).toEqual([start(20, 1000.25)]);
    expect(storedAnchors()).toEqual([start(20, 1000.25)]);
    // Other turns re-flow around it, in order.
    for (let i = 1; i < EPISODE.turns.length; i++)
      expect(session.startOf(i)).toBeGreaterThanOrEqual(session.startOf(i - 1));
    expect(session.startOf(30)).not.toBe(before[30]);
    expect(session.startOf(10)).not.toBe(before[10]);
  });

  it('takes the reader’s reaction time off a sync made while playing', () => {
    const { engine, player, session } = setup();
    player.seek(1000);
    player.play();
    engine.advance(2);
    player.tick();
    session.syncHere(20);
    expect(session.startOf(20)).toBeCloseTo(1002 - REACTION_SECONDS, 6);
    expect(session.activeTurn).toBe(20);
  });

  it('anchors a sentence inside a turn at its character offset', () => {
    const { player, session } = setup();
    const turn = EPISODE.turns.findIndex((t) => t.paragraphs.length >= 2);
    player.seek(1500);
    session.syncAt(turn, 1, 40);
    expect(session.syncAnchors).toEqual([{ turn, paragraph: 1, offset: 40, time: 1500 }]);
    expect(session.paragraphStart(turn, 1)).toBeLessThan(1500);
    expect(session.isExactStart(turn)).toBe(false);
    expect(activeAt(session, 1500)).toBe(turn);
  });

  it('nudges the last sync point by two seconds either way', () => {
    const { player, session } = setup();
    player.seek(500);
    session.syncHere(10);
    player.seek(800);
    session.syncHere(12);
    session.nudgeLastSync(NUDGE_SECONDS);
    expect(session.syncAnchors).toEqual([start(10, 500), start(12, 802)]);
    session.nudgeLastSync(-2 * NUDGE_SECONDS);
    expect(session.startOf(12)).toBe(798);
    expect(session.lastSync).toEqual(start(12, 798));
    expect(storedAnchors()).toEqual([start(10, 500), start(12, 798)]);
  });

  it('is read back by a new session', () => {
    const first = setup();
    first.player.seek(500);
    first.session.syncHere(10);
    const { player, session } = setup();
    expect(session.syncAnchors).toEqual([start(10, 500)]);
    expect(Array.from(session.timeline.turnStarts)).toEqual(Array.from(first.session.timeline.turnStarts));
    player.seek(500);
    expect(session.activeTurn).toBe(10);
  });

  it('keeps one anchor per place', () => {
    const { player, session } = setup();
    player.seek(500);
    session.syncHere(10);
    player.seek(700);
    session.syncHere(10);
    expect(session.syncAnchors).toEqual([start(10, 700)]);
    expect(session.activeTurn).toBe(10);
  });

  it('keeps anchors that agree, in text order', () => {
    const { player, session } = setup();
    player.seek(2000);
    session.syncHere(30);
    player.seek(500);
    session.syncHere(10);
    expect(session.syncAnchors).toEqual([start(10, 500), start(30, 2000)]);
    expect(activeAt(session, 500)).toBe(10);
    expect(activeAt(session, 2000)).toBe(30);
  });

  it('drops an older anchor that contradicts the new one', () => {
    const { player, session } = setup();
    player.seek(1000);
    session.syncHere(10); // turn 10 at 1000 s…
    player.seek(2000);
    session.syncHere(40);
    player.seek(500);
    session.syncHere(20); // …but turn 20 at 500 s: turn 10 must be earlier.
    expect(session.syncAnchors).toEqual([start(20, 500), start(40, 2000)]);
    expect(storedAnchors()).toEqual([start(40, 2000), start(20, 500)]);
    expect(session.startOf(10)).toBeLessThan(500);
  });

  it('keeps an anchor of an earlier turn at the same moment', () => {
    const { player, session } = setup();
    player.seek(800);
    session.syncHere(12);
    session.syncHere(13);
    expect(session.syncAnchors).toEqual([start(12, 800), start(13, 800)]);
  });

  it('removes one anchor, and the stored key with the last', () => {
    const { player, session } = setup();
    const estimated = session.startOf(10);
    player.seek(500);
    session.syncHere(10);
    player.seek(2000);
    session.syncHere(30);
    session.removeAnchor(session.syncAnchors[0]!);
    expect(session.syncAnchors).toEqual([start(30, 2000)]);
    expect(storedAnchors()).toEqual([start(30, 2000)]);
    session.removeAnchor(session.syncAnchors[0]!);
    expect(session.syncAnchors).toEqual([]);
    expect(localStorage.getItem(ANCHORS_KEY)).toBeNull();
    expect(session.startOf(10)).toBe(estimated);
  });

  it('clears all anchors', () => {
    const { player, session } = setup();
    player.seek(500);
    session.syncHere(10);
    player.seek(2000);
    session.syncHere(30);
    session.clearAnchors();
    expect(session.syncAnchors).toEqual([]);
    expect(localStorage.getItem(ANCHORS_KEY)).toBeNull();
    expect(setup().session.syncAnchors).toEqual([]);
  });

  it.each([
    ['bad JSON', '[{"turn":1,'],
    ['not an array', '{"turn":1,"time":10}'],
    ['a turn out of range', `[{"turn":${EPISODE.turns.length},"time":10}]`],
    ['a negative turn', '[{"turn":-1,"time":10}]'],
    ['a fractional turn', '[{"turn":1.5,"time":10}]'],
    ['a negative time', '[{"turn":3,"time":-1}]'],
    ['a time that is not a number', '[{"turn":3,"time":"10"}]'],
    ['a null entry', '[null]'],
  ])('ignores stored anchors with %s, with a warning', (_, raw) => {
    localStorage.setItem(ANCHORS_KEY, raw);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let session: ListeningSession | undefined;
    expect(() => (session = setup().session)).not.toThrow();
    expect(session!.syncAnchors).toEqual([]);
    expect(warn).toHaveBeenCalled();
    expect(String(warn.mock.calls[0]![0])).toContain(ANCHORS_KEY);
  });

  it('keeps the other stored anchors when one no longer fits, and the next sync keeps them all', () => {
    localStorage.setItem(
      ANCHORS_KEY,
      '[{"turn":3,"time":10},{"turn":999,"time":20},{"turn":30,"paragraph":0,"offset":0,"time":2000}]',
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { player, session } = setup();
    expect(session.syncAnchors).toEqual([{ turn: 3, time: 10 }, start(30, 2000)]);
    expect(String(warn.mock.calls[0]![0])).toContain('1 of the 3');
    player.seek(500);
    session.syncHere(10);
    // The entry this page can't use stays stored (a later re-import may fit it again).
    expect(storedAnchors()).toEqual([
      { turn: 3, time: 10 },
      { turn: 999, time: 20 },
      start(30, 2000),
      start(10, 500),
    ]);
  });

  it('reads stored anchors without extra fields', () => {
    localStorage.setItem(ANCHORS_KEY, '[{"turn":3,"time":100,"note":"x"}]');
    const { session } = setup();
    expect(session.syncAnchors).toEqual([{ turn: 3, time: 100 }]);
    expect(activeAt(session, 100)).toBe(3);
  });

  it('merges sync points another tab saved, instead of overwriting them', () => {
    const other = setup();
    const { player, session } = setup();
    other.player.seek(500);
    other.session.syncHere(10);
    // This tab hears of it through a storage event…
    window.dispatchEvent(new StorageEvent('storage', { key: ANCHORS_KEY }));
    const stop = session.listen(window);
    window.dispatchEvent(new StorageEvent('storage', { key: ANCHORS_KEY }));
    stop();
    expect(session.syncAnchors).toEqual([start(10, 500)]);
    // …and its own sync joins the other tab's in storage.
    player.seek(2000);
    session.syncHere(30);
    expect(storedAnchors()).toEqual([start(10, 500), start(30, 2000)]);
  });

  it('keeps sync points in memory and says so when the storage is full', () => {
    const full = {
      getItem: (k: string) => localStorage.getItem(k),
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: (k: string) => localStorage.removeItem(k),
    };
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const engine = new FakeEngine();
    const player = new PlayerState(engine);
    players.push(player);
    const session = new ListeningSession(EPISODE, player, { store: full });
    player.loadEpisodeAudio(EPISODE.audio!);
    player.seek(500);
    session.syncHere(10);
    expect(session.syncAnchors).toEqual([start(10, 500)]);
    expect(session.startOf(10)).toBe(500);
    expect(session.storageProblem).toMatch(/storage .* is full/);
  });
});

describe('ListeningSession resume', () => {
  it('does not offer to resume the first seconds', () => {
    const { player, session } = setup();
    player.seek(4.9);
    session.savePosition();
    expect(localStorage.getItem(POSITION_KEY)).toBeNull();
    expect(setup().session.resumeAt).toBeNull();
  });

  it('does not offer to resume the very end', () => {
    const { player, session } = setup();
    player.seek(3598);
    session.savePosition();
    expect(localStorage.getItem(POSITION_KEY)).toBeNull();
    expect(setup().session.resumeAt).toBeNull();
  });

  it('offers a saved position to a new session, and resume() seeks there', () => {
    const first = setup();
    first.player.seek(754.5);
    first.session.savePosition();
    expect(JSON.parse(localStorage.getItem(POSITION_KEY)!)).toMatchObject({ t: 754.5 });
    expect(first.session.resumeAt).toBeNull();

    const { player, session } = setup();
    expect(session.resumeAt).toBe(754.5);
    expect(player.position).toBe(0);
    session.stopFollowing();
    session.resume();
    expect(player.position).toBe(754.5);
    expect(session.resumeAt).toBeNull();
    expect(session.follow).toBe(true);
    expect(session.activeTurn).toBe(findActive(session.timeline.turnStarts, 754.5));
  });

  it('forgets a saved position once the reader is back near the start', () => {
    const first = setup();
    first.player.seek(300);
    first.session.savePosition();
    first.player.seek(2);
    first.session.savePosition();
    expect(setup().session.resumeAt).toBeNull();
  });

  it('can dismiss the offer; resume() then does nothing', () => {
    const first = setup();
    first.player.seek(300);
    first.session.savePosition();
    const { player, session } = setup();
    session.dismissResume();
    expect(session.resumeAt).toBeNull();
    session.resume();
    expect(player.position).toBe(0);
  });

  it.each(['{"t":', '{"t":-5}', '{"t":"300"}', '300', 'null'])(
    'ignores a stored position of %s with a warning',
    (raw) => {
      localStorage.setItem(POSITION_KEY, raw);
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      expect(setup().session.resumeAt).toBeNull();
      expect(warn).toHaveBeenCalled();
    },
  );
});

describe('ListeningSession moving between turns', () => {
  it('plays a turn from its start', () => {
    const { player, session } = setup();
    session.stopFollowing();
    session.playTurn(25);
    expect(player.position).toBe(session.startOf(25));
    expect(player.status).toBe('playing');
    expect(session.activeTurn).toBe(25);
    expect(session.follow).toBe(true);
  });

  it('plays a paragraph from its start', () => {
    const { player, session } = setup();
    const turn = EPISODE.turns.findIndex((t) => t.paragraphs.length >= 2);
    session.playParagraph(turn, 1);
    expect(player.position).toBe(session.timeline.paragraphStarts[turn]![1]);
    expect(player.status).toBe('playing');
    expect(session.activeTurn).toBe(turn);
    expect(session.activeParagraph).toBe(1);
  });

  it('steps to the next and previous turn, within the episode', () => {
    const { player, session } = setup();
    session.stepTurn(1);
    expect(player.position).toBeCloseTo(session.startOf(1) + 0.01, 6);
    expect(session.activeTurn).toBe(1);
    session.stepTurn(1);
    expect(session.activeTurn).toBe(2);
    session.stepTurn(-1);
    expect(session.activeTurn).toBe(1);
    session.stepTurn(-1);
    session.stepTurn(-1);
    expect(player.position).toBeCloseTo(0.01, 6);
    player.play();
    expect(session.activeTurn).toBe(0);
    player.seek(session.startOf(49) + 5);
    session.stepTurn(1);
    expect(session.activeTurn).toBe(49);
    expect(player.position).toBeCloseTo(session.startOf(49) + 0.01, 6);
  });

  it('steps from the middle of a turn to its neighbours', () => {
    const { player, session } = setup();
    player.seek((session.startOf(10) + session.startOf(11)) / 2);
    session.stopFollowing();
    session.stepTurn(-1);
    expect(session.activeTurn).toBe(9);
    expect(session.follow).toBe(true);
  });
});

describe('the saved position before anything is played', () => {
  it('is kept when a view opens and closes without playing', async () => {
    const { ListeningSession } = await import('../../src/lib/state/session.svelte.ts');
    const { PlayerState } = await import('../../src/lib/state/player.svelte.ts');
    const { FakeEngine } = await import('./fake-engine.ts');
    const { parseEpisodeJson } = await import('../../src/lib/episode/validate.ts');
    const { readFileSync } = await import('node:fs');
    const parsed = parseEpisodeJson(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    localStorage.setItem('hark:position:kelsey-hightower', JSON.stringify({ t: 754.5 }));
    const session = new ListeningSession(parsed.value, new PlayerState(new FakeEngine()));
    expect(session.resumeAt).toBe(754.5);
    session.savePosition();
    expect(JSON.parse(localStorage.getItem('hark:position:kelsey-hightower')!)).toEqual({ t: 754.5 });
  });
});

describe('turn steps with a speaker filter', () => {
  it('skip the hidden speakers’ turns (finding 8)', () => {
    const { session } = setup();
    const kelsey = EPISODE.turns.map((t) => t.speaker === 'kelsey-hightower');
    session.stepTurn(1, kelsey);
    const first = session.activeTurn;
    expect(kelsey[first]).toBe(true);
    session.stepTurn(1, kelsey);
    expect(session.activeTurn).toBe(kelsey.indexOf(true, first + 1));
    session.stepTurn(-1, kelsey);
    expect(session.activeTurn).toBe(first);
    // Nothing shown before: stay.
    session.stepTurn(-1, kelsey);
    expect(session.activeTurn).toBe(first);
  });
});
