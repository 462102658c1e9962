import type { Turn } from '../episode/types.ts';
import type { PlacedTurn } from './place.ts';

/** Messages to the align worker: the speech track and turns, then the recording's PCM in chunks, then the end. */
export type ToAlignWorker =
  | {
      type: 'start';
      track: ArrayBuffer;
      turns: Pick<Turn, 'speaker' | 'paragraphs'>[];
      textHash: number;
      sampleRate: number;
      /** Samples that will come, for progress. */
      samples: number;
    }
  | { type: 'pcm'; samples: Float32Array }
  | { type: 'end' };

export interface AlignOutcome {
  turns: PlacedTurn[];
  paragraphs: { start: number; confidence: number }[][];
  duration: number;
  confident: number;
  warning?: string;
  /** Seconds the worker spent on features and on the alignment, and the DTW cells it computed. */
  work?: { features: number; align: number; cells: number; frames: number };
}

/** Messages from the align worker. `done` is 0..1 of the features; `estimate` the seconds the alignment should take. */
export type FromAlignWorker =
  | { type: 'features'; done: number; estimate: number }
  | { type: 'aligning'; estimate: number }
  | { type: 'result'; result: AlignOutcome }
  | { type: 'error'; message: string };
