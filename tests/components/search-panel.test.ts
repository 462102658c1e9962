// The search results open as a panel under the field: how it opens, closes and what the counter says.
import { readFileSync } from 'node:fs';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import EpisodeView from '../../src/lib/components/EpisodeView.svelte';
import { parseEpisodeJson } from '../../src/lib/episode/validate.ts';
import { FakeEngine } from './fake-engine.ts';

function view(): void {
  const r = parseEpisodeJson(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
  if (!r.ok) throw new Error(r.error);
  render(EpisodeView, { episode: r.value, engine: new FakeEngine() });
}

const searchbox = (): HTMLInputElement =>
  screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search transcript' });
const counter = (): string => screen.getByRole('search').querySelector('[aria-live]')!.textContent!.trim();
/** Puts a query in the field at once (typing it key by key is slow on a loaded machine). */
async function search(user: ReturnType<typeof userEvent.setup>, query: string): Promise<void> {
  await user.clear(searchbox());
  await user.paste(query);
}
const results = (): HTMLElement | null => screen.queryByRole('region', { name: 'Search results' });

beforeEach(() => {
  localStorage.clear();
  history.replaceState(null, '', '/');
});

describe('the search results panel', () => {
  it('counts the matches until one is chosen, then says which one it is', async () => {
    const user = userEvent.setup();
    view();
    await search(user, 'raft protocl etcd');
    expect(counter()).toBe('1 match');
    await search(user, 'kubernets tatoo');
    expect(counter()).toBe('2 matches');
    expect(results()).not.toBeNull();
    await user.keyboard('{Enter}');
    expect(counter()).toBe('1 of 2');
  });

  it('sits under the search field, and closes when a match is chosen so the match can be seen', async () => {
    const user = userEvent.setup();
    view();
    await search(user, 'kubernets tatoo');
    // In the same box as the field, which stays on screen at any scroll.
    expect(searchbox().closest('.search-box')!.contains(results())).toBe(true);
    const second = within(results()!).getAllByRole('listitem')[1]!;
    await user.click(within(second).getAllByRole('button')[0]!);
    expect(counter()).toBe('2 of 2');
    expect(results()).toBeNull();
    // Back in the field, the results are there again.
    await user.click(searchbox());
    expect(results()).not.toBeNull();
    await user.keyboard('{Enter}');
    expect(results()).toBeNull();
  });

  it('closes with Escape, keeping the search; a second Escape clears it', async () => {
    const user = userEvent.setup();
    view();
    await search(user, 'kubernets tatoo');
    await user.keyboard('{Escape}');
    expect(results()).toBeNull();
    expect(searchbox().value).toBe('kubernets tatoo');
    expect(counter()).toBe('2 matches');
    await user.type(searchbox(), ' ');
    expect(results()).not.toBeNull();
    await user.keyboard('{Escape}{Escape}');
    expect(searchbox().value).toBe('');
    expect(counter()).toBe('');
  });

  it('goes into the results with the down arrow, and back to the field with Escape', async () => {
    const user = userEvent.setup();
    view();
    await search(user, 'kubernets tatoo');
    await user.keyboard('{ArrowDown}');
    const [first, second] = within(results()!).getAllByRole('listitem');
    expect(document.activeElement).toBe(within(first!).getAllByRole('button')[0]);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(within(second!).getAllByRole('button')[0]);
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(document.activeElement).toBe(searchbox());
    await user.keyboard('{ArrowDown}');
    await user.keyboard('{Escape}');
    expect(results()).toBeNull();
    expect(document.activeElement).toBe(searchbox());
  });

  it('closes with its own button, and when the reader clicks elsewhere', async () => {
    const user = userEvent.setup();
    view();
    await search(user, 'kubernets tatoo');
    await user.click(screen.getByRole('button', { name: 'Close search results' }));
    expect(results()).toBeNull();
    expect(document.activeElement).toBe(searchbox());
    await user.type(searchbox(), ' ');
    expect(results()).not.toBeNull();
    await user.click(screen.getByRole('region', { name: 'Transcript' }));
    expect(results()).toBeNull();
    expect(searchbox().value).toBe('kubernets tatoo ');
    // Tabbing on past the results closes them too.
    await user.click(searchbox());
    expect(results()).not.toBeNull();
    const buttons = within(results()!).getAllByRole('button');
    buttons.at(-1)!.focus();
    await user.tab();
    expect(results()).toBeNull();
  });
});

describe('the times in the search results', () => {
  it('shows a paragraph’s known time without "≈", and an estimate with it', async () => {
    const r = parseEpisodeJson(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
    if (!r.ok) throw new Error(r.error);
    const episode = {
      ...r.value,
      audio: null,
      turns: [
        { speaker: r.value.speakers[0]!.id, paragraphs: ['Welcome aboard.', 'Zeppelins fly slowly.'] },
        { speaker: r.value.speakers[1]!.id, paragraphs: ['Zeppelins again, later on.'] },
      ],
      // The second paragraph of the first turn starts at a known time (a timed transcript's cue).
      anchors: [{ turn: 0, paragraph: 1, time: 42, source: 'transcript' as const }],
    };
    const user = userEvent.setup();
    render(EpisodeView, { episode, engine: new FakeEngine() });
    await search(user, 'zeppelins');
    const times = within(results()!)
      .getAllByRole('listitem')
      .map((li) => li.querySelector('.when')!.textContent!.trim());
    expect(times).toHaveLength(2);
    expect(times).toContain('0:42');
    expect(times.filter((t) => t.startsWith('≈ '))).toHaveLength(1);
  });
});
