// Any error while an episode is being shown (here: rendering a paragraph throws, as marked did on deeply
// nested markdown) shows the error view with what went wrong, not an endless "Loading the episode…".
import { readFileSync } from 'node:fs';
import { render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/lib/markdown/lazy.svelte.ts', () => ({
  loadMarkdown: () => Promise.resolve(),
  markdownReady: () => true,
  paragraphHtml: () => {
    throw new RangeError('Maximum call stack size exceeded');
  },
  markdownHtml: () => '',
}));

const { default: App } = await import('../../src/App.svelte');

describe('App', () => {
  beforeEach(() => {
    const episode = {
      ...JSON.parse(readFileSync('episodes/kelsey-hightower.json', 'utf8')),
      audio: undefined,
    };
    const index = readFileSync('episodes/index.json', 'utf8');
    vi.stubGlobal('fetch', async (url: string) =>
      url.endsWith('index.json')
        ? new Response(index, { status: 200 })
        : new Response(JSON.stringify(episode), { status: 200 }),
    );
    vi.spyOn(console, 'error').mockImplementation(() => {});
    history.replaceState(null, '', '/#/kelsey-hightower');
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('shows the error view, with the error, when showing an episode throws', async () => {
    render(App);
    expect(
      await screen.findByRole('heading', { name: 'This episode could not be shown' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Maximum call stack size exceeded');
    expect(screen.queryByText('Loading the episode…')).toBeNull();
  });
});
