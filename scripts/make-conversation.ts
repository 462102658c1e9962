/**
 * Generates a test conversation with exact times from a real timed transcript (Podcasting 2.0 JSON): each turn
 * spoken by espeak-ng in a voice per speaker, stretched with sox to the turn's real length, real-length gaps,
 * background noise. Writes <out>.mp3 (or .wav) and <out>.segments.json (the shape `hark align-eval` reads).
 *
 *   tsx scripts/make-conversation.ts <transcript.json> <out> [--minutes N] [--from-minute M]
 *     [--variant plain|ad|intro|tidied|similar] [--wav]
 *
 * Variants: `ad` puts 60 s of music with a spoken ad that is not in the transcript in the middle; `intro`
 * opens with 30 s of music; `tidied` removes fillers and one sentence in ten from the transcript (the audio
 * keeps them); `similar` gives every speaker nearly the same voice.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { encodeWav, mapLimit } from '../src/cli/align/synth.ts';
import { parsePodcastingJson } from '../src/lib/formats/index.ts';
import { mergeSegments } from '../src/lib/timing/evaluate.ts';

const RATE = 16000;
// Not the aligner's voices (src/cli/align/synth.ts): a real recording never has the synthesizer's voice.
const VOICES = ['m2', 'f5', 'm4', 'm6', 'klatt', 'klatt2', 'klatt3', 'klatt4'];
type Variant = 'plain' | 'ad' | 'intro' | 'tidied' | 'similar';

function run(command: string, args: string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`${command}: ${err.trim().slice(0, 300)}`)),
    );
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** `text` spoken in `voice`, exactly `seconds` long, as 16 kHz samples. */
async function speakFor(
  text: string,
  voice: string,
  pitch: number,
  seconds: number,
  work: string,
): Promise<Int16Array> {
  const words = text.split(/\s+/).filter(Boolean).length;
  const wpm = Math.round(Math.min(450, Math.max(80, words / (seconds / 60))));
  const file = join(work, `${Math.random().toString(36).slice(2)}.wav`);
  await run('espeak-ng', ['-v', `en-us+${voice}`, '-p', String(pitch), '-s', String(wpm), '-w', file], text);
  const length = Number((await run('soxi', ['-D', file])).toString().trim());
  const tempo = Math.min(4, Math.max(0.25, length / seconds));
  const raw = await run('sox', [
    file,
    '-t',
    'raw',
    '-r',
    String(RATE),
    '-c',
    '1',
    '-b',
    '16',
    '-e',
    'signed',
    '-',
    'tempo',
    '-s',
    String(tempo),
  ]);
  await rm(file, { force: true });
  const samples = new Int16Array(raw.buffer, raw.byteOffset, raw.length >> 1);
  const wanted = Math.round(seconds * RATE);
  const out = new Int16Array(wanted);
  out.set(samples.subarray(0, wanted));
  return out;
}

/** A few seconds of synthetic music: chords of harmonic tones with a soft beat. */
function music(seconds: number, seed: number): Float32Array {
  const rnd = random(seed);
  const out = new Float32Array(Math.round(seconds * RATE));
  const roots = [220, 246.9, 261.6, 196, 174.6, 293.7];
  let chord: number[] = [];
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    if (i % (RATE / 2) === 0) {
      const root = roots[Math.floor(rnd() * roots.length)]!;
      chord = [root, root * 1.26, root * 1.5, root * 2];
    }
    let v = 0;
    for (const f of chord) v += Math.sin(2 * Math.PI * f * t) * 0.5 + Math.sin(4 * Math.PI * f * t) * 0.2;
    const beat = Math.exp(-((t * 2) % 1) * 8);
    out[i] = 0.08 * v * (0.6 + 0.4 * beat);
  }
  return out;
}

const FILLERS = /\b(?:um+|uh+|erm|you know|i mean|like)\b,?\s*/gi;

/** The transcript as a tidy editor would publish it: no fillers, one sentence in ten left out. */
function tidy(text: string, rnd: () => number): string {
  const sentences = text.replace(FILLERS, '').match(/[^.!?]+[.!?]*\s*/g) ?? [text];
  const kept = sentences.filter((_, i) => sentences.length < 2 || i === 0 || rnd() >= 0.1);
  return kept.join('').replace(/\s+/g, ' ').trim() || text;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const minutes = Number(option('--minutes') ?? 10);
  const fromMinute = Number(option('--from-minute') ?? 0);
  const variant = (option('--variant') ?? 'plain') as Variant;
  const wavIndex = args.indexOf('--wav');
  const wav = wavIndex >= 0;
  if (wav) args.splice(wavIndex, 1);
  const [input, out] = args;
  if (!input || !out || !['plain', 'ad', 'intro', 'tidied', 'similar'].includes(variant)) {
    console.error(
      'usage: make-conversation <transcript.json> <out> [--minutes N] [--from-minute M] [--variant plain|ad|intro|tidied|similar] [--wav]',
    );
    process.exit(2);
  }
  const parsed = parsePodcastingJson(await readFile(input, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  const all = mergeSegments(parsed.value.segments);
  const begin = fromMinute * 60;
  const turns = all.filter((t) => t.start >= begin && t.end <= begin + minutes * 60 && t.end > t.start + 0.6);
  if (turns.length === 0) throw new Error('no turns in that range');
  const rnd = random(7);
  const speakers = [...new Set(turns.map((t) => t.speaker))];
  const introSeconds = variant === 'intro' ? 30 : 0;
  const adAfter = variant === 'ad' ? Math.floor(turns.length / 2) : -1;
  const adSeconds = 60;
  const offset = turns[0]!.start;
  const plan = turns.map((t, i) => {
    const shift = introSeconds - offset + (adAfter >= 0 && i >= adAfter ? adSeconds : 0) + 0.5;
    const gap = 0.15 + rnd() * 0.45;
    const start = t.start + shift + gap;
    const end = t.end + shift - 0.05;
    const speaker = speakers.indexOf(t.speaker);
    const voice = variant === 'similar' ? 'm2' : VOICES[speaker % VOICES.length]!;
    const pitch = variant === 'similar' ? 45 + (speaker % 3) * 5 : 50;
    return { speaker: t.speaker, text: t.text, start, end: Math.max(start + 0.5, end), voice, pitch };
  });
  const duration = plan[plan.length - 1]!.end + 1;
  const mix = new Float32Array(Math.ceil(duration * RATE));
  const work = await mkdtemp(join(tmpdir(), 'hark-conversation-'));
  try {
    await mapLimit(plan, availableParallelism(), async (p) => {
      const speech = await speakFor(p.text, p.voice, p.pitch, p.end - p.start, work);
      const at = Math.round(p.start * RATE);
      for (let i = 0; i < speech.length && at + i < mix.length; i++) mix[at + i]! += speech[i]! / 32768;
    });
    if (introSeconds) mix.set(music(introSeconds, 1), Math.round(0.2 * RATE));
    if (adAfter >= 0) {
      const at = Math.round((plan[adAfter]!.start - adSeconds - 0.2) * RATE);
      const bed = music(adSeconds - 0.5, 2);
      for (let i = 0; i < bed.length; i++) mix[at + i]! += bed[i]!;
      const ad =
        'This episode is brought to you by Cloudy Bank. Open an account in minutes, with no fees, no paperwork and a ' +
        'friendly team that answers the phone. Cloudy Bank: your money, in the clouds. Visit cloudy bank dot example ' +
        'and use the code listen for a free month. Terms apply. Cloudy Bank is not a real bank.';
      const spoken = await speakFor(ad, 'f5', 60, 40, work);
      const start = at + Math.round(8 * RATE);
      for (let i = 0; i < spoken.length; i++) mix[start + i]! += spoken[i]! / 32768;
    }
    const noise = random(3);
    const samples = new Int16Array(mix.length);
    for (let i = 0; i < mix.length; i++) {
      const n = (noise() + noise() + noise() - 1.5) * 0.01;
      samples[i] = Math.max(-32768, Math.min(32767, Math.round((mix[i]! + n) * 32767)));
    }
    const pcm = encodeWav(samples, RATE);
    const audio = `${out}.${wav ? 'wav' : 'mp3'}`;
    if (wav) await writeFile(audio, pcm);
    else {
      const temp = join(work, 'mix.wav');
      await writeFile(temp, pcm);
      await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', temp, '-b:a', '64k', audio]);
    }
    const textRnd = random(11);
    const segments = plan.map((p) => ({
      speaker: p.speaker,
      start: Math.round(p.start * 1000) / 1000,
      end: Math.round(p.end * 1000) / 1000,
      text: variant === 'tidied' ? tidy(p.text, textRnd) : p.text,
    }));
    const description = {
      audio: basename(audio),
      generated_from: basename(input),
      variant,
      duration_s: Math.round(duration * 1000) / 1000,
      segments,
    };
    await writeFile(`${out}.segments.json`, `${JSON.stringify(description, null, 1)}\n`);
    console.error(
      `${audio}: ${(duration / 60).toFixed(1)} min, ${segments.length} turns, ${speakers.length} speakers (${variant})`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
