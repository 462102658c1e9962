import { withAlignment } from '../align/apply.ts';
import { alignProgress, type AlignStage } from '../align/progress.ts';
import { speechTextHash } from '../align/speech-track.ts';
import type { AlignOutcome, FromAlignWorker, ToAlignWorker } from '../align/worker-protocol.ts';
import { openAudioFile, type PcmSource } from '../audio/decode-pcm.ts';
import { formatClock } from '../episode/text.ts';
import type { ListeningSession } from './session.svelte.ts';
import { defaultStore, isFiniteNumber, readStored, writeStored, type Store } from './storage.ts';

export interface AudioAlignerOptions {
  session: ListeningSession;
  /** The episode's speech track (absolute URL), or null when it has none. */
  speechUrl: string | null;
  /** Where the result is kept for this episode. @default localStorage */
  store?: Store | null;
  /** @default fetch */
  fetch?: (url: string) => Promise<Response>;
  /** @default the Vite worker beside src/lib/align */
  createWorker?: () => Worker;
  /** @default openAudioFile (MP3 streamed by WebCodecs, else decoded whole at 16 kHz) */
  decode?: (file: File) => Promise<PcmSource>;
}

/** Chunks posted and not yet turned into features: keeps the recording out of the worker's queue. */
const IN_FLIGHT = 3;

interface Stored {
  hash: number;
  outcome: AlignOutcome;
}

function isPlaced(v: unknown): v is { start: number; confidence: number } {
  const o = v as Record<string, unknown> | null;
  return typeof o === 'object' && o !== null && isFiniteNumber(o.start) && isFiniteNumber(o.confidence);
}

function checkStored(turns: number) {
  return (v: unknown): Stored | null => {
    const o = v as { hash?: unknown; outcome?: Partial<AlignOutcome> } | null;
    const out = o?.outcome;
    if (typeof o?.hash !== 'number' || !out || !isFiniteNumber(out.duration)) return null;
    if (!Array.isArray(out.turns) || out.turns.length !== turns || !Array.isArray(out.paragraphs))
      return null;
    if (!out.turns.every((t) => isPlaced(t) && typeof t.exact === 'boolean')) return null;
    if (
      out.paragraphs.length !== turns ||
      !out.paragraphs.every((p) => Array.isArray(p) && p.every(isPlaced))
    )
      return null;
    return { hash: o.hash, outcome: out as AlignOutcome };
  };
}

/**
 * "Align with the audio": decodes the reader's local recording, has a worker align it to the episode's speech
 * track, applies the exact times to the session and keeps them for this episode on this device.
 */
export class AudioAligner {
  #file: File | null = $state.raw(null);
  #stage: AlignStage | null = $state.raw(null);
  #stageStarted = 0;
  #now = $state(0);
  #message = $state('');
  #problem = $state(false);
  #worker: Worker | null = null;
  #stop: (() => void) | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #run = 0;
  readonly #session: ListeningSession;
  readonly #speechUrl: string | null;
  readonly #store: Store | null;
  readonly #key: string;
  readonly #fetch: (url: string) => Promise<Response>;
  readonly #createWorker: () => Worker;
  readonly #decode: (file: File) => Promise<PcmSource>;

  constructor(options: AudioAlignerOptions) {
    this.#session = options.session;
    this.#speechUrl = options.speechUrl;
    this.#store = options.store === undefined ? defaultStore() : options.store;
    this.#fetch = options.fetch ?? ((url) => fetch(url));
    this.#createWorker =
      options.createWorker ??
      (() => new Worker(new URL('../align/align.worker.ts', import.meta.url), { type: 'module' }));
    this.#decode = options.decode ?? openAudioFile;
    this.#key = `hark:aligned:${options.session.episode.slug}`;
    const episode = options.session.episode;
    const stored = readStored(this.#key, checkStored(episode.turns.length), this.#store);
    if (stored && stored.hash === speechTextHash(episode.turns)) this.#apply(stored.outcome);
  }

  /** Whether "Align with the audio" is offered: a local recording is open and the episode has a speech track. */
  get available(): boolean {
    return this.#file !== null && this.#speechUrl !== null;
  }
  get running(): boolean {
    return this.#stage !== null;
  }
  /** 0..1 of the whole alignment (decoding, features, alignment). */
  get fraction(): number {
    return this.#stage ? alignProgress(this.#timed(this.#stage)).fraction : 0;
  }
  /** What is left, in words: "About 12 s left", or "Estimating the time left…". */
  get timeLeft(): string {
    if (!this.#stage) return '';
    const left = alignProgress(this.#timed(this.#stage)).secondsLeft;
    if (left === null) return 'Decoding the audio… estimating the time left';
    return left < 60 ? `About ${Math.ceil(left)} s left` : `About ${formatClock(left)} left`;
  }
  /** What happened last: the result, a problem or a cancellation. */
  get message(): string {
    return this.#message;
  }
  get problem(): boolean {
    return this.#problem;
  }

  /** The recording the reader opened (or null when the episode's own, remote audio plays). */
  setFile(file: File | null): void {
    if (this.running) this.cancel();
    this.#file = file;
  }

  #timed(stage: AlignStage): AlignStage {
    return { ...stage, elapsed: Math.max(0, this.#now - this.#stageStarted) / 1000 };
  }

  #enter(stage: AlignStage): void {
    this.#stageStarted = performance.now();
    this.#now = this.#stageStarted;
    this.#stage = stage;
  }

  #seconds(): number {
    return (performance.now() - this.#stageStarted) / 1000;
  }

  async start(): Promise<void> {
    const file = this.#file;
    const url = this.#speechUrl;
    if (!file || !url || this.running) return;
    const run = ++this.#run;
    this.#message = '';
    this.#problem = false;
    this.#enter({ stage: 'decoding', elapsed: 0 });
    this.#timer = setInterval(() => (this.#now = performance.now()), 250);
    try {
      const [track, audio] = await Promise.all([this.#fetchTrack(url), this.#decodeFile(file)]);
      if (run !== this.#run) return;
      const outcome = await this.#align(track, audio, run);
      if (run !== this.#run) return;
      this.#apply(outcome);
      const written = writeStored(
        this.#key,
        { hash: speechTextHash(this.#session.episode.turns), outcome },
        this.#store,
      );
      this.#finish(
        `Aligned with the audio: ${outcome.confident} of ${outcome.turns.length} turns placed exactly` +
          (outcome.warning ? ` (${outcome.warning})` : '') +
          (written === 'saved' ? '.' : '; this device could not keep it.'),
        outcome.confident === 0,
      );
    } catch (error) {
      if (run !== this.#run) return;
      this.#finish(error instanceof Error ? error.message : String(error), true);
    }
  }

  /** Stops the alignment at once (the worker is ended); the times stay as they were. */
  cancel(): void {
    if (!this.running) return;
    this.#run++;
    this.#finish('Alignment cancelled.', false);
  }

  #finish(message: string, problem: boolean): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#stop?.();
    this.#stop = null;
    clearInterval(this.#timer);
    this.#stage = null;
    this.#message = message;
    this.#problem = problem;
  }

  async #fetchTrack(url: string): Promise<ArrayBuffer> {
    let response: Response;
    try {
      response = await this.#fetch(url);
    } catch {
      throw new Error('The episode’s speech track could not be downloaded.');
    }
    if (!response.ok)
      throw new Error(`The episode’s speech track could not be downloaded (${response.status}).`);
    return response.arrayBuffer();
  }

  async #decodeFile(file: File): Promise<PcmSource> {
    try {
      return await this.#decode(file);
    } catch {
      throw new Error(`${file.name} could not be decoded by this browser.`);
    }
  }

  #align(track: ArrayBuffer, audio: PcmSource, run: number): Promise<AlignOutcome> {
    const decode = this.#seconds();
    const worker = this.#createWorker();
    this.#worker = worker;
    const turns = this.#session.episode.turns.map((t) => ({ speaker: t.speaker, paragraphs: t.paragraphs }));
    const start: ToAlignWorker = {
      type: 'start',
      track,
      turns,
      textHash: speechTextHash(turns),
      sampleRate: audio.sampleRate,
      samples: audio.length,
    };
    worker.postMessage(start, [track]);
    this.#enter({ stage: 'features', decode, done: 0, alignEstimate: 0, elapsed: 0 });
    let inFlight = 0;
    let ended = false;
    let pumping = false;
    let fail: (error: unknown) => void = () => {};
    // Reads the next pieces while the worker has fewer than IN_FLIGHT to do, so the recording never piles up.
    const pump = async (): Promise<void> => {
      if (pumping) return;
      pumping = true;
      try {
        while (inFlight < IN_FLIGHT && !ended && run === this.#run) {
          const samples = await audio.next();
          if (run !== this.#run) return;
          if (!samples) ended = true;
          else if (samples.length) {
            inFlight++;
            worker.postMessage({ type: 'pcm', samples } satisfies ToAlignWorker, [samples.buffer]);
          }
        }
      } catch {
        fail(new Error('The audio could not be decoded to the end.'));
      } finally {
        pumping = false;
      }
      if (ended && inFlight === 0) {
        inFlight = -1;
        worker.postMessage({ type: 'end' } satisfies ToAlignWorker);
      }
    };
    return new Promise((resolve, reject) => {
      this.#stop = () => reject(new Error('cancelled'));
      fail = reject;
      worker.onmessage = (e: MessageEvent<FromAlignWorker>) => {
        if (run !== this.#run) return;
        const m = e.data;
        if (m.type === 'features') {
          inFlight--;
          const stage = this.#stage;
          if (stage?.stage === 'features')
            this.#stage = { ...stage, done: m.done, alignEstimate: m.estimate };
          void pump();
        } else if (m.type === 'aligning') {
          this.#enter({
            stage: 'aligning',
            before: decode + this.#seconds(),
            estimate: m.estimate,
            elapsed: 0,
          });
        } else if (m.type === 'result') resolve(m.result);
        else reject(new Error(m.message));
      };
      worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error('The alignment stopped unexpectedly.'));
      };
      void pump();
    });
  }

  #apply(outcome: AlignOutcome): void {
    this.#session.applyTimes(withAlignment(this.#session.episode, outcome));
  }
}
