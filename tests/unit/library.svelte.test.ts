import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { Episode } from '../../src/lib/episode/types.ts';
import { parseEpisodeJson } from '../../src/lib/episode/validate.ts';
import { Library } from '../../src/lib/state/library.svelte.ts';
import type { LocalEpisodeStore } from '../../src/lib/state/local-episodes.ts';

const EPISODE = readFileSync('episodes/kelsey-hightower.json', 'utf8');
const INDEX = readFileSync('episodes/index.json', 'utf8');

function fakeFetch(files: Record<string, string | Error | number>): (url: string) => Promise<Response> {
  return async (url) => {
    const f = files[url];
    if (f instanceof Error) throw f;
    if (typeof f === 'number') return new Response('', { status: f });
    if (f === undefined) return new Response('not found', { status: 404 });
    return new Response(f, { status: 200 });
  };
}

describe('Library', () => {
  it('loads the index and an episode', async () => {
    const lib = new Library(
      fakeFetch({ 'episodes/index.json': INDEX, 'episodes/kelsey-hightower.json': EPISODE }),
    );
    await lib.loadIndex();
    expect(lib.index.status === 'ready' && lib.index.value.map((e) => e.slug)).toEqual(['kelsey-hightower']);
    await lib.loadEpisode('kelsey-hightower');
    expect(lib.episode.status === 'ready' && lib.episode.value.turns.length).toBe(
      JSON.parse(EPISODE).turns.length,
    );
  });

  it.each([
    [
      'x',
      { 'episodes/x.json': new TypeError('Failed to fetch') },
      'The episode could not be loaded',
      /offline/,
    ],
    ['x', { 'episodes/x.json': 500 }, 'The episode could not be loaded', /answered 500/],
    ['x', { 'episodes/x.json': '{"format": "hark-ep' }, 'This episode file is damaged', /not valid JSON/],
    [
      'x',
      { 'episodes/x.json': '{"format":"hark-episode/9"}' },
      'This episode file is damaged',
      /unsupported version/,
    ],
  ])('explains a failed load of %s', async (slug, files, title, message) => {
    const lib = new Library(fakeFetch(files as Record<string, string | Error | number>));
    await lib.loadEpisode(slug);
    expect(lib.episode.status).toBe('error');
    if (lib.episode.status !== 'error') return;
    expect(lib.episode.title).toBe(title);
    expect(lib.episode.message).toMatch(message);
  });

  it.each([
    ['an episode the server does not have', 'nope', {}],
    ['a name that is not an episode name', '../secret', {}],
    ['a host answering with the app page', 'nope', { 'episodes/nope.json': '<!doctype html><html></html>' }],
    ['a local episode this device does not keep', 'local-talk', {}],
  ])('says there is no such episode for %s, rather than calling it damaged', async (_, slug, files) => {
    const lib = new Library(fakeFetch(files as Record<string, string>));
    await lib.loadEpisode(slug);
    expect(lib.episode).toEqual({ status: 'missing', slug });
  });

  it('keeps local episodes on the device, lists them, opens them after a reload and removes them', async () => {
    const rows = new Map<string, { episode: Episode; audioName: string | null }>();
    const device: LocalEpisodeStore = {
      list: async () =>
        [...rows.values()].map((r) => ({
          slug: r.episode.slug,
          title: r.episode.title,
          turns: r.episode.turns.length,
          audioName: r.audioName,
          savedAt: 1,
        })),
      get: async (slug) => rows.get(slug) ?? null,
      put: async (episode, audioName) => void rows.set(episode.slug, { episode, audioName }),
      remove: async (slug) => void rows.delete(slug),
    };
    const parsed = parseEpisodeJson(EPISODE);
    if (!parsed.ok) throw new Error(parsed.error);
    const first = new Library(fakeFetch({}), 'episodes/', device);
    const slug = first.addLocal({ ...parsed.value, slug: 'talk' }, 'talk.mp3');
    expect(slug).toBe('local-talk');
    await vi.waitFor(() => expect(first.localEpisodes.map((l) => l.slug)).toEqual(['local-talk']));

    const reloaded = new Library(fakeFetch({}), 'episodes/', device);
    await reloaded.loadEpisode('local-talk');
    expect(reloaded.episode.status === 'ready' && reloaded.episode.value.turns.length).toBe(50);
    expect(reloaded.audioNameOf('local-talk')).toBe('talk.mp3');
    await reloaded.removeLocal('local-talk');
    expect(rows.size).toBe(0);
    await reloaded.loadLocalList();
    expect(reloaded.localEpisodes).toEqual([]);
  });

  it('explains a damaged index', async () => {
    const lib = new Library(fakeFetch({ 'episodes/index.json': '[]' }));
    await lib.loadIndex();
    expect(lib.index.status === 'error' && lib.index.message).toMatch(/not a Hark index/);
  });
});

describe('Library and very large files', () => {
  it('refuses an episode file larger than it opens, by its declared length or its text', async () => {
    const { MAX_EPISODE_BYTES } = await import('../../src/lib/state/library.svelte.ts');
    const declared = new Library(
      async () =>
        new Response('{}', { status: 200, headers: { 'content-length': String(50 * 1024 * 1024) } }),
    );
    await declared.loadEpisode('huge');
    expect(declared.episode.status === 'error' && declared.episode.message).toBe(
      'The episode “huge” is 50 MB: Hark opens episode files up to 20 MB.',
    );
    const undeclared = new Library(
      async () => new Response('x'.repeat(MAX_EPISODE_BYTES + 1), { status: 200 }),
    );
    await undeclared.loadEpisode('big');
    expect(undeclared.episode.status === 'error' && undeclared.episode.message).toMatch(
      /is 20\.0 MB|is 20 MB/,
    );
  });
});
