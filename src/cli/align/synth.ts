import { spawn } from 'node:child_process';

/** espeak-ng voice variants, one per speaker in order of first appearance, alternating men and women. */
export const VOICE_VARIANTS = ['m3', 'f2', 'm1', 'f4', 'm5', 'f1', 'm7', 'f3'];

export interface Speech {
  samples: Int16Array;
  sampleRate: number;
}

/** Speaks `text` with espeak-ng (spawned, so its GPL code stays out of Hark). */
export function speak(text: string, voice: string, wordsPerMinute = 175): Promise<Speech> {
  return new Promise((resolve, reject) => {
    const child = spawn('espeak-ng', ['-v', voice, '-s', String(wordsPerMinute), '--stdout'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let errors = '';
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => {
      if (errors.length < 2000) errors += d.toString();
    });
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new Error('espeak-ng is not installed (apt-get install espeak-ng)') : e),
    );
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`espeak-ng failed: ${errors.trim().split('\n')[0] ?? code}`));
      const parsed = parseWav(Buffer.concat(chunks));
      if (!parsed) return reject(new Error('espeak-ng wrote no audio'));
      resolve(parsed);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(text);
  });
}

/** A 16-bit mono PCM WAV file of `samples` at `rate` Hz. */
export function encodeWav(samples: Int16Array, rate: number): Buffer {
  const out = Buffer.alloc(44 + samples.length * 2);
  out.write('RIFF', 0);
  out.writeUInt32LE(36 + samples.length * 2, 4);
  out.write('WAVEfmt ', 8);
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36);
  out.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i]!, 44 + 2 * i);
  return out;
}

/** Reads 16-bit mono PCM from a WAV file whose sizes may be unset (written to a pipe). */
export function parseWav(wav: Buffer): Speech | null {
  if (wav.length < 44 || wav.toString('ascii', 0, 4) !== 'RIFF') return null;
  let offset = 12;
  let sampleRate = 22050;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    if (id === 'fmt ') sampleRate = wav.readUInt32LE(offset + 12);
    if (id === 'data') {
      const body = wav.subarray(offset + 8, Math.min(wav.length, offset + 8 + size));
      const samples = new Int16Array(body.length >> 1);
      for (let i = 0; i < samples.length; i++) samples[i] = body.readInt16LE(2 * i);
      return { samples, sampleRate };
    }
    offset += 8 + size + (size & 1);
  }
  return null;
}

/** Runs `task` over `items` with at most `limit` at once; results in order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
  onResult?: (result: R, index: number) => void,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!, i);
      onResult?.(results[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
