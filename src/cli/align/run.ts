import { availableParallelism } from 'node:os';
import { alignFeatures, type ScriptUnit, type UnitResult } from '../../lib/align/align.ts';
import { FeatureExtractor, type Features } from '../../lib/align/features.ts';
import { ScriptBuilder, trimQuiet } from '../../lib/align/script.ts';
import { placeTurns, type PlacedTurns } from '../../lib/align/place.ts';
import { markdownToPlain } from '../../lib/episode/text.ts';
import type { Turn } from '../../lib/episode/types.ts';
import { AudioError, decodeFeatures } from './decode.ts';
import { mapLimit, speak, VOICE_VARIANTS } from './synth.ts';

export const HOP = 0.02;
const PARAGRAPH_GAP = 0.2;
const TURN_GAP = 0.4;
const SPOKEN = /[\p{L}\p{N}]/u;

export interface AlignRun extends PlacedTurns {
  duration: number;
  paragraphs: UnitResult[][];
  /** Seconds per stage; decoding and synthesis overlap. */
  timing: { decode: number; synthesize: number; align: number; total: number };
  cells: { coarse: number; fine: number };
  agreement: number;
  match: number;
}

export interface AlignRunOptions {
  /** espeak-ng language, e.g. "en-us" (the default), "de", "fr". */
  language?: string;
}

/** Aligns the turns of a transcript to a recording: decodes, synthesizes, aligns, places every turn. */
export async function alignRecording(
  turns: readonly Pick<Turn, 'speaker' | 'paragraphs'>[],
  audio: string,
  options: AlignRunOptions = {},
): Promise<AlignRun> {
  const started = performance.now();
  const seconds = (since: number): number => Math.round(performance.now() - since) / 1000;
  let decodeTime = 0;
  const decoding = decodeFeatures(audio, HOP).then((f) => {
    decodeTime = seconds(started);
    return f;
  });
  // Don't leave a rejected decode unobserved while synthesis runs.
  decoding.catch(() => {});
  const scripts = await synthesizeScripts(turns, options.language);
  const synthesizeTime = seconds(started);
  const recording = await decoding;
  const duration = recording.frames * recording.hop;
  assertAudible(recording, audio);
  const alignStarted = performance.now();
  const result = alignFeatures(scripts, recording);
  const paragraphs: UnitResult[][] = turns.map(() => []);
  scripts[0]!.units.forEach((u, i) => paragraphs[u.turn]!.push(result.units[i]!));
  const placed = placeTurns(
    turns,
    paragraphs.map((p) => p[0]!),
    duration,
    result.agreement,
    result.match,
  );
  return {
    ...placed,
    duration,
    paragraphs,
    timing: {
      decode: decodeTime,
      synthesize: synthesizeTime,
      align: seconds(alignStarted),
      total: seconds(started),
    },
    cells: result.cells,
    agreement: result.agreement,
    match: result.match,
  };
}

/**
 * Speaks the transcript in two renderings that differ in voice and pace (where both land on the same moment,
 * the words are there) and returns their features with the place of every paragraph.
 */
export async function synthesizeScripts(
  turns: readonly Pick<Turn, 'speaker' | 'paragraphs'>[],
  lang?: string,
): Promise<{ features: Features; units: ScriptUnit[] }[]> {
  const language = lang ?? 'en-us';
  const speakers = [...new Set(turns.map((t) => t.speaker))];
  const items = turns.flatMap((t, turn) =>
    t.paragraphs.map((p, paragraph) => ({
      turn,
      paragraph,
      text: markdownToPlain(p),
      speaker: speakers.indexOf(t.speaker),
    })),
  );
  if (!items.some((i) => SPOKEN.test(i.text))) throw new AudioError('the transcript has no text to align');
  // Two renderings that differ in voice and pace: where both land on the same moment, the words are there.
  const renderings = [
    { offset: 0, rate: 175 },
    { offset: 3, rate: 145 },
  ];
  const jobs = renderings.flatMap((r, version) =>
    items.map((item) => ({
      version,
      text: item.text,
      rate: r.rate,
      voice: `${language}+${VOICE_VARIANTS[(item.speaker + r.offset) % VOICE_VARIANTS.length]}`,
    })),
  );
  let rate = 22050;
  const clips = await mapLimit(jobs, Math.max(2, availableParallelism()), async (job) => {
    if (!SPOKEN.test(job.text)) return null;
    const speech = await speak(job.text, job.voice, job.rate);
    rate = speech.sampleRate;
    const extractor = new FeatureExtractor({ sampleRate: speech.sampleRate, hop: HOP });
    extractor.push(speech.samples);
    return trimQuiet(extractor.finish());
  });
  const silenceExtractor = new FeatureExtractor({ sampleRate: rate, hop: HOP });
  silenceExtractor.pushSilence(0.1, rate);
  const silence = silenceExtractor.finish();
  const scripts = renderings.map((_, version) => {
    const builder = new ScriptBuilder(HOP, silence.dims, silence);
    builder.gap(Math.round(TURN_GAP / HOP));
    items.forEach((item, i) => {
      if (i > 0) builder.gap(Math.round((item.paragraph === 0 ? TURN_GAP : PARAGRAPH_GAP) / HOP));
      builder.add(item.turn, item.paragraph, clips[version * items.length + i] ?? emptyClip(silence.dims));
    });
    builder.gap(Math.round(TURN_GAP / HOP));
    return { features: builder.build(), units: builder.units };
  });
  return scripts;
}

function emptyClip(dims: number): Features {
  return { data: new Float32Array(0), energy: new Float32Array(0), frames: 0, dims, hop: HOP };
}

/** Refuses a recording with no sound in it: nothing could be placed, and saying so beats a guess. */
function assertAudible(recording: Features, name: string): void {
  const sorted = Float32Array.from(recording.energy).sort();
  const loud = sorted[Math.floor(sorted.length * 0.95)] ?? -Infinity;
  // ln of mean power ≈ -60 dBFS after pre-emphasis: digital silence and hum stay below it.
  if (loud < -13.8) throw new AudioError(`${name}: the audio is silent (nothing above -60 dB)`);
}
