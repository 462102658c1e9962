import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PlayerState } from '../../src/lib/state/player.svelte.ts';
import { audioFormatOf } from '../../src/lib/audio/mime.ts';
import { FakeEngine } from './fake-engine.ts';

const AUDIO = { src: 'https://cdn.example.com/show/episode-1.mp3', type: 'audio/mpeg' };

let players: PlayerState[] = [];

/** A player on a fake engine, destroyed after the test. */
function setup(engine = new FakeEngine()): { engine: FakeEngine; player: PlayerState } {
  const player = new PlayerState(engine);
  players.push(player);
  return { engine, player };
}

/** A player with the episode's audio loaded (paused at 0, an hour long). */
function loaded(): { engine: FakeEngine; player: PlayerState } {
  const s = setup();
  s.player.loadEpisodeAudio(AUDIO);
  return s;
}

beforeEach(() => {
  localStorage.clear();
});

afterEach(() => {
  for (const p of players) p.destroy();
  players = [];
  vi.restoreAllMocks();
});

describe('PlayerState loading', () => {
  it('starts empty, and ignores Play until something is loaded', () => {
    const { engine, player } = setup();
    expect(player.status).toBe('empty');
    expect(player.source).toBeNull();
    player.play();
    expect(player.status).toBe('empty');
    expect(engine.playing()).toBe(false);
  });

  it('goes from loading to paused when the engine is ready', () => {
    const { engine, player } = setup(new FakeEngine(1800, false));
    player.loadEpisodeAudio(AUDIO);
    expect(player.status).toBe('loading');
    expect(player.duration).toBe(0);
    expect(engine.loaded).toMatchObject({ src: AUDIO.src, format: 'mp3' });
    expect(player.source).toEqual({ kind: 'remote', name: 'cdn.example.com' });
    engine.emit({ type: 'ready', duration: 1800 });
    expect(player.status).toBe('paused');
    expect(player.duration).toBe(1800);
    expect(player.playing).toBe(false);
    expect(player.remaining).toBe(1800);
  });

  it('loads at a position', () => {
    const { engine, player } = setup();
    player.loadEpisodeAudio(AUDIO, 95);
    expect(player.status).toBe('paused');
    expect(engine.position()).toBe(95);
    expect(player.position).toBe(95);
    expect(player.remaining).toBe(3600 - 95);
  });

  it('names audio without a host plainly and has no format for an unknown type', () => {
    const { engine, player } = setup();
    player.loadEpisodeAudio({ src: 'audio/episode.bin', type: 'application/octet-stream' });
    expect(player.source).toEqual({ kind: 'remote', name: 'the episode’s audio' });
    expect(engine.loaded?.format).toBeUndefined();
  });

  it('loads a local file where the reader was, paused', () => {
    // jsdom has no object URLs.
    const create = vi.fn(() => 'blob:local-1');
    const revoke = vi.fn();
    const urls = URL as unknown as Record<string, unknown>;
    const saved = { createObjectURL: urls.createObjectURL, revokeObjectURL: urls.revokeObjectURL };
    Object.assign(urls, { createObjectURL: create, revokeObjectURL: revoke });
    try {
      const { engine, player } = loaded();
      player.seek(300);
      player.loadFile(new File(['x'], 'My Episode.M4A', { type: '' }));
      expect(engine.loaded).toMatchObject({ src: 'blob:local-1', format: 'm4a' });
      expect(player.source).toEqual({ kind: 'local', name: 'My Episode.M4A' });
      expect(player.position).toBe(300);
      expect(engine.position()).toBe(300);
      // Opening audio never starts playback by itself.
      expect(player.status).not.toBe('playing');
      // Loading something else lets go of the file.
      player.loadEpisodeAudio(AUDIO);
      expect(revoke).toHaveBeenCalledWith('blob:local-1');
    } finally {
      Object.assign(urls, saved);
    }
  });
});

describe('PlayerState playback', () => {
  it('plays, pauses and toggles', () => {
    const { engine, player } = loaded();
    player.play();
    expect(player.status).toBe('playing');
    expect(player.playing).toBe(true);
    expect(engine.playing()).toBe(true);
    player.pause();
    expect(player.status).toBe('paused');
    expect(engine.playing()).toBe(false);
    player.toggle();
    expect(player.status).toBe('playing');
    player.toggle();
    expect(player.status).toBe('paused');
  });

  it('toggles a play that is still loading back off', () => {
    const engine = new FakeEngine(3600, false);
    const { player } = setup(engine);
    player.loadEpisodeAudio(AUDIO);
    const pause = vi.spyOn(engine, 'pause');
    const play = vi.spyOn(engine, 'play').mockImplementation(() => {}); // the engine waits for the audio
    player.toggle();
    expect(play).toHaveBeenCalledTimes(1);
    expect(player.status).toBe('loading');
    player.toggle();
    expect(pause).toHaveBeenCalledTimes(1);
    expect(play).toHaveBeenCalledTimes(1);
  });

  it('reads the engine position on tick', () => {
    const { engine, player } = loaded();
    player.play();
    engine.advance(12.5);
    expect(player.position).toBe(0);
    player.tick();
    expect(player.position).toBe(12.5);
    expect(player.remaining).toBe(3600 - 12.5);
    engine.advance(7.5);
    player.tick();
    expect(player.position).toBe(20);
  });

  it('follows the engine when it seeks', () => {
    const { engine, player } = loaded();
    engine.seek(42);
    expect(player.position).toBe(42);
  });

  it('ends at the end, and Play starts over', () => {
    const { engine, player } = loaded();
    player.play();
    engine.advance(4000);
    expect(player.status).toBe('ended');
    expect(player.position).toBe(3600);
    expect(player.remaining).toBe(0);
    player.play();
    expect(player.status).toBe('playing');
    expect(player.position).toBe(0);
    expect(engine.position()).toBe(0);
  });

  it('leaves the end when the reader seeks back', () => {
    const { engine, player } = loaded();
    player.play();
    engine.advance(3600);
    expect(player.status).toBe('ended');
    player.seek(100);
    expect(player.status).toBe('paused');
    expect(player.position).toBe(100);
  });

  it('stops listening to the engine once destroyed', () => {
    const { engine, player } = setup();
    player.loadEpisodeAudio(AUDIO);
    player.destroy();
    expect(engine.loaded).toBeNull();
    engine.emit({ type: 'ready', duration: 99 });
    expect(player.duration).toBe(3600);
  });
});

describe('PlayerState seeking', () => {
  it('clamps a seek to [0, duration]', () => {
    const { engine, player } = loaded();
    player.seek(-10);
    expect(player.position).toBe(0);
    player.seek(5000);
    expect(player.position).toBe(3600);
    expect(engine.position()).toBe(3600);
    player.seek(Number.NaN);
    expect(player.position).toBe(0);
    player.seek(1234.5);
    expect(player.position).toBe(1234.5);
    expect(engine.position()).toBe(1234.5);
  });

  it('does not cap a seek before the duration is known', () => {
    const { player } = setup(new FakeEngine(7200, false));
    player.loadEpisodeAudio(AUDIO);
    player.seek(5000);
    expect(player.position).toBe(5000);
  });

  it('skips back and forward within the audio', () => {
    const { player } = loaded();
    player.seek(100);
    player.skip(30);
    expect(player.position).toBe(130);
    player.skip(-15);
    expect(player.position).toBe(115);
    player.skip(-200);
    expect(player.position).toBe(0);
    player.seek(3590);
    player.skip(30);
    expect(player.position).toBe(3600);
  });
});

describe('PlayerState errors', () => {
  it.each([
    ['offline', /offline/],
    ['unreachable', /audio server can’t be reached/],
    ['not-found', /not found/],
    ['unsupported', /can’t play this audio file’s format/],
    ['unknown', /could not be played/],
  ] as const)('says plainly when the audio is %s', (kind, message) => {
    const { engine, player } = loaded();
    engine.fail(kind);
    expect(player.status).toBe('error');
    expect(player.error?.kind).toBe(kind);
    expect(player.error?.message).toMatch(message);
    const play = vi.spyOn(engine, 'play');
    player.play();
    expect(play).not.toHaveBeenCalled();
    expect(player.status).toBe('error');
  });

  it('stops playing on an error during playback', () => {
    const { engine, player } = loaded();
    player.play();
    engine.fail('unreachable', 'play');
    expect(player.status).toBe('error');
    expect(player.playing).toBe(false);
    expect(player.buffering).toBe(false);
  });

  it('leaves blocked autoplay paused, so Play works', () => {
    const { engine, player } = loaded();
    player.play();
    engine.fail('blocked', 'play');
    expect(player.status).toBe('paused');
    expect(player.error?.message).toMatch(/blocked playback.*Press Play/);
    player.play();
    expect(player.status).toBe('playing');
    expect(player.error).toBeNull();
  });

  it('clears the error on a new load', () => {
    const { engine, player } = loaded();
    engine.fail('not-found');
    player.loadEpisodeAudio(AUDIO);
    expect(player.error).toBeNull();
    expect(player.status).toBe('paused');
  });
});

describe('PlayerState speed and volume', () => {
  it('clamps the speed to 0.75–2 and tells the engine', () => {
    const { engine, player } = loaded();
    player.setRate(1.5);
    expect(player.rate).toBe(1.5);
    expect(engine.rate).toBe(1.5);
    player.setRate(5);
    expect(player.rate).toBe(2);
    expect(engine.rate).toBe(2);
    player.setRate(0.1);
    expect(player.rate).toBe(0.75);
    expect(engine.rate).toBe(0.75);
  });

  it('remembers the speed for the next player', () => {
    const first = loaded();
    first.player.setRate(1.75);
    expect(JSON.parse(localStorage.getItem('hark:settings') ?? 'null')).toMatchObject({ rate: 1.75 });
    const engine = new FakeEngine();
    const { player } = setup(engine);
    expect(player.rate).toBe(1.75);
    expect(engine.rate).toBe(1.75);
  });

  it('plays faster at a higher speed', () => {
    const { engine, player } = loaded();
    player.setRate(2);
    player.play();
    engine.advance(10);
    player.tick();
    expect(player.position).toBe(20);
  });

  it('steps through the speed list, stopping at the ends', () => {
    const { player } = loaded();
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      player.stepRate(1);
      seen.push(player.rate);
    }
    expect(seen).toEqual([1.25, 1.5, 1.75, 2, 2, 2]);
    seen.length = 0;
    for (let i = 0; i < 6; i++) {
      player.stepRate(-1);
      seen.push(player.rate);
    }
    expect(seen).toEqual([1.75, 1.5, 1.25, 1, 0.75, 0.75]);
  });

  it('steps from a speed between steps to the neighbouring step below', () => {
    const { player } = loaded();
    player.setRate(1.1);
    player.stepRate(-1);
    expect(player.rate).toBe(1);
  });

  it('clamps the volume, and unmutes when it is turned up', () => {
    const { engine, player } = loaded();
    player.setVolume(0.4);
    expect(player.settings.volume).toBe(0.4);
    expect(engine.volume).toBe(0.4);
    player.setVolume(3);
    expect(engine.volume).toBe(1);
    player.setVolume(-1);
    expect(engine.volume).toBe(0);
    player.setMuted(true);
    expect(engine.muted).toBe(true);
    player.setVolume(0);
    expect(engine.muted).toBe(true);
    player.setVolume(0.5);
    expect(engine.muted).toBe(false);
    expect(player.settings.muted).toBe(false);
  });

  it('remembers volume and mute for the next player', () => {
    const { player } = loaded();
    player.setVolume(0.3);
    player.setMuted(true);
    const engine = new FakeEngine();
    const next = setup(engine).player;
    expect(next.settings.volume).toBe(0.3);
    expect(next.settings.muted).toBe(true);
    expect(engine.volume).toBe(0.3);
    expect(engine.muted).toBe(true);
  });

  it('ignores corrupted settings with a warning', () => {
    localStorage.setItem('hark:settings', '{"rate":');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { engine, player } = setup();
    expect(warn).toHaveBeenCalled();
    expect(player.rate).toBe(1);
    expect(engine.rate).toBe(1);
    expect(player.settings.volume).toBe(1);
  });
});

describe('PlayerState buffering', () => {
  /** performance.now, moved by the test. */
  function clock(): { set: (ms: number) => void } {
    let now = 10_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    return { set: (ms) => (now = ms) };
  }

  it('says buffering when playing without progress for more than 0.75 s', () => {
    const time = clock();
    const { engine, player } = loaded();
    player.play();
    time.set(10_500);
    player.tick();
    expect(player.buffering).toBe(false);
    time.set(10_751);
    player.tick();
    expect(player.buffering).toBe(true);
    engine.advance(0.5);
    time.set(10_800);
    player.tick();
    expect(player.buffering).toBe(false);
    expect(player.position).toBe(0.5);
  });

  it('measures the stall from the last progress', () => {
    const time = clock();
    const { engine, player } = loaded();
    player.play();
    time.set(10_700);
    engine.advance(0.7);
    player.tick();
    time.set(11_400);
    player.tick();
    expect(player.buffering).toBe(false);
    time.set(11_500);
    player.tick();
    expect(player.buffering).toBe(true);
  });

  it('restarts the stall clock on a seek', () => {
    const time = clock();
    const { player } = loaded();
    player.play();
    time.set(10_700);
    player.seek(500);
    time.set(11_400);
    player.tick();
    expect(player.buffering).toBe(false);
  });

  it('is never buffering while paused, and stops on pause', () => {
    const time = clock();
    const { player } = loaded();
    time.set(20_000);
    player.tick();
    expect(player.buffering).toBe(false);
    player.play();
    time.set(21_000);
    player.tick();
    expect(player.buffering).toBe(true);
    player.pause();
    expect(player.buffering).toBe(false);
    time.set(30_000);
    player.tick();
    expect(player.buffering).toBe(false);
  });
});

describe('audioFormatOf', () => {
  it.each([
    [{ name: 'episode.mp3', type: '' }, 'mp3'],
    [{ name: 'Episode.MP3', type: 'audio/mpeg' }, 'mp3'],
    [{ name: 'talk.m4a', type: 'audio/x-m4a' }, 'm4a'],
    [{ name: 'talk.oga', type: '' }, 'ogg'],
    [{ name: 'talk.opus', type: '' }, 'opus'],
    [{ name: 'talk.flac', type: '' }, 'flac'],
    [{ name: 'talk.wav', type: 'audio/mpeg' }, 'wav'],
  ])('knows %o by its name', (file, format) => {
    expect(audioFormatOf(file)).toBe(format);
  });

  it.each([
    [{ name: 'recording', type: 'audio/mpeg' }, 'mp3'],
    [{ name: 'recording', type: 'AUDIO/MP4' }, 'm4a'],
    [{ name: 'download.bin', type: 'audio/ogg' }, 'ogg'],
    [{ name: 'voice memo', type: 'audio/x-wav' }, 'wav'],
    [{ name: 'x.data', type: 'audio/webm' }, 'webm'],
  ])('knows %o by its MIME type', (file, format) => {
    expect(audioFormatOf(file)).toBe(format);
  });

  it('falls back to an unknown extension, or nothing', () => {
    expect(audioFormatOf({ name: 'clip.xyz', type: '' })).toBe('xyz');
    expect(audioFormatOf({ name: 'clip', type: '' })).toBeUndefined();
    expect(audioFormatOf({ name: 'clip', type: 'video/quicktime' })).toBeUndefined();
  });
});
