import type { AudioEngine, AudioErrorKind, AudioSource, EngineEvent } from '../../src/lib/audio/engine.ts';

/**
 * An AudioEngine for component tests: no audio, a clock the test moves with `advance`. It emits the same
 * events as the Howler engine, in the same order.
 */
export class FakeEngine implements AudioEngine {
  loaded: AudioSource | null = null;
  rate = 1;
  volume = 1;
  muted = false;
  #position = 0;
  #playing = false;
  #listeners = new Set<(e: EngineEvent) => void>();

  constructor(
    public durationSeconds = 3600,
    /** Load automatically (emit "ready") when `load` is called. */
    private readonly autoReady = true,
  ) {}

  load(source: AudioSource): void {
    this.loaded = source;
    this.#position = 0;
    this.#playing = false;
    this.emit({ type: 'loading' });
    if (this.autoReady) this.emit({ type: 'ready', duration: this.durationSeconds });
  }
  play(): void {
    if (!this.loaded || this.#playing) return;
    this.#playing = true;
    this.emit({ type: 'play' });
  }
  pause(): void {
    if (!this.#playing) return;
    this.#playing = false;
    this.emit({ type: 'pause' });
  }
  seek(seconds: number): void {
    this.#position = Math.min(this.durationSeconds, Math.max(0, seconds));
    this.emit({ type: 'seek' });
  }
  position(): number {
    return this.#position;
  }
  duration(): number {
    return this.loaded ? this.durationSeconds : 0;
  }
  playing(): boolean {
    return this.#playing;
  }
  setRate(rate: number): void {
    this.rate = rate;
  }
  setVolume(volume: number): void {
    this.volume = volume;
  }
  setMuted(muted: boolean): void {
    this.muted = muted;
  }
  subscribe(listener: (e: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  unload(): void {
    this.loaded = null;
    this.#playing = false;
  }

  /** Moves the clock as if `seconds` of audio had played. */
  advance(seconds: number): void {
    if (!this.#playing) return;
    this.#position = Math.min(this.durationSeconds, this.#position + seconds * this.rate);
    if (this.#position >= this.durationSeconds) {
      this.#playing = false;
      this.emit({ type: 'end' });
    }
  }

  fail(kind: AudioErrorKind, during: 'load' | 'play' = 'load'): void {
    if (during === 'play') this.#playing = false;
    this.emit({ type: 'error', kind, during });
  }

  emit(e: EngineEvent): void {
    for (const l of this.#listeners) l(e);
  }
}
