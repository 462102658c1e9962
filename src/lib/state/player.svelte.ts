import { createContext, flushSync } from 'svelte';
import type { AudioEngine, AudioErrorKind, AudioSource, EngineEvent } from '../audio/engine.ts';
import { FrameLoop } from '../audio/frame-loop.ts';
import { audioFormatOf, formatOfMimeType } from '../audio/mime.ts';
import { hostOf, playableUrl } from '../links/web-url.ts';
import { Settings, SPEEDS } from './settings.svelte.ts';
import { findActive } from '../timing/timeline.ts';

export type PlayerStatus = 'empty' | 'loading' | 'ready' | 'playing' | 'paused' | 'ended' | 'error';

export interface PlayerError {
  kind: AudioErrorKind;
  message: string;
}

const MESSAGES: Record<AudioErrorKind, string> = {
  offline: 'You seem to be offline, so the episode’s audio can’t load.',
  unreachable: 'The audio server can’t be reached.',
  'not-found': 'The audio file was not found at its address.',
  unsupported: 'This browser can’t play this audio file’s format.',
  blocked: 'The browser blocked playback until you interact with the page. Press Play to start.',
  unknown: 'The audio could not be played.',
};

/** Seconds without progress while playing before we say the audio is buffering. */
const STALL_SECONDS = 0.75;

/**
 * The player as the UI sees it: status, position (polled every frame while playing), duration, speed,
 * volume; and intents (play, seek, skip). Knows nothing of Howler: it drives an `AudioEngine`.
 */
export class PlayerState {
  #status: PlayerStatus = $state('empty');
  #position = $state(0);
  #second = $state(0);
  /** The position right now, read every frame but not reactive: for actions such as "Sync here". */
  #exact = 0;
  /**
   * Times where something on the page changes (paragraph and chapter starts). While playing, `position`
   * is updated only when one is crossed or a second passes, so most frames change no state at all.
   * With none set, every frame updates it.
   */
  #boundaries: ArrayLike<number> = [];
  #boundaryIndex = -1;
  /** Told the position on every frame and every move, outside reactivity (see `onPosition`). */
  #positionListeners = new Set<(position: number) => void>();
  #duration = $state(0);
  #buffering = $state(false);
  #moved = $state(false);
  #played = false;
  #error: PlayerError | null = $state(null);
  #source: { kind: 'remote' | 'local'; name: string } | null = $state(null);
  readonly settings: Settings;
  readonly playing = $derived(this.#status === 'playing');
  readonly remaining = $derived(Math.max(0, this.#duration - this.#position));

  #loop: FrameLoop;
  #unsubscribe: () => void;
  #lastProgress = { position: -1, at: 0 };
  #objectUrl: string | null = null;
  #wantPlay = false;

  constructor(
    private readonly engine: AudioEngine,
    settings?: Settings,
  ) {
    this.settings = settings ?? new Settings();
    this.#loop = new FrameLoop(() => this.#frame());
    this.#unsubscribe = engine.subscribe((e) => this.#onEngine(e));
    engine.setRate(this.settings.rate);
    engine.setVolume(this.settings.volume);
    engine.setMuted(this.settings.muted);
  }

  get status(): PlayerStatus {
    return this.#status;
  }
  /** The position, updated while playing where something on the page changes (see `#boundaries`). */
  get position(): number {
    return this.#position;
  }
  /** The position in whole seconds: what clocks and the slider show, changing once a second, not per frame. */
  get second(): number {
    return this.#second;
  }
  /** Seconds, 0 until known. */
  get duration(): number {
    return this.#duration;
  }
  get buffering(): boolean {
    return this.#buffering;
  }
  /** The reader has moved the position (seek, skip, a turn's time): there is a "now" even before playing. */
  get moved(): boolean {
    return this.#moved;
  }
  /** Whether anything has played since this player was made: only then is the position worth saving. */
  get played(): boolean {
    return this.#played;
  }
  get error(): PlayerError | null {
    return this.#error;
  }
  /** What is loaded: the episode's own audio, or a file the reader opened. */
  get source(): { kind: 'remote' | 'local'; name: string } | null {
    return this.#source;
  }
  get rate(): number {
    return this.settings.rate;
  }

  load(source: AudioSource & { name: string; kind: 'remote' | 'local' }, startAt = 0): void {
    this.#revokeObjectUrl();
    this.#error = null;
    this.#status = 'loading';
    this.#setPosition(startAt);
    this.#duration = 0;
    this.#source = { kind: source.kind, name: source.name };
    this.#wantPlay = false;
    this.engine.load(source);
    if (startAt > 0) this.engine.seek(startAt);
  }

  /** Loads an episode's own audio (paused), optionally at a position. */
  loadEpisodeAudio(audio: { src: string; type?: string | undefined }, startAt = 0): void {
    // Episode files are untrusted: a script or data URL is never handed to the audio element.
    const src = playableUrl(audio.src);
    if (src === null) {
      this.#source = null;
      this.#status = 'error';
      this.#error = {
        kind: 'unsupported',
        message: 'The episode’s audio address is not a web address Hark can play.',
      };
      return;
    }
    const name = hostOf(src) || 'the episode’s audio';
    this.load({ src, format: formatOfMimeType(audio.type), name, kind: 'remote' }, startAt);
  }

  /**
   * Loads a file the reader chose (picker or drop) at `startAt` (default: where they are), paused: opening
   * audio never starts playback by itself, whichever episode it is for.
   */
  loadFile(file: File, startAt = this.exactPosition): void {
    const url = URL.createObjectURL(file);
    const format = audioFormatOf(file);
    this.load({ src: url, format, name: file.name, kind: 'local' }, startAt);
    this.#objectUrl = url;
  }

  play(): void {
    if (this.#status === 'empty') return;
    if (this.#status === 'error' && this.#error?.kind !== 'blocked') return;
    this.#wantPlay = true;
    if (this.#status === 'ended') this.seek(0);
    this.engine.play();
  }

  pause(): void {
    this.#wantPlay = false;
    this.engine.pause();
  }

  toggle(): void {
    if (this.#status === 'playing' || (this.#wantPlay && this.#status === 'loading')) this.pause();
    else this.play();
  }

  seek(seconds: number): void {
    const max = this.#duration > 0 ? this.#duration : Number.POSITIVE_INFINITY;
    const target = Math.min(max, Math.max(0, Number.isFinite(seconds) ? seconds : 0));
    this.#setPosition(target);
    this.#moved = true;
    this.#lastProgress = { position: target, at: now() };
    if (this.#status === 'ended') this.#status = 'paused';
    this.engine.seek(target);
  }

  /**
   * Puts the playhead at `seconds` before there is audio to play (a link's moment): not the reader's own
   * move, so nothing is saved for it.
   */
  cue(seconds: number): void {
    this.#setPosition(Math.max(0, Number.isFinite(seconds) ? seconds : 0));
  }

  skip(delta: number): void {
    this.seek(this.exactPosition + delta);
  }

  setRate(rate: number): void {
    this.settings.rate = rate;
    this.engine.setRate(this.settings.rate);
  }

  /** Next or previous step of the speed list. */
  stepRate(direction: 1 | -1): void {
    const r = this.rate;
    const next =
      direction === 1 ? SPEEDS.find((s) => s > r + 1e-9) : [...SPEEDS].reverse().find((s) => s < r - 1e-9);
    if (next !== undefined) this.setRate(next);
  }

  setVolume(volume: number): void {
    this.settings.volume = volume;
    if (this.settings.volume > 0 && this.settings.muted) this.setMuted(false);
    this.engine.setVolume(this.settings.volume);
  }

  setMuted(muted: boolean): void {
    this.settings.muted = muted;
    this.engine.setMuted(muted);
  }

  /**
   * One animation frame: read the position and bring the page up to date at once (the active-turn lookup and
   * the DOM changes it causes), so a frame's whole cost can be measured. `npm run bench` sets
   * `__harkProfile` to record each frame as a performance measure.
   */
  #frame(): void {
    const profile = (globalThis as { __harkProfile?: boolean }).__harkProfile === true;
    const start = profile ? performance.now() : 0;
    this.tick();
    flushSync();
    if (profile) performance.measure('hark:tick', { start, end: performance.now() });
  }

  /** Reads the engine's position; called every animation frame while playing. */
  tick(): void {
    const p = this.engine.position();
    const t = now();
    this.#exact = p;
    if (this.#boundaries.length === 0) {
      if (p !== this.#position) this.#setPosition(p);
    } else if (Math.floor(p) !== this.#second || findActive(this.#boundaries, p) !== this.#boundaryIndex) {
      this.#setPosition(p);
    }
    for (const listener of this.#positionListeners) listener(p);
    if (this.#status === 'playing') {
      if (Math.abs(p - this.#lastProgress.position) > 1e-3) {
        this.#lastProgress = { position: p, at: t };
        if (this.#buffering) this.#buffering = false;
      } else if (!this.#buffering && t - this.#lastProgress.at > STALL_SECONDS * 1000) {
        this.#buffering = true;
      }
    }
  }

  /** Where playback is now, to the frame (not reactive). */
  get exactPosition(): number {
    return this.#exact;
  }

  /**
   * Calls `listener` with the position on every frame while playing and on every move, without touching
   * reactive state: for what must follow the audio more finely than `position` does (the word being
   * spoken), at a cost per frame the listener keeps tiny. Returns the function that stops it.
   */
  onPosition(listener: (position: number) => void): () => void {
    this.#positionListeners.add(listener);
    return () => this.#positionListeners.delete(listener);
  }

  /** Sets the times at which the page changes (sorted); see `#boundaries`. */
  setBoundaries(times: ArrayLike<number>): void {
    this.#boundaries = times;
    const index = findActive(times, this.#exact);
    // New boundaries (a sync moved the paragraphs) may fall between the last reported position and now.
    if (index !== findActive(times, this.#position)) this.#setPosition(this.#exact);
    else this.#boundaryIndex = index;
  }

  #setPosition(p: number): void {
    this.#exact = p;
    this.#position = p;
    this.#boundaryIndex = findActive(this.#boundaries, p);
    const second = Math.floor(p);
    if (second !== this.#second) this.#second = second;
    for (const listener of this.#positionListeners) listener(p);
  }

  destroy(): void {
    this.#loop.stop();
    this.#unsubscribe();
    this.engine.unload();
    this.#revokeObjectUrl();
  }

  #onEngine(e: EngineEvent): void {
    switch (e.type) {
      case 'loading':
        this.#status = 'loading';
        break;
      case 'ready':
        this.#duration = e.duration;
        if (this.#status === 'loading') this.#status = 'paused';
        this.#error = null;
        // A start beyond the end (a link's `?t=`) is the end.
        this.#setPosition(
          e.duration > 0 ? Math.min(this.engine.position(), e.duration) : this.engine.position(),
        );
        break;
      case 'play':
        this.#status = 'playing';
        this.#played = true;
        this.#error = null;
        this.#buffering = false;
        this.#lastProgress = { position: this.engine.position(), at: now() };
        this.#loop.start();
        break;
      case 'pause':
        if (this.#status === 'playing' || this.#status === 'loading') this.#status = 'paused';
        this.#buffering = false;
        this.#loop.stop();
        break;
      case 'end':
        this.#status = 'ended';
        this.#wantPlay = false;
        this.#buffering = false;
        this.#loop.stop();
        this.#setPosition(this.#duration || this.engine.position());
        break;
      case 'seek':
        this.tick();
        break;
      case 'error':
        this.#buffering = false;
        this.#loop.stop();
        this.#error = { kind: e.kind, message: MESSAGES[e.kind] };
        this.#status = e.kind === 'blocked' ? 'paused' : 'error';
        break;
    }
  }

  #revokeObjectUrl(): void {
    if (this.#objectUrl) URL.revokeObjectURL(this.#objectUrl);
    this.#objectUrl = null;
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

export const [getPlayer, setPlayer] = createContext<PlayerState>();
