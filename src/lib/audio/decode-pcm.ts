import { id3Length, isInfoFrame, scanFrames } from './mp3-frames.ts';

/** Sample rate the browser decodes a recording to for alignment when it must decode it whole. */
export const ALIGN_SAMPLE_RATE = 16000;
/** Seconds of sound per piece. */
const PIECE_SECONDS = 10;

/** A recording as pieces of mono PCM, read one after another. */
export interface PcmSource {
  sampleRate: number;
  /** Samples in all: exact when decoded whole, estimated from the bytes when streamed. */
  length: number;
  /** The next piece, or null at the end. */
  next(): Promise<Float32Array | null>;
}

/**
 * Opens a local recording for alignment. An MP3 is streamed through WebCodecs (memory stays small whatever its
 * length); any other format, or a browser without an MP3 AudioDecoder, is decoded whole by the Web Audio API
 * at 16 kHz, so its memory grows with its length.
 */
export async function openAudioFile(file: Blob): Promise<PcmSource> {
  return (await streamMp3(file).catch(() => null)) ?? decodeWhole(file);
}

async function decodeWhole(file: Blob): Promise<PcmSource> {
  const context = new OfflineAudioContext(1, 1, ALIGN_SAMPLE_RATE);
  const buffer = await context.decodeAudioData(await file.arrayBuffer());
  const channels = buffer.numberOfChannels;
  const piece = PIECE_SECONDS * buffer.sampleRate;
  let at = 0;
  return {
    sampleRate: buffer.sampleRate,
    length: buffer.length,
    next() {
      const n = Math.min(piece, buffer.length - at);
      if (n <= 0) return Promise.resolve(null);
      const out = new Float32Array(n);
      const one = new Float32Array(n);
      for (let c = 0; c < channels; c++) {
        buffer.copyFromChannel(one, c, at);
        for (let i = 0; i < n; i++) out[i]! += one[i]! / channels;
      }
      at += n;
      return Promise.resolve(out);
    },
  };
}

async function streamMp3(file: Blob): Promise<PcmSource | null> {
  if (typeof AudioDecoder === 'undefined') return null;
  const head = new Uint8Array(await file.slice(0, 131072).arrayBuffer());
  const tag = id3Length(head);
  const first = new Uint8Array(await file.slice(tag, tag + 65536).arrayBuffer());
  const found = scanFrames(first, 0, first.length < 65536).frames;
  const frame = found[0];
  if (!frame || found.length < 3) return null;
  const config = { codec: 'mp3', sampleRate: frame.sampleRate, numberOfChannels: frame.channels };
  if (!(await AudioDecoder.isConfigSupported(config)).supported) return null;
  // The encoder's Xing/Info frame holds no sound: decoding it would shift every time by a frame.
  let position = tag + frame.offset + (isInfoFrame(first, frame) ? frame.length : 0);
  const frameBytes = found.slice(1).reduce((n, f) => n + f.length, 0) / Math.max(1, found.length - 1);
  const pieceBytes = Math.ceil((PIECE_SECONDS * frame.sampleRate * frameBytes) / frame.samples);
  const decoded: Float32Array[] = [];
  let failure: unknown = null;
  const decoder = new AudioDecoder({
    output: (data) => {
      const n = data.numberOfFrames;
      const mono = new Float32Array(n);
      const plane = new Float32Array(n);
      for (let c = 0; c < data.numberOfChannels; c++) {
        data.copyTo(plane, { planeIndex: c, format: 'f32-planar' });
        for (let i = 0; i < n; i++) mono[i]! += plane[i]! / data.numberOfChannels;
      }
      data.close();
      decoded.push(mono);
    },
    error: (e) => (failure = e),
  });
  decoder.configure(config);
  let carry = new Uint8Array(0);
  let timestamp = 0;
  return {
    sampleRate: frame.sampleRate,
    length: Math.round(((file.size - position) / frameBytes) * frame.samples),
    async next() {
      if (position >= file.size && carry.length === 0) {
        if (decoder.state !== 'closed') decoder.close();
        return null;
      }
      const read = new Uint8Array(await file.slice(position, position + pieceBytes).arrayBuffer());
      position += read.length;
      const last = position >= file.size;
      const bytes = new Uint8Array(carry.length + read.length);
      bytes.set(carry);
      bytes.set(read, carry.length);
      const { frames, next } = scanFrames(bytes, 0, last);
      for (const f of frames) {
        if (f.sampleRate !== frame.sampleRate || f.channels !== frame.channels) continue;
        const data = bytes.subarray(f.offset, f.offset + f.length);
        decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp, data }));
        timestamp += (f.samples / f.sampleRate) * 1e6;
      }
      carry = last ? new Uint8Array(0) : bytes.slice(next);
      await decoder.flush();
      if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
      const out = new Float32Array(decoded.reduce((n, d) => n + d.length, 0));
      let at = 0;
      for (const d of decoded) {
        out.set(d, at);
        at += d.length;
      }
      decoded.length = 0;
      return out;
    },
  };
}
