import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { FeatureExtractor, type Features } from '../../lib/align/features.ts';

export const RECORDING_RATE = 16000;

/** A problem with the audio the user gave: reported as one line. */
export class AudioError extends Error {}

/** Whether `input` is a web address ffmpeg should fetch rather than a file name. */
export function isAudioUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/**
 * Decodes any audio ffmpeg reads (file or http(s) URL) to 16 kHz mono and turns it into features as it
 * streams: the samples are never all in memory.
 */
export async function decodeFeatures(
  input: string,
  hop: number,
  options: { coefficients?: number; bands?: number } = {},
): Promise<Features> {
  if (!isAudioUrl(input)) {
    if (/^[a-z][a-z0-9+.-]+:/i.test(input) && !/^[a-z]:[\\/]/i.test(input)) {
      throw new AudioError(`${input}: only files and http(s) addresses are read`);
    }
    const info = await stat(input).catch(() => null);
    if (!info) throw new AudioError(`${input}: no such file`);
    if (!info.isFile()) throw new AudioError(`${input}: is not a file`);
  }
  const extractor = new FeatureExtractor({ sampleRate: RECORDING_RATE, hop, ...options });
  const args = ['-nostdin', '-v', 'error', '-i', input, '-vn', '-ac', '1', '-ar', String(RECORDING_RATE)];
  const child = spawn('ffmpeg', [...args, '-f', 's16le', '-acodec', 'pcm_s16le', 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let carry: Buffer | null = null;
  let errors = '';
  child.stderr.on('data', (d: Buffer) => {
    if (errors.length < 4000) errors += d.toString();
  });
  child.stdout.on('data', (chunk: Buffer) => {
    let data = carry ? Buffer.concat([carry, chunk]) : chunk;
    carry = null;
    if (data.length % 2) {
      carry = data.subarray(data.length - 1);
      data = data.subarray(0, data.length - 1);
    }
    // Copy: the chunk's buffer may not be 2-byte aligned.
    const samples = new Int16Array(data.length / 2);
    for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(2 * i);
    extractor.push(samples);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new AudioError('ffmpeg is not installed (apt-get install ffmpeg)') : e),
    );
    child.on('close', resolve);
  });
  if (code !== 0) {
    const line = errors.split('\n').find((l) => l.trim()) ?? `ffmpeg exited with ${code}`;
    throw new AudioError(`${input}: cannot decode the audio (${line.trim().slice(0, 200)})`);
  }
  const features = extractor.finish();
  if (features.frames * features.hop < 1) {
    throw new AudioError(`${input}: no audio in it (or less than a second)`);
  }
  return features;
}
