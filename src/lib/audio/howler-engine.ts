import { Howl, Howler } from 'howler/dist/howler.core.min.js';
import type { AudioEngine, AudioErrorKind, AudioSource, EngineEvent } from './engine.ts';

/** MediaError codes, as Howler's html5 mode reports them. */
const MEDIA_ERR_NETWORK = 2;
const MEDIA_ERR_DECODE = 3;
const MEDIA_ERR_SRC_NOT_SUPPORTED = 4;

// Howler's auto-unlock calls load() on html5 audio at the first click anywhere, which resets the element
// and loses any seek made before it. Playback always starts from a click on Play here, which is unlock enough.
Howler.autoUnlock = false;
// Hark plays through HTML5 audio only: no Web Audio context to create (it costs tens of milliseconds at start-up).
Howler.usingWebAudio = false;

/**
 * Howler in html5 mode: long episodes stream and seek with range requests instead of downloading whole.
 * Howler has no timeupdate event; callers poll `position()`.
 */
export class HowlerEngine implements AudioEngine {
  #howl: Howl | null = null;
  #listeners = new Set<(event: EngineEvent) => void>();
  #rate = 1;
  #volume = 1;
  #muted = false;
  #pendingSeek: number | null = null;
  /**
   * The position last sought. The audio element keeps whole microseconds (13.123456789 reads back as
   * 13.123456), so a turn's exact start would read as a moment inside the turn before it.
   */
  #sought: number | null = null;

  load(source: AudioSource): void {
    this.unload();
    this.#emit({ type: 'loading' });
    const howl = new Howl({
      src: [source.src],
      html5: true,
      preload: 'metadata',
      ...(source.format ? { format: [source.format] } : {}),
      rate: this.#rate,
      volume: this.#volume,
      mute: this.#muted,
    });
    this.#howl = howl;
    howl.on('load', () => {
      if (this.#howl !== howl) return;
      if (this.#pendingSeek !== null) {
        howl.seek(Math.min(this.#pendingSeek, Math.max(0, howl.duration() - 0.05)));
        this.#pendingSeek = null;
      }
      this.#emit({ type: 'ready', duration: howl.duration() });
    });
    howl.on('play', () => this.#howl === howl && this.#emit({ type: 'play' }));
    howl.on('pause', () => this.#howl === howl && this.#emit({ type: 'pause' }));
    howl.on('stop', () => this.#howl === howl && this.#emit({ type: 'pause' }));
    howl.on('end', () => this.#howl === howl && this.#emit({ type: 'end' }));
    howl.on('seek', () => this.#howl === howl && this.#emit({ type: 'seek' }));
    howl.on('loaderror', (_id, code) => {
      if (this.#howl !== howl) return;
      void classifyLoadError(source.src, Number(code)).then((kind) => {
        if (this.#howl === howl) this.#emit({ type: 'error', kind, during: 'load' });
      });
    });
    howl.on('playerror', (_id, error) => {
      if (this.#howl !== howl) return;
      const blocked = /NotAllowed|user (?:gesture|interaction)|didn't interact|autoplay/i.test(String(error));
      // Blocked: the reader's next press of Play (a user gesture) starts playback.
      this.#emit({ type: 'error', kind: blocked ? 'blocked' : 'unknown', during: 'play' });
    });
  }

  play(): void {
    const howl = this.#howl;
    if (!howl || howl.playing()) return;
    howl.play();
  }

  pause(): void {
    this.#howl?.pause();
  }

  seek(seconds: number): void {
    const howl = this.#howl;
    if (!howl) return;
    const target = Math.max(0, seconds);
    if (howl.state() !== 'loaded') {
      this.#pendingSeek = target;
      return;
    }
    this.#sought = Math.min(target, Math.max(0, howl.duration() - 0.05));
    howl.seek(this.#sought);
  }

  position(): number {
    const howl = this.#howl;
    if (!howl) return 0;
    if (howl.state() !== 'loaded') return this.#pendingSeek ?? 0;
    const p = howl.seek();
    if (typeof p !== 'number' || !Number.isFinite(p)) return 0;
    return this.#sought !== null && Math.abs(p - this.#sought) < 1e-5 ? this.#sought : p;
  }

  duration(): number {
    return this.#howl?.duration() ?? 0;
  }

  playing(): boolean {
    return this.#howl?.playing() ?? false;
  }

  setRate(rate: number): void {
    this.#rate = rate;
    this.#howl?.rate(rate);
  }

  setVolume(volume: number): void {
    this.#volume = volume;
    this.#howl?.volume(volume);
  }

  setMuted(muted: boolean): void {
    this.#muted = muted;
    this.#howl?.mute(muted);
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  unload(): void {
    this.#howl?.unload();
    this.#howl = null;
    this.#pendingSeek = null;
  }

  #emit(event: EngineEvent): void {
    for (const l of this.#listeners) l(event);
  }
}

/**
 * Browsers report a missing file and an unplayable one with the same code. A quick request tells them apart
 * where the server allows it; where it does not, the answer says what is possible rather than guess.
 */
async function classifyLoadError(src: string, code: number): Promise<AudioErrorKind> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return 'offline';
  if (code === MEDIA_ERR_DECODE) return 'unsupported';
  if (src.startsWith('blob:') || src.startsWith('data:')) return 'unsupported';
  try {
    const response = await fetch(src, { method: 'HEAD', cache: 'no-store' });
    if (response.status === 404 || response.status === 410) return 'not-found';
    if (response.ok) return code === MEDIA_ERR_SRC_NOT_SUPPORTED ? 'unsupported' : 'unknown';
    return 'unreachable';
  } catch {
    try {
      // An opaque answer means the server is there but does not let this page read its status.
      await fetch(src, { method: 'HEAD', mode: 'no-cors', cache: 'no-store' });
      return code === MEDIA_ERR_NETWORK ? 'unreachable' : 'unknown';
    } catch {
      return 'unreachable';
    }
  }
}
