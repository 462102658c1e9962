import { readFileSync } from 'node:fs';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import EpisodeView from '../../src/lib/components/EpisodeView.svelte';
import { parseEpisodeJson } from '../../src/lib/episode/validate.ts';
import type { Episode } from '../../src/lib/episode/types.ts';
import { FakeEngine } from './fake-engine.ts';

function load(): Episode {
  const r = parseEpisodeJson(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** How many turns the episode has, and how many each speaker has: counted, not pinned. */
const TURNS = load().turns.length;
const turnsOf = (speaker: string): number => load().turns.filter((t) => t.speaker === speaker).length;

function view(props: { episode?: Episode; params?: URLSearchParams } = {}): { engine: FakeEngine } {
  const engine = new FakeEngine();
  render(EpisodeView, {
    episode: props.episode ?? load(),
    engine,
    ...(props.params && { params: props.params }),
  });
  return { engine };
}

const searchbox = (): HTMLInputElement =>
  screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search transcript' });
const counter = (): string => screen.getByRole('search').querySelector('[aria-live]')!.textContent!.trim();
const transcript = (): HTMLElement => screen.getByRole('region', { name: 'Transcript' });
const paragraphOf = (turn: number, paragraph: number): HTMLElement =>
  transcript().querySelector<HTMLElement>(`#turn-${turn} [data-paragraph="${paragraph}"]`)!;
const markTexts = (el: Element): string[] => [...el.querySelectorAll('mark')].map((m) => m.textContent ?? '');
const articles = (name?: RegExp): HTMLElement[] =>
  name ? screen.queryAllByRole('article', { name }) : screen.queryAllByRole('article');
const speakerToggle = (name: string): HTMLElement => screen.getByRole('button', { name });

beforeEach(() => {
  localStorage.clear();
  history.replaceState(null, '', '/');
});

describe('searching the transcript', () => {
  it('counts and marks the matches of a misspelt query', async () => {
    const user = userEvent.setup();
    view();
    expect(counter()).toBe('');
    await user.type(searchbox(), 'kubernets tatoo ');
    await tick();
    expect(counter()).toBe('2 matches');
    expect(markTexts(paragraphOf(41, 5))).toEqual(['Kubernetes', 'Kubernetes', 'tattoo']);
    expect(markTexts(paragraphOf(43, 0))).toEqual(['Kubernetes', 'tattoo']);
    // Only those two paragraphs are marked.
    expect(transcript().querySelectorAll('mark')).toHaveLength(5);
    expect(transcript().querySelectorAll('p:has(mark)')).toHaveLength(2);
    for (const m of transcript().querySelectorAll('mark')) expect(m).toHaveClass('search-mark');
    expect(location.hash).toContain('q=kubernets+tatoo');
  });

  it('says when nothing matches', async () => {
    const user = userEvent.setup();
    view();
    await user.type(searchbox(), 'zzqx ');
    expect(counter()).toBe('No matches');
    expect(screen.getByRole('button', { name: 'Next match' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Previous match' })).toBeDisabled();
    expect(screen.queryByRole('region', { name: 'Search results' })).toBeNull();
  });

  it('moves between matches with Enter, Shift+Enter and the buttons', async () => {
    const user = userEvent.setup();
    view();
    await user.type(searchbox(), 'kubernets tatoo ');
    const current = (): HTMLElement[] => [...transcript().querySelectorAll<HTMLElement>('p.current-match')];
    expect(current()).toEqual([]);
    await user.keyboard('{Enter}');
    expect(counter()).toBe('1 of 2');
    expect(current()).toEqual([paragraphOf(41, 5)]);
    await user.keyboard('{Enter}');
    expect(counter()).toBe('2 of 2');
    expect(current()).toEqual([paragraphOf(43, 0)]);
    await user.click(screen.getByRole('button', { name: 'Next match' }));
    expect(counter()).toBe('1 of 2');
    await user.click(screen.getByRole('button', { name: 'Previous match' }));
    expect(counter()).toBe('2 of 2');
    await user.click(screen.getByRole('button', { name: 'Previous match' }));
    expect(counter()).toBe('1 of 2');
    await user.click(searchbox());
    await user.keyboard('{Shift>}{Enter}{/Shift}');
    expect(counter()).toBe('2 of 2');
    await user.keyboard('{Shift>}{Enter}{/Shift}');
    expect(counter()).toBe('1 of 2');
    // Enter doesn't add to the query.
    expect(searchbox().value).toBe('kubernets tatoo ');
  });

  it('clears the search with Escape', async () => {
    const user = userEvent.setup();
    view();
    await user.type(searchbox(), 'kubernets tatoo');
    await user.keyboard('{Enter}');
    expect(transcript().querySelectorAll('mark').length).toBeGreaterThan(0);
    await user.keyboard('{Escape}');
    await tick();
    expect(searchbox().value).toBe('');
    expect(counter()).toBe('');
    expect(transcript().querySelectorAll('mark')).toHaveLength(0);
    expect(transcript().querySelectorAll('.current-match')).toHaveLength(0);
    expect(screen.queryByRole('region', { name: 'Search results' })).toBeNull();
    expect(location.hash).not.toContain('q=');
  });

  it('updates the marks as the query changes', async () => {
    const user = userEvent.setup();
    view();
    await user.type(searchbox(), 'tattoo');
    expect(transcript().querySelectorAll('mark')).toHaveLength(2);
    await user.clear(searchbox());
    await user.type(searchbox(), 'raft protocl etcd');
    expect(markTexts(transcript())).toEqual(['etcd', 'Raft', 'protocol']);
    expect(transcript().querySelector('mark mark')).toBeNull();
  });
});

describe('search results', () => {
  it('lists speaker, time and a snippet with the matched words', async () => {
    const user = userEvent.setup();
    view();
    await user.type(searchbox(), 'raft protocl etcd');
    const results = screen.getByRole('region', { name: 'Search results' });
    expect(within(results).getByRole('heading')).toHaveTextContent('1 match');
    const items = within(results).getAllByRole('listitem');
    expect(items).toHaveLength(1);
    const item = items[0]!;
    expect(item).toHaveTextContent(/^Kelsey Hightower\s*≈ \d+:\d\d/);
    expect(item).toHaveTextContent(/live demo of etcd and how the Raft protocol behaves/);
    expect(markTexts(item)).toEqual(['etcd', 'Raft', 'protocol']);
  });

  it('counts the matches and lists them best first', async () => {
    const user = userEvent.setup();
    view();
    await user.type(searchbox(), 'kubernets tatoo');
    const results = screen.getByRole('region', { name: 'Search results' });
    expect(within(results).getByRole('heading')).toHaveTextContent('2 matches');
    const items = within(results).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent(/Hopefully you don't have a Kubernetes tattoo/);
    expect(items[1]).toHaveTextContent(/don't go out and get a Kubernetes tattoo/);
  });

  it('jumps to a result', async () => {
    const user = userEvent.setup();
    view();
    await user.type(searchbox(), 'kubernets tatoo');
    const second = within(screen.getByRole('region', { name: 'Search results' })).getAllByRole(
      'listitem',
    )[1]!;
    await user.click(within(second).getAllByRole('button')[0]!);
    expect(counter()).toBe('2 of 2');
    expect(paragraphOf(43, 0)).toHaveClass('current-match');
  });

  it('plays from a result', async () => {
    const user = userEvent.setup();
    const { engine } = view();
    const player = screen.getByRole('region', { name: 'Player' });
    expect(within(player).getByRole('button', { name: 'Play' })).toBeInTheDocument();
    await user.type(searchbox(), 'raft protocl etcd');
    await user.click(screen.getByRole('button', { name: 'Play from here' }));
    expect(engine.playing()).toBe(true);
    expect(engine.position()).toBeGreaterThan(0);
    expect(within(player).getByRole('button', { name: 'Pause' })).toBeInTheDocument();
    expect(within(player).queryByRole('button', { name: 'Play' })).toBeNull();
    expect(counter()).toBe('1 of 1');
    // The playing turn is the result's.
    expect(transcript().querySelector('article[aria-current="true"]')).toBe(
      transcript().querySelector('#turn-27'),
    );
  });
});

describe('speaker filter', () => {
  it('hides a speaker’s turns behind dividers that open in place', async () => {
    const user = userEvent.setup();
    view();
    const kelsey = speakerToggle('Kelsey Hightower');
    expect(kelsey).toHaveAttribute('aria-pressed', 'true');
    expect(speakerToggle('Beyang Liu')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'All speakers' })).toBeDisabled();
    await user.click(kelsey);
    expect(kelsey).toHaveAttribute('aria-pressed', 'false');
    expect(articles()).toHaveLength(turnsOf('beyang-liu'));
    expect(articles(/^Kelsey Hightower/)).toHaveLength(0);
    expect(location.hash).toContain('speakers=beyang-liu');
    const dividers = screen.getAllByRole('button', { name: '1 turn hidden' });
    expect(dividers).toHaveLength(turnsOf('kelsey-hightower'));
    const first = dividers[0]!;
    expect(first).toHaveAttribute('aria-expanded', 'false');
    await user.click(first);
    expect(first).toHaveAttribute('aria-expanded', 'true');
    expect(first).toHaveTextContent('Hide 1 turn again');
    expect(articles(/^Kelsey Hightower/)).toHaveLength(1);
    // The opened turn comes right after its divider.
    expect(first.parentElement!.nextElementSibling).toBe(transcript().querySelector('#turn-1'));
    await user.click(first);
    expect(first).toHaveAttribute('aria-expanded', 'false');
    expect(articles(/^Kelsey Hightower/)).toHaveLength(0);
  });

  it('counts the turns of a longer hidden run', async () => {
    const user = userEvent.setup();
    const episode = load();
    episode.turns = episode.turns.map((t, i) => ({
      ...t,
      speaker: i % 5 < 2 ? 'beyang-liu' : 'kelsey-hightower',
    }));
    view({ episode });
    await user.click(speakerToggle('Kelsey Hightower'));
    const dividers = screen.getAllByRole('button', { name: '3 turns hidden' });
    expect(dividers).toHaveLength(10);
    await user.click(dividers[0]!);
    expect(dividers[0]).toHaveTextContent('Hide 3 turns again');
    expect(articles(/^Kelsey Hightower/)).toHaveLength(3);
    expect(articles()).toHaveLength(23);
  });

  it('keeps one speaker visible', async () => {
    const user = userEvent.setup();
    view();
    await user.click(speakerToggle('Kelsey Hightower'));
    await user.click(speakerToggle('Beyang Liu'));
    expect(speakerToggle('Beyang Liu')).toHaveAttribute('aria-pressed', 'true');
    expect(articles()).toHaveLength(turnsOf('beyang-liu'));
  });

  it('shows only one speaker, then all again', async () => {
    const user = userEvent.setup();
    view();
    await user.click(screen.getByRole('button', { name: 'Only Kelsey Hightower' }));
    expect(articles()).toHaveLength(turnsOf('kelsey-hightower'));
    expect(articles(/^Kelsey Hightower/)).toHaveLength(turnsOf('kelsey-hightower'));
    expect(speakerToggle('Beyang Liu')).toHaveAttribute('aria-pressed', 'false');
    expect(speakerToggle('Kelsey Hightower')).toHaveAttribute('aria-pressed', 'true');
    expect(location.hash).toContain('speakers=kelsey-hightower');
    const all = screen.getByRole('button', { name: 'All speakers' });
    expect(all).toBeEnabled();
    await user.click(all);
    expect(articles()).toHaveLength(TURNS);
    expect(screen.queryAllByRole('button', { name: /turns? hidden$/ })).toHaveLength(0);
    expect(all).toBeDisabled();
    expect(location.hash).not.toContain('speakers=');
  });

  it('searches only the shown speakers', async () => {
    const user = userEvent.setup();
    view();
    await user.click(speakerToggle('Kelsey Hightower'));
    await user.type(searchbox(), 'tattoo');
    expect(counter()).toBe('No matches');
    await user.click(screen.getByRole('button', { name: 'All speakers' }));
    expect(counter()).toBe('2 matches');
    expect(transcript().querySelectorAll('mark')).toHaveLength(2);
  });
});

describe('opening a shared search', () => {
  it('starts with the search and the speaker filter from the URL', async () => {
    view({ params: new URLSearchParams('q=tattoo&speakers=kelsey') });
    await tick();
    expect(searchbox().value).toBe('tattoo');
    expect(counter()).toBe('2 matches');
    expect(speakerToggle('Beyang Liu')).toHaveAttribute('aria-pressed', 'false');
    expect(speakerToggle('Kelsey Hightower')).toHaveAttribute('aria-pressed', 'true');
    expect(articles()).toHaveLength(turnsOf('kelsey-hightower'));
    expect(articles(/^Beyang Liu/)).toHaveLength(0);
    expect(markTexts(paragraphOf(41, 5))).toEqual(['tattoo']);
    expect(markTexts(paragraphOf(43, 0))).toEqual(['tattoo']);
    expect(screen.getByRole('region', { name: 'Search results' })).toBeInTheDocument();
  });

  it('ignores speakers it does not know', async () => {
    view({ params: new URLSearchParams('speakers=nobody') });
    await tick();
    expect(articles()).toHaveLength(TURNS);
    expect(speakerToggle('Beyang Liu')).toHaveAttribute('aria-pressed', 'true');
  });
});
