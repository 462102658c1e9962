/** Why audio could not load or play, in terms a listener can act on. */
export type AudioErrorKind = 'offline' | 'unreachable' | 'not-found' | 'unsupported' | 'blocked' | 'unknown';

export type EngineEvent =
  | { type: 'loading' }
  | { type: 'ready'; duration: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'end' }
  | { type: 'seek' }
  | { type: 'error'; kind: AudioErrorKind; during: 'load' | 'play' };

export interface AudioSource {
  src: string;
  /** File extension Howler should assume ("mp3", "wav"), for object URLs that have none. */
  format?: string | undefined;
}

/**
 * The one seam between Hark and an audio library. The UI asks for intent (play, seek) and polls
 * `position()` on animation frames; only `howler-engine.ts` knows about Howler.
 */
export interface AudioEngine {
  load(source: AudioSource): void;
  play(): void;
  pause(): void;
  seek(seconds: number): void;
  /** Current position in seconds. */
  position(): number;
  /** Duration in seconds, 0 until known. */
  duration(): number;
  playing(): boolean;
  setRate(rate: number): void;
  setVolume(volume: number): void;
  setMuted(muted: boolean): void;
  subscribe(listener: (event: EngineEvent) => void): () => void;
  unload(): void;
}
