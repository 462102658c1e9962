import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/lib/state/library.svelte.ts';

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
    ['nope', {}, 'No such episode', /There is no episode “nope” here\./],
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
    ['../secret', {}, 'No such episode', /is not an episode name/],
  ])('explains a failed load of %s', async (slug, files, title, message) => {
    const lib = new Library(fakeFetch(files as Record<string, string | Error | number>));
    await lib.loadEpisode(slug);
    expect(lib.episode.status).toBe('error');
    if (lib.episode.status !== 'error') return;
    expect(lib.episode.title).toBe(title);
    expect(lib.episode.message).toMatch(message);
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
