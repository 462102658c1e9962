import { readFileSync } from 'node:fs';
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import EpisodeView from '../../src/lib/components/EpisodeView.svelte';
import ErrorView from '../../src/lib/components/ErrorView.svelte';
import { parseEpisodeJson } from '../../src/lib/episode/validate.ts';
import type { Episode } from '../../src/lib/episode/types.ts';
import { FakeEngine } from './fake-engine.ts';

function load(): Episode {
  const r = parseEpisodeJson(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('EpisodeView', () => {
  it('shows the title, date, speakers and every turn as a named article', () => {
    render(EpisodeView, { episode: load(), engine: new FakeEngine() });
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(
      'Episode 16: Kelsey Hightower, Kubernetes and Google Cloud',
    );
    expect(screen.getByText('16 December 2020')).toBeInTheDocument();
    const speakers = within(screen.getByRole('list', { name: 'Speakers' })).getAllByRole('listitem');
    expect(speakers.map((li) => li.textContent)).toEqual(['Beyang Liu', 'Kelsey Hightower']);
    const episode = load();
    const by = (speaker: string): number => episode.turns.filter((t) => t.speaker === speaker).length;
    const turns = screen.getAllByRole('article');
    expect(turns).toHaveLength(episode.turns.length);
    expect(screen.getAllByRole('article', { name: /^Beyang Liu/ })).toHaveLength(by('beyang-liu'));
    expect(screen.getAllByRole('article', { name: /^Kelsey Hightower/ })).toHaveLength(
      by('kelsey-hightower'),
    );
    expect(turns.reduce((n, t) => n + t.querySelectorAll('p').length, 0)).toBe(
      episode.turns.reduce((n, t) => n + t.paragraphs.length, 0),
    );
  });

  it('renders show notes with links that open safely in a new tab', () => {
    render(EpisodeView, { episode: load(), engine: new FakeEngine() });
    const notes = screen.getByRole('link', { name: 'Raft protocol' });
    expect(notes).toHaveAttribute('href', 'https://raft.github.io/');
    expect(notes).toHaveAttribute('target', '_blank');
    expect(notes).toHaveAttribute('rel', 'noopener noreferrer');
    const described = screen.getByRole('link', { name: /^Kubernetes The Hard\s+Way$/ });
    expect(described).toHaveAttribute('rel', 'noopener noreferrer');
  });

  it('sanitizes hostile markdown in turns, notes and names', () => {
    const e = load();
    e.speakers[0]!.name = '<img src=x onerror="window.__pwned=1">Beyang';
    e.turns[0]!.paragraphs = [
      'Hi <script>window.__pwned=1</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>',
    ];
    e.description = '<iframe srcdoc="<script>alert(1)</script>"></iframe> **ok**';
    const { container } = render(EpisodeView, { episode: e, engine: new FakeEngine() });
    expect(container.querySelector('script, iframe, img')).toBeNull();
    for (const el of container.querySelectorAll('*')) {
      for (const attr of el.attributes) expect(attr.name).not.toMatch(/^on/);
    }
    for (const a of container.querySelectorAll('a[href]'))
      expect(a.getAttribute('href')).toMatch(/^(https?:|#)/);
    expect(screen.getAllByRole('article')[0]).toHaveTextContent('Hi');
    expect(screen.getAllByRole('article')[0]).toHaveAccessibleName(/^<img src=x/);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('says plainly when there is no audio, and links a video', () => {
    const e = {
      ...load(),
      audio: null,
      video: { url: 'https://www.youtube.com/watch?v=abcdef123', youtubeId: 'abcdef123' },
    };
    render(EpisodeView, { episode: e, engine: new FakeEngine() });
    expect(screen.getByRole('note')).toHaveTextContent(/no audio Hark can play/);
    expect(screen.getByRole('link', { name: 'watch the video' })).toHaveAttribute('href', e.video.url);
  });

  it('shows an episode without a transcript', () => {
    render(EpisodeView, { episode: { ...load(), turns: [], anchors: [] }, engine: new FakeEngine() });
    expect(screen.getByText('This episode has no transcript yet.')).toBeInTheDocument();
    expect(screen.queryAllByRole('article')).toHaveLength(0);
  });
});

describe('ErrorView', () => {
  it('says what is wrong and offers a way back', () => {
    render(ErrorView, { title: 'No such episode', message: 'There is no episode “x” here.' });
    expect(screen.getByRole('heading', { name: 'No such episode' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('There is no episode “x” here.');
    expect(screen.getByRole('link', { name: 'Back to the episodes' })).toHaveAttribute('href', '#/');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
