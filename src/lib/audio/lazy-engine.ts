import type { AudioEngine, AudioSource, EngineEvent } from './engine.ts';

/**
 * An engine whose real implementation (and its audio library) is loaded on first `load`, so pages without
 * audio never fetch it and the initial JavaScript stays small. Settings and a seek made meanwhile are
 * handed on; a `play` asked for meanwhile happens once the audio library is there.
 */
export class LazyEngine implements AudioEngine {
  #engine: AudioEngine | null = null;
  #loading: Promise<AudioEngine> | null = null;
  #listeners = new Set<(event: EngineEvent) => void>();
  #rate = 1;
  #volume = 1;
  #muted = false;
  #source: AudioSource | null = null;
  #seek: number | null = null;
  #play = false;
  /** Counts loads and unloads: a library that arrives after the page moved on must not act on old intent. */
  #generation = 0;
  readonly #create: () => Promise<AudioEngine>;

  constructor(create: () => Promise<AudioEngine>) {
    this.#create = create;
  }

  load(source: AudioSource): void {
    if (this.#engine) return this.#engine.load(source);
    this.#source = source;
    this.#seek = null;
    this.#play = false;
    const generation = ++this.#generation;
    for (const l of this.#listeners) l({ type: 'loading' });
    this.#loading ??= this.#create();
    this.#loading.then(
      (engine) => {
        if (!this.#engine) this.#adopt(engine);
        if (generation !== this.#generation || !this.#source) return;
        const { seek, play } = { seek: this.#seek, play: this.#play };
        engine.load(this.#source);
        if (seek !== null) engine.seek(seek);
        if (play) engine.play();
      },
      () => {
        if (generation !== this.#generation) return;
        for (const l of this.#listeners) l({ type: 'error', kind: 'unreachable', during: 'load' });
      },
    );
  }

  #adopt(engine: AudioEngine): void {
    this.#engine = engine;
    engine.setRate(this.#rate);
    engine.setVolume(this.#volume);
    engine.setMuted(this.#muted);
    engine.subscribe((e) => {
      for (const l of this.#listeners) l(e);
    });
  }

  play(): void {
    if (this.#engine) this.#engine.play();
    else this.#play = true;
  }
  pause(): void {
    if (this.#engine) this.#engine.pause();
    else this.#play = false;
  }
  seek(seconds: number): void {
    if (this.#engine) this.#engine.seek(seconds);
    else this.#seek = seconds;
  }
  position(): number {
    return this.#engine ? this.#engine.position() : (this.#seek ?? 0);
  }
  duration(): number {
    return this.#engine?.duration() ?? 0;
  }
  playing(): boolean {
    return this.#engine?.playing() ?? false;
  }
  setRate(rate: number): void {
    this.#rate = rate;
    this.#engine?.setRate(rate);
  }
  setVolume(volume: number): void {
    this.#volume = volume;
    this.#engine?.setVolume(volume);
  }
  setMuted(muted: boolean): void {
    this.#muted = muted;
    this.#engine?.setMuted(muted);
  }
  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  unload(): void {
    this.#generation++;
    this.#source = null;
    this.#seek = null;
    this.#play = false;
    this.#engine?.unload();
  }
}
