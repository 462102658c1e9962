import type { ScriptUnit } from './align.ts';
import type { Features } from './features.ts';

/** Drops the quiet frames at both ends of a synthesized clip (more than `depth` below its loudest frame, natural log). */
export function trimQuiet(features: Features, depth = 9): Features {
  const { energy, frames, dims } = features;
  let loudest = -Infinity;
  for (let f = 0; f < frames; f++) loudest = Math.max(loudest, energy[f]!);
  let from = 0;
  let to = frames;
  while (from < to && energy[from]! < loudest - depth) from++;
  while (to > from && energy[to - 1]! < loudest - depth) to--;
  return {
    ...features,
    data: features.data.slice(from * dims, to * dims),
    energy: energy.slice(from, to),
    frames: to - from,
  };
}

/** Builds the script: the clips of every paragraph in order, separated by `gap` frames of a silence frame. */
export class ScriptBuilder {
  #parts: Features[] = [];
  #frames = 0;
  readonly units: ScriptUnit[] = [];
  constructor(
    readonly hop: number,
    readonly dims: number,
    readonly silence: Features,
  ) {}

  /** Adds `frames` frames of silence. */
  gap(frames: number): void {
    const one = this.silence;
    const data = new Float32Array(frames * this.dims);
    const energy = new Float32Array(frames);
    for (let f = 0; f < frames; f++) {
      data.set(one.data.subarray(0, this.dims), f * this.dims);
      energy[f] = one.energy[0]!;
    }
    this.#push({ data, energy, frames, dims: this.dims, hop: this.hop });
  }

  /** Adds a paragraph's speech. */
  add(turn: number, paragraph: number, clip: Features): void {
    this.units.push({ turn, paragraph, frame: this.#frames, frames: clip.frames });
    this.#push(clip);
  }

  #push(part: Features): void {
    this.#parts.push(part);
    this.#frames += part.frames;
  }

  build(): Features {
    const data = new Float32Array(this.#frames * this.dims);
    const energy = new Float32Array(this.#frames);
    let at = 0;
    for (const p of this.#parts) {
      data.set(p.data, at * this.dims);
      energy.set(p.energy, at);
      at += p.frames;
    }
    return { data, energy, frames: this.#frames, dims: this.dims, hop: this.hop };
  }
}
