import FFT from 'fft.js';

/** Frames of acoustic features: `dims` numbers per frame, one frame every `hop` seconds. */
export interface Features {
  data: Float32Array;
  frames: number;
  dims: number;
  /** Seconds between frames. */
  hop: number;
  /** Log energy of each frame (before normalization), to find silence. */
  energy: Float32Array;
  /**
   * Log energy of each frame in the speech band (about 250 Hz to 4 kHz): rumble, breath on the microphone,
   * hum and hiss mostly fall outside it, so it shows where words start. Absent on synthesized scripts.
   */
  speech?: Float32Array;
}

export interface FeatureOptions {
  sampleRate: number;
  /** Seconds between frames. @default 0.02 */
  hop?: number;
  /** Seconds of signal per frame. @default 0.025 */
  window?: number;
  /** Cepstral coefficients kept (c0 included). @default 13 */
  coefficients?: number;
  /** Mel bands. @default 26 */
  bands?: number;
}

const MEL_LOW = 80;
const MEL_HIGH = 7600;
/** The mel bands centred in this range (hertz) make up the speech-band energy. */
const SPEECH_LOW = 250;
const SPEECH_HIGH = 4000;

const mel = (hz: number): number => 2595 * Math.log10(1 + hz / 700);
const hzOf = (m: number): number => 700 * (10 ** (m / 2595) - 1);

/**
 * MFCC features computed as PCM streams in, so a long recording never sits in memory as samples.
 * The frame duration and mel bands are in seconds and hertz, so features of a 22.05 kHz synthesized voice and a
 * 16 kHz recording are comparable without resampling.
 */
export class FeatureExtractor {
  readonly hop: number;
  readonly dims: number;
  #hopSamples: number;
  #windowSamples: number;
  #fft: FFT;
  #size: number;
  #windowShape: Float32Array;
  #filters: { from: number; weights: Float32Array }[];
  #dct: Float32Array;
  #pending: Float32Array;
  #pendingLength = 0;
  #previous = 0;
  #seed = 0x9e3779b9;
  #frame: Float32Array;
  #spectrum: number[];
  #logMel: Float32Array;
  #out: Float32Array;
  #energy: Float32Array;
  #speech: Float32Array;
  #speechBands: [number, number];
  #frames = 0;

  constructor(options: FeatureOptions) {
    const { sampleRate } = options;
    this.hop = options.hop ?? 0.02;
    this.#hopSamples = Math.round(this.hop * sampleRate);
    this.hop = this.#hopSamples / sampleRate;
    this.#windowSamples = Math.round((options.window ?? 0.025) * sampleRate);
    this.#size = 1 << Math.ceil(Math.log2(this.#windowSamples));
    this.#fft = new FFT(this.#size);
    this.dims = options.coefficients ?? 13;
    const bands = options.bands ?? 26;
    this.#windowShape = new Float32Array(this.#windowSamples);
    for (let i = 0; i < this.#windowSamples; i++) {
      this.#windowShape[i] = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (this.#windowSamples - 1));
    }
    const high = Math.min(MEL_HIGH, sampleRate / 2);
    const edges = Array.from({ length: bands + 2 }, (_, i) =>
      hzOf(mel(MEL_LOW) + ((mel(high) - mel(MEL_LOW)) * i) / (bands + 1)),
    );
    const binHz = sampleRate / this.#size;
    this.#filters = [];
    const centres = edges.slice(1, -1);
    const firstSpeech = centres.findIndex((hz) => hz >= SPEECH_LOW);
    const lastSpeech = centres.findLastIndex((hz) => hz <= SPEECH_HIGH);
    this.#speechBands = [Math.max(0, firstSpeech), Math.max(firstSpeech, lastSpeech) + 1];
    for (let b = 0; b < bands; b++) {
      const [lo, mid, hi] = [edges[b]!, edges[b + 1]!, edges[b + 2]!];
      const from = Math.max(1, Math.ceil(lo / binHz));
      const to = Math.min(this.#size / 2, Math.floor(hi / binHz));
      const weights = new Float32Array(Math.max(0, to - from + 1));
      for (let k = from; k <= to; k++) {
        const hz = k * binHz;
        weights[k - from] = hz <= mid ? (hz - lo) / (mid - lo) : (hi - hz) / (hi - mid);
      }
      this.#filters.push({ from, weights });
    }
    this.#dct = new Float32Array(this.dims * bands);
    for (let c = 0; c < this.dims; c++) {
      for (let b = 0; b < bands; b++) this.#dct[c * bands + b] = Math.cos((Math.PI * c * (b + 0.5)) / bands);
    }
    this.#pending = new Float32Array(this.#windowSamples + 65536);
    this.#frame = new Float32Array(this.#size);
    this.#spectrum = this.#fft.createComplexArray() as number[];
    this.#logMel = new Float32Array(bands);
    this.#out = new Float32Array(4096 * this.dims);
    this.#energy = new Float32Array(4096);
    this.#speech = new Float32Array(4096);
  }

  get frames(): number {
    return this.#frames;
  }

  /** Feeds samples (Int16 PCM, or floats in -1..1). */
  push(samples: Int16Array | Float32Array): void {
    const scale = samples instanceof Int16Array ? 1 / 32768 : 1;
    let i = 0;
    while (i < samples.length) {
      const room = this.#pending.length - this.#pendingLength;
      const n = Math.min(room, samples.length - i);
      for (let k = 0; k < n; k++) {
        // Pre-emphasis, and a little dither so digital silence has a spectrum like a quiet room's.
        const x = samples[i + k]! * scale;
        this.#seed = (Math.imul(this.#seed, 1664525) + 1013904223) >>> 0;
        const dither = (this.#seed / 4294967296 - 0.5) * 2e-4;
        this.#pending[this.#pendingLength + k] = x - 0.97 * this.#previous + dither;
        this.#previous = x;
      }
      this.#pendingLength += n;
      i += n;
      this.#drain();
    }
  }

  /** Feeds `seconds` of silence (between synthesized paragraphs). */
  pushSilence(seconds: number, sampleRate: number): void {
    this.push(new Float32Array(Math.round(seconds * sampleRate)));
  }

  #drain(): void {
    let offset = 0;
    while (this.#pendingLength - offset >= this.#windowSamples) {
      this.#compute(offset);
      offset += this.#hopSamples;
    }
    this.#pending.copyWithin(0, offset, this.#pendingLength);
    this.#pendingLength -= offset;
  }

  #compute(offset: number): void {
    const frame = this.#frame;
    let power = 0;
    for (let k = 0; k < this.#windowSamples; k++) {
      const v = this.#pending[offset + k]! * this.#windowShape[k]!;
      frame[k] = v;
      power += v * v;
    }
    frame.fill(0, this.#windowSamples);
    this.#fft.realTransform(this.#spectrum, frame);
    const spectrum = this.#spectrum;
    const bands = this.#logMel.length;
    let speech = 0;
    for (let b = 0; b < bands; b++) {
      const { from, weights } = this.#filters[b]!;
      let sum = 0;
      for (let k = 0; k < weights.length; k++) {
        const re = spectrum[2 * (from + k)]!;
        const im = spectrum[2 * (from + k) + 1]!;
        sum += weights[k]! * (re * re + im * im);
      }
      this.#logMel[b] = Math.log(sum + 1e-10);
      if (b >= this.#speechBands[0] && b < this.#speechBands[1]) speech += sum;
    }
    if ((this.#frames + 1) * this.dims > this.#out.length) {
      const grown = new Float32Array(this.#out.length * 2);
      grown.set(this.#out);
      this.#out = grown;
      const energy = new Float32Array(this.#energy.length * 2);
      energy.set(this.#energy);
      this.#energy = energy;
      const band = new Float32Array(this.#speech.length * 2);
      band.set(this.#speech);
      this.#speech = band;
    }
    const base = this.#frames * this.dims;
    for (let c = 0; c < this.dims; c++) {
      let sum = 0;
      for (let b = 0; b < bands; b++) sum += this.#dct[c * bands + b]! * this.#logMel[b]!;
      this.#out[base + c] = sum;
    }
    this.#energy[this.#frames] = Math.log(power / this.#windowSamples + 1e-10);
    this.#speech[this.#frames] = Math.log(speech + 1e-10);
    this.#frames++;
  }

  /** The features so far (the last partial window is dropped). */
  finish(): Features {
    return {
      data: this.#out.slice(0, this.#frames * this.dims),
      frames: this.#frames,
      dims: this.dims,
      hop: this.hop,
      energy: this.#energy.slice(0, this.#frames),
      speech: this.#speech.slice(0, this.#frames),
    };
  }
}

/** Scales every dimension to mean 0 and variance 1 over the recording, in place (removes channel and voice). */
export function normalize(features: Features): Features {
  const { data, frames, dims } = features;
  if (frames === 0) return features;
  for (let d = 0; d < dims; d++) {
    let sum = 0;
    let squares = 0;
    for (let f = 0; f < frames; f++) {
      const v = data[f * dims + d]!;
      sum += v;
      squares += v * v;
    }
    const mean = sum / frames;
    const sd = Math.sqrt(Math.max(squares / frames - mean * mean, 1e-8));
    for (let f = 0; f < frames; f++) data[f * dims + d] = (data[f * dims + d]! - mean) / sd;
  }
  return features;
}

/** Averages every `factor` frames into one: a coarser view for the first pass of the alignment. */
export function pool(features: Features, factor: number): Features {
  const { data, frames, dims } = features;
  const out = Math.ceil(frames / factor);
  const pooled = new Float32Array(out * dims);
  const energy = new Float32Array(out);
  for (let o = 0; o < out; o++) {
    const from = o * factor;
    const to = Math.min(frames, from + factor);
    for (let f = from; f < to; f++) {
      for (let d = 0; d < dims; d++) pooled[o * dims + d]! += data[f * dims + d]!;
      energy[o] = Math.max(energy[o]! || -Infinity, features.energy[f]!);
    }
    for (let d = 0; d < dims; d++) pooled[o * dims + d]! /= to - from;
  }
  return { data: pooled, frames: out, dims, hop: features.hop * factor, energy };
}
