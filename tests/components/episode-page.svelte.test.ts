import { readFileSync } from 'node:fs';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Episode } from '../../src/lib/episode/types.ts';
import { parseEpisodeJson } from '../../src/lib/episode/validate.ts';
import { EpisodePage } from '../../src/lib/state/episode-page.svelte.ts';
import { FakeEngine } from './fake-engine.ts';

function load(): Episode {
  const r = parseEpisodeJson(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** A router that only records: the page keeps its URL through it, never through `history` itself. */
function fakeRouter(query = '') {
  const router = {
    route: { slug: 'kelsey-hightower' as string | null, params: new URLSearchParams(query) },
    replace: vi.fn((slug: string | null, params?: URLSearchParams) => {
      router.route = { slug, params: params ?? new URLSearchParams() };
    }),
  };
  return router;
}

let cleanup: (() => void) | undefined;
function open(query = '', episode = load()) {
  const router = fakeRouter(query);
  let page!: EpisodePage;
  cleanup = $effect.root(() => {
    page = new EpisodePage({ episode, engine: new FakeEngine(), router, params: new URLSearchParams(query) });
  });
  flushSync();
  return { page, router };
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

describe('EpisodePage', () => {
  it('keeps the search and filter in the URL through the router, and uses a moment once', () => {
    const { page, router } = open('t=75&q=raft');
    expect(page.player.position).toBe(75);
    expect(router.route.params.toString()).toBe('q=raft');
    page.reader.setQuery('kubernetes');
    page.reader.toggleSpeaker('beyang-liu');
    flushSync();
    expect(router.route.params.get('q')).toBe('kubernetes');
    expect(router.route.params.get('speakers')).toBe('kelsey-hightower');
  });

  it('runs shortcuts from the one table; turn steps skip hidden speakers', () => {
    const { page } = open();
    page.reader.toggleSpeaker('beyang-liu');
    page.onKeydown(new KeyboardEvent('keydown', { key: 'ArrowRight', shiftKey: true }));
    flushSync();
    expect(page.session.episode.turns[page.session.activeTurn]!.speaker).toBe('kelsey-hightower');
    page.onKeydown(new KeyboardEvent('keydown', { key: '>' }));
    expect(page.player.rate).toBe(1.25);
    expect(page.announcement).toBe('Speed 1.25×');
    page.onKeydown(new KeyboardEvent('keydown', { key: '?' }));
    expect(page.helpOpen).toBe(true);
  });

  it('loads opened audio paused at the saved place while "Resume" is on offer', async () => {
    localStorage.setItem('hark:position:kelsey-hightower', JSON.stringify({ t: 420 }));
    const { page } = open();
    expect(page.session.resumeAt).toBe(420);
    const urls = URL as unknown as Record<string, unknown>;
    const saved = urls.createObjectURL;
    urls.createObjectURL = () => 'blob:x';
    try {
      await page.openFiles([new File(['x'], 'kelsey.mp3', { type: 'audio/mpeg' })]);
    } finally {
      urls.createObjectURL = saved;
    }
    expect(page.player.position).toBe(420);
    expect(page.player.playing).toBe(false);
    expect(page.session.resumeAt).toBeNull();
    page.session.savePosition();
    expect(JSON.parse(localStorage.getItem('hark:position:kelsey-hightower')!)).toEqual({ t: 420 });
  });

  it('says what it cannot use among opened files', async () => {
    const { page } = open();
    await page.openFiles([new File(['x'], 'notes.txt', { type: 'text/plain' })]);
    expect(page.notice).toEqual({
      text: 'notes.txt: not audio or a timed transcript (.vtt, .srt, .json, .html) Hark can read.',
      problem: true,
    });
    page.dismissNotice();
    expect(page.notice).toBeNull();
  });
});
