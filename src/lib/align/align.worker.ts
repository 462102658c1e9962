/// <reference lib="webworker" />
// Aligns a recording to an episode's speech track off the main thread: features as the PCM arrives, then the
// same DTW and placement as `hark align`. Cancelling terminates the worker.
import { FeatureExtractor } from './features.ts';
import { alignSeconds, expectedCells } from './progress.ts';
import { decodeSpeechTrack, type SpeechTrack } from './speech-track.ts';
import { alignToSpeechTrack, isAudible } from './track-align.ts';
import type { FromAlignWorker, ToAlignWorker } from './worker-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromAlignWorker): void => scope.postMessage(message);

let job: {
  track: SpeechTrack;
  turns: Extract<ToAlignWorker, { type: 'start' }>['turns'];
  extractor: FeatureExtractor;
  total: number;
  pushed: number;
  featureMs: number;
  cells: number;
} | null = null;

scope.onmessage = (e: MessageEvent<ToAlignWorker>) => {
  try {
    handle(e.data);
  } catch (error) {
    job = null;
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};

function handle(message: ToAlignWorker): void {
  if (message.type === 'start') {
    const decoded = decodeSpeechTrack(message.track);
    if (!decoded.ok) throw new Error(`The speech track is ${decoded.error}.`);
    if (decoded.value.textHash !== message.textHash)
      throw new Error('The speech track was made for another version of this transcript.');
    job = {
      track: decoded.value,
      turns: message.turns,
      extractor: new FeatureExtractor({ sampleRate: message.sampleRate, hop: decoded.value.hop }),
      total: Math.max(1, message.samples),
      pushed: 0,
      featureMs: 0,
      cells: expectedCells(
        decoded.value.renderings.map((r) => r.features.frames),
        message.samples / message.sampleRate / decoded.value.hop,
        decoded.value.hop,
      ),
    };
    return;
  }
  if (!job) return;
  if (message.type === 'pcm') {
    const started = performance.now();
    job.extractor.push(message.samples);
    job.featureMs += performance.now() - started;
    job.pushed += message.samples.length;
    post({ type: 'features', done: Math.min(1, job.pushed / job.total), estimate: estimate(job) });
    return;
  }
  const recording = job.extractor.finish();
  if (!isAudible(recording)) throw new Error('The audio is silent: there is nothing to align.');
  post({ type: 'aligning', estimate: estimate(job) });
  const started = performance.now();
  const aligned = alignToSpeechTrack(job.turns, job.track, recording);
  const work = {
    features: job.featureMs / 1000,
    align: (performance.now() - started) / 1000,
    cells: aligned.cells,
    frames: recording.frames,
  };
  job = null;
  post({
    type: 'result',
    result: {
      turns: aligned.turns,
      paragraphs: aligned.paragraphs.map((p) => p.map((u) => ({ start: u.start, confidence: u.confidence }))),
      duration: aligned.duration,
      confident: aligned.confident,
      ...(aligned.warning ? { warning: aligned.warning } : {}),
      work,
    },
  });
}

function estimate(j: NonNullable<typeof job>): number {
  return alignSeconds(j.cells, (1000 * j.featureMs) / Math.max(1, j.extractor.frames));
}
