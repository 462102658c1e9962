import { readFileSync } from 'node:fs';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import EpisodeView from '../../src/lib/components/EpisodeView.svelte';
import { parseClock } from '../../src/lib/episode/text.ts';
import { parseEpisodeJson } from '../../src/lib/episode/validate.ts';
import type { Episode } from '../../src/lib/episode/types.ts';
import { FakeEngine } from './fake-engine.ts';

function load(): Episode {
  const r = parseEpisodeJson(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function view(episode: Episode = load()): { engine: FakeEngine } {
  const engine = new FakeEngine();
  render(EpisodeView, { episode, engine });
  return { engine };
}

/** Plays `seconds` of audio and lets the player read the new position. */
async function listen(engine: FakeEngine, seconds: number): Promise<void> {
  engine.advance(seconds);
  engine.emit({ type: 'seek' });
  await tick();
}

const seekSlider = (): HTMLInputElement => screen.getByRole<HTMLInputElement>('slider', { name: 'Seek' });

/** The time button of turn `i` ("Jump to about 12:34"). */
const timeButton = (i: number): HTMLElement =>
  within(screen.getAllByRole('article')[i]!).getByRole('button', { name: /^Jump to/ });

/** Seconds shown by a turn's time button, and whether it is an estimate. */
function shownStart(i: number): { seconds: number; estimated: boolean } {
  const text = timeButton(i).textContent!.trim();
  const seconds = parseClock(text.replace(/^≈\s*/, ''));
  if (seconds === undefined) throw new Error(`not a time: ${text}`);
  return { seconds, estimated: text.startsWith('≈') };
}

function currentArticles(): HTMLElement[] {
  return screen.getAllByRole('article').filter((a) => a.getAttribute('aria-current') === 'true');
}

beforeEach(() => {
  localStorage.clear();
});

describe('Player', () => {
  it('has named controls', () => {
    view();
    const player = screen.getByRole('region', { name: 'Player' });
    for (const name of [
      'Play',
      'Skip back 15 seconds',
      'Skip forward 30 seconds',
      'Open a local audio file',
      'Keyboard shortcuts',
    ]) {
      expect(within(player).getByRole('button', { name })).toBeInTheDocument();
    }
    expect(within(player).getByRole('button', { name: 'Play' })).toBeEnabled();
    expect(seekSlider()).toHaveAttribute('aria-valuetext', '0:00 of 1:00:00');
    const speed = within(player).getByRole<HTMLSelectElement>('combobox', { name: 'Playback speed' });
    expect(speed.value).toBe('1');
    expect(
      within(speed)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['0.75×', '1×', '1.25×', '1.5×', '1.75×', '2×']);
  });

  it('plays and pauses', async () => {
    const { engine } = view();
    await fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(engine.playing()).toBe(true);
    const pause = screen.getByRole('button', { name: 'Pause' });
    expect(screen.queryByRole('button', { name: 'Play' })).toBeNull();
    await fireEvent.click(pause);
    expect(engine.playing()).toBe(false);
    expect(screen.getByRole('button', { name: 'Play' })).toBeInTheDocument();
  });

  it('highlights the turn being spoken as time goes on', async () => {
    const { engine } = view();
    expect(currentArticles()).toHaveLength(0);
    await fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    const articles = screen.getAllByRole('article');
    expect(currentArticles()).toEqual([articles[0]]);

    await listen(engine, 65);
    expect(seekSlider()).toHaveAttribute('aria-valuetext', '1:05 of 1:00:00');
    expect(seekSlider().value).toBe('65');

    await listen(engine, 1800 - 65);
    const [current] = currentArticles();
    expect(currentArticles()).toHaveLength(1);
    const i = articles.indexOf(current!);
    expect(i).toBeGreaterThan(0);
    // The highlighted turn is the one whose (shown) start is the last before 30:00.
    expect(shownStart(i).seconds).toBeLessThanOrEqual(1800);
    expect(shownStart(i + 1).seconds).toBeGreaterThanOrEqual(1800);

    await listen(engine, 1000);
    const later = articles.indexOf(currentArticles()[0]!);
    expect(later).toBeGreaterThan(i);
  });

  it('moves the slider with the skip buttons', async () => {
    view();
    await fireEvent.click(screen.getByRole('button', { name: 'Skip forward 30 seconds' }));
    expect(seekSlider().value).toBe('30');
    expect(seekSlider()).toHaveAttribute('aria-valuetext', '0:30 of 1:00:00');
    await fireEvent.click(screen.getByRole('button', { name: 'Skip forward 30 seconds' }));
    expect(seekSlider().value).toBe('60');
    await fireEvent.click(screen.getByRole('button', { name: 'Skip back 15 seconds' }));
    expect(seekSlider().value).toBe('45');
    expect(seekSlider()).toHaveAttribute('aria-valuetext', '0:45 of 1:00:00');
    for (let k = 0; k < 4; k++)
      await fireEvent.click(screen.getByRole('button', { name: 'Skip back 15 seconds' }));
    expect(seekSlider().value).toBe('0');
  });

  it('seeks with the slider', async () => {
    const { engine } = view();
    await fireEvent.input(seekSlider(), { target: { value: '1234' } });
    expect(engine.position()).toBe(1234);
    expect(seekSlider()).toHaveAttribute('aria-valuetext', '20:34 of 1:00:00');
    expect(currentArticles()).toHaveLength(1);
  });

  it('changes and remembers the speed', async () => {
    const { engine } = view();
    const speed = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Playback speed' });
    await fireEvent.change(speed, { target: { value: '1.5' } });
    expect(engine.rate).toBe(1.5);
    expect(JSON.parse(localStorage.getItem('hark:settings')!)).toMatchObject({ rate: 1.5 });
  });

  it('takes keyboard shortcuts on the page', async () => {
    const { engine } = view();
    await fireEvent.keyDown(window, { key: 'k' });
    expect(engine.playing()).toBe(true);
    await fireEvent.keyDown(window, { key: 'l' });
    expect(seekSlider().value).toBe('30');
    await fireEvent.keyDown(window, { key: '>' });
    expect(engine.rate).toBe(1.25);
    await fireEvent.keyDown(window, { key: ' ' });
    expect(engine.playing()).toBe(false);
  });

  it('shows an engine error as an alert and disables Play', async () => {
    const { engine } = view();
    expect(screen.queryByRole('alert')).toBeNull();
    engine.fail('unreachable');
    await tick();
    expect(screen.getByRole('alert')).toHaveTextContent('audio server can’t be reached');
    expect(screen.getByRole('alert')).toHaveTextContent('Open a local copy');
    expect(screen.getByRole('button', { name: 'Play' })).toBeDisabled();
  });

  it('keeps Play working when the browser blocked autoplay', async () => {
    const { engine } = view();
    engine.fail('blocked', 'play');
    await tick();
    expect(screen.getByRole('alert')).toHaveTextContent('Press Play to start');
    await fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(engine.playing()).toBe(true);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('re-flows later turns when a turn is synced', async () => {
    const { engine } = view();
    await fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    await listen(engine, 100);
    // At 1:40 the estimate is still in the first turns: turn 20 is far ahead.
    const playing = screen
      .getAllByRole('article')
      .findIndex((a) => a.getAttribute('aria-current') === 'true');
    expect(playing).toBeGreaterThanOrEqual(0);
    expect(playing).toBeLessThan(10);
    const before = [5, 20, 21, 30, 45].map(shownStart);
    expect(before.every((s) => s.estimated)).toBe(true);
    expect(before[1]!.seconds).toBeGreaterThan(300);
    expect(timeButton(20)).toHaveAccessibleName(/^Jump to about /);

    const article = screen.getAllByRole('article')[20]!;
    await fireEvent.click(within(article).getByRole('button', { name: 'Sync here' }));

    // The synced turn starts now (less the reaction allowance): its start is exact, shown without "≈".
    expect(article).toHaveAttribute('aria-current', 'true');
    expect(currentArticles()).toEqual([article]);
    expect(within(article).getByText('synced')).toBeInTheDocument();
    const synced = shownStart(20);
    expect(synced.estimated).toBe(false);
    expect(synced.seconds).toBe(99);
    expect(timeButton(20)).toHaveAccessibleName('Jump to 1:39');
    expect(article).toHaveAccessibleName(/, at 1 minute 39 seconds$/);
    // Earlier turns squeeze in before it, later turns re-flow after it.
    const after = [5, 21, 30, 45].map(shownStart);
    expect(after.every((s) => s.estimated)).toBe(true);
    expect(after[0]!.seconds).toBeLessThan(before[0]!.seconds);
    expect(after[1]!.seconds).toBeGreaterThan(99);
    expect(after[1]!.seconds).toBeLessThan(before[2]!.seconds);
    expect(after[2]!.seconds).not.toBe(before[3]!.seconds);
    expect(after[3]!.seconds).not.toBe(before[4]!.seconds);
    const points = screen.getByRole('region', { name: 'Your sync points' });
    expect(points).toHaveTextContent('1:39');
    expect(within(points).getByRole('button', { name: 'Remove sync point at 1:39' })).toBeInTheDocument();
    expect(JSON.parse(localStorage.getItem('hark:anchors:kelsey-hightower')!)).toEqual([
      { turn: 20, paragraph: 0, offset: 0, time: 99.5 },
    ]);

    await fireEvent.click(within(points).getByRole('button', { name: 'Remove sync point at 1:39' }));
    expect([5, 20, 21, 30, 45].map(shownStart)).toEqual(before);
    expect(screen.getAllByRole('article')[playing]).toHaveAttribute('aria-current', 'true');
    expect(within(article).queryByText('synced')).toBeNull();
    expect(within(points).queryByRole('list')).toBeNull();
  });

  it('jumps to a turn from its time button', async () => {
    const { engine } = view();
    await fireEvent.click(timeButton(20));
    expect(engine.playing()).toBe(true);
    expect(Math.abs(engine.position() - shownStart(20).seconds)).toBeLessThan(1);
    expect(screen.getAllByRole('article')[20]).toHaveAttribute('aria-current', 'true');
  });

  it('opens and closes the keyboard shortcuts dialog', async () => {
    view();
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Keyboard shortcuts' }));
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog).toHaveAttribute('open');
    expect(dialog).toHaveTextContent('Play or pause');
    expect(within(dialog).getByRole('button', { name: 'Close' })).toBeInTheDocument();
    // The browser closes it (Close, Esc); jsdom cannot submit method="dialog" forms, so close it directly.
    (dialog as HTMLDialogElement).close();
    await tick();
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull();
    await fireEvent.keyDown(window, { key: '?' });
    expect(await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveAttribute('open');
  });

  it('lists chapters, seeks to one and shows the current chapter', async () => {
    const episode = {
      ...load(),
      chapters: [
        { title: 'Intro', start: 0 },
        { title: 'Kubernetes', start: 600 },
      ],
    };
    view(episode);
    const chapters = screen.getByRole('heading', { name: 'Chapters' }).closest('details')!;
    const buttons = within(chapters).getAllByRole('button');
    expect(buttons.map((b) => b.textContent!.replace(/\s+/g, ' ').trim())).toEqual([
      '0:00 Intro',
      '10:00 Kubernetes',
    ]);
    expect(screen.getByLabelText('Current chapter')).toHaveTextContent('Intro');

    await fireEvent.click(within(chapters).getByRole('button', { name: /Kubernetes/ }));
    expect(seekSlider().value).toBe('600');
    expect(seekSlider()).toHaveAttribute('aria-valuetext', '10:00 of 1:00:00');
    expect(screen.getByLabelText('Current chapter')).toHaveTextContent('Kubernetes');

    await fireEvent.click(within(chapters).getByRole('button', { name: /Intro/ }));
    expect(seekSlider().value).toBe('0');
    expect(screen.getByLabelText('Current chapter')).toHaveTextContent('Intro');
  });

  it('has no chapter list or current chapter without chapters', () => {
    view();
    expect(screen.queryByRole('heading', { name: 'Chapters' })).toBeNull();
    expect(screen.queryByLabelText('Current chapter')).toBeNull();
  });
});
