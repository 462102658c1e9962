/** Sample rate the browser decodes a recording to for alignment (the features need no more). */
export const ALIGN_SAMPLE_RATE = 16000;

/** A decoded recording: read it in pieces, mixed to mono. */
export interface DecodedAudio {
  length: number;
  sampleRate: number;
  /** Mono samples from `from`, at most `count` of them. */
  read(from: number, count: number): Float32Array;
}

/**
 * Decodes a local audio file with the browser's own decoders at 16 kHz. The browser decodes the whole file at
 * once (there is no streaming decode for every format), so memory grows with the recording's length.
 */
export async function decodeAudioFile(file: Blob, sampleRate = ALIGN_SAMPLE_RATE): Promise<DecodedAudio> {
  const bytes = await file.arrayBuffer();
  const context = new OfflineAudioContext(1, 1, sampleRate);
  const buffer = await context.decodeAudioData(bytes);
  const channels = buffer.numberOfChannels;
  return {
    length: buffer.length,
    sampleRate: buffer.sampleRate,
    read(from, count) {
      const n = Math.max(0, Math.min(count, buffer.length - from));
      const out = new Float32Array(n);
      if (channels === 1) {
        buffer.copyFromChannel(out, 0, from);
        return out;
      }
      const one = new Float32Array(n);
      for (let c = 0; c < channels; c++) {
        buffer.copyFromChannel(one, c, from);
        for (let i = 0; i < n; i++) out[i]! += one[i]! / channels;
      }
      return out;
    },
  };
}
