import { defaultStore, isFiniteNumber, readStored, writeStored, type Store } from './storage.ts';

export const SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2] as const;
const KEY = 'hark:settings';

interface Saved {
  rate: number;
  volume: number;
  muted: boolean;
}

function check(v: unknown): Saved | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const rate = isFiniteNumber(o.rate) && o.rate >= 0.75 && o.rate <= 2 ? o.rate : 1;
  const volume = isFiniteNumber(o.volume) && o.volume >= 0 && o.volume <= 1 ? o.volume : 1;
  return { rate, volume, muted: o.muted === true };
}

/** Playback preferences that outlive an episode: speed, volume, mute. Each change saves itself. */
export class Settings {
  #rate = $state(1);
  #volume = $state(1);
  #muted = $state(false);
  readonly #store: Store | null;

  constructor(store: Store | null = defaultStore()) {
    this.#store = store;
    const saved = readStored(KEY, check, store);
    if (saved) {
      this.#rate = saved.rate;
      this.#volume = saved.volume;
      this.#muted = saved.muted;
    }
  }

  get rate(): number {
    return this.#rate;
  }
  set rate(rate: number) {
    this.#rate = Math.min(2, Math.max(0.75, rate));
    this.#save();
  }

  get volume(): number {
    return this.#volume;
  }
  set volume(volume: number) {
    this.#volume = Math.min(1, Math.max(0, volume));
    this.#save();
  }

  get muted(): boolean {
    return this.#muted;
  }
  set muted(muted: boolean) {
    this.#muted = muted;
    this.#save();
  }

  #save(): void {
    writeStored(KEY, { rate: this.#rate, volume: this.#volume, muted: this.#muted }, this.#store);
  }
}
