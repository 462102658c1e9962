import { describe, expect, it } from 'vitest';
import { parseEpisodeJson, validateEpisode } from '../../src/lib/episode/validate.ts';
import { EPISODE_FORMAT } from '../../src/lib/episode/types.ts';

function minimal(): Record<string, unknown> {
  return {
    format: EPISODE_FORMAT,
    slug: 'demo',
    title: 'Demo',
    speakers: [{ id: 'ann', name: 'Ann Lee', aliases: ['Ann'] }],
    turns: [{ speaker: 'ann', paragraphs: ['Hello.'] }],
  };
}

function errorOf(value: unknown): string {
  const r = validateEpisode(value);
  if (r.ok) throw new Error('expected a validation error');
  return r.error;
}

describe('validateEpisode', () => {
  it('accepts a minimal episode and fills in defaults', () => {
    const r = validateEpisode(minimal());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.tags).toEqual([]);
    expect(r.value.audio).toBeNull();
    expect(r.value.video).toBeNull();
    expect(r.value.published).toBe(true);
    expect(r.value.showNotes).toEqual({ markdown: '', links: [] });
    expect(r.value.anchors).toEqual([]);
  });

  it('names the path and the problem for an unknown speaker', () => {
    const e = minimal();
    e.turns = Array.from({ length: 13 }, (_, i) => ({
      speaker: i === 12 ? 'bob' : 'ann',
      paragraphs: ['x'],
    }));
    expect(errorOf(e)).toBe('turns[12].speaker: unknown speaker "bob"');
  });

  it.each([
    [{ format: 'hark-episode/2' }, /^format: unsupported version "hark-episode\/2"/],
    [{ format: undefined }, /^format: expected "hark-episode\/1"/],
    [{ title: 42 }, /^title: expected a string, got a number$/],
    [{ slug: '../etc' }, /^slug: /],
    [{ speakers: 'ann' }, /^speakers: expected an array/],
    [{ turns: [{ speaker: 'ann', paragraphs: [] }] }, /^turns\[0\]\.paragraphs: a turn needs at least one/],
    [
      { turns: [{ speaker: 'ann', paragraphs: ['x'], start: -1 }] },
      /^turns\[0\]\.start: must not be negative/,
    ],
    [{ turns: [{ speaker: 'ann', paragraphs: ['x'], start: 5, end: 2 }] }, /^turns\[0\]\.end: ends/],
    [{ audio: { src: '' } }, /^audio\.src: must not be empty/],
    [{ chapters: [{ title: 'a', start: 'x' }] }, /^chapters\[0\]\.start: expected a number of seconds/],
    [{ anchors: [{ turn: 3, time: 1, source: 'marker' }] }, /^anchors\[0\]\.turn: no turn 3/],
    [{ anchors: [{ turn: 0, paragraph: 1, time: 1, source: 'marker' }] }, /^anchors\[0\]\.paragraph: /],
    [{ anchors: [{ turn: 0, time: 1, source: 'guess' }] }, /^anchors\[0\]\.source: expected one of/],
    [
      {
        speakers: [
          { id: 'ann', name: 'A' },
          { id: 'ann', name: 'B' },
        ],
      },
      /^speakers\[1\]\.id: duplicate/,
    ],
  ])('rejects %j', (patch, message) => {
    expect(errorOf({ ...minimal(), ...patch })).toMatch(message);
  });

  it('rejects things that are not objects', () => {
    expect(errorOf(null)).toBe('episode: expected an object, got null');
    expect(errorOf([1])).toBe('episode: expected an object, got an array');
  });

  it('drops unknown fields', () => {
    const r = validateEpisode({ ...minimal(), extra: '<script>' });
    expect(r.ok && 'extra' in r.value).toBe(false);
  });
});

describe('parseEpisodeJson', () => {
  it('explains invalid JSON in one sentence', () => {
    const r = parseEpisodeJson('{"format": "hark-episode/1", "turns": [');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^The episode file is not valid JSON \(.+\)\.$/);
  });
  it('says so when the file is empty', () => {
    expect(parseEpisodeJson('  \n')).toEqual({ ok: false, error: 'The episode file is empty.' });
  });
  it('accepts a byte-order mark', () => {
    expect(parseEpisodeJson(`\uFEFF${JSON.stringify(minimal())}`).ok).toBe(true);
  });
});
