/** One MPEG audio (layer III) frame found in a byte buffer. */
export interface Mp3Frame {
  offset: number;
  length: number;
  sampleRate: number;
  channels: number;
  samples: number;
}

const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

/** The layer III frame whose header starts at `at`, or null. */
export function frameAt(bytes: Uint8Array, at: number): Mp3Frame | null {
  if (at + 4 > bytes.length || bytes[at] !== 0xff || (bytes[at + 1]! & 0xe0) !== 0xe0) return null;
  const version = (bytes[at + 1]! >> 3) & 3;
  const layer = (bytes[at + 1]! >> 1) & 3;
  const bitrateIndex = bytes[at + 2]! >> 4;
  const rateIndex = (bytes[at + 2]! >> 2) & 3;
  if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3)
    return null;
  const sampleRate = RATES[version]![rateIndex]!;
  const v1 = version === 3;
  const kbps = (v1 ? BITRATES_V1 : BITRATES_V2)[bitrateIndex]!;
  const padding = (bytes[at + 2]! >> 1) & 1;
  const length = Math.floor(((v1 ? 144000 : 72000) * kbps) / sampleRate) + padding;
  return {
    offset: at,
    length,
    sampleRate,
    channels: bytes[at + 3]! >> 6 === 3 ? 1 : 2,
    samples: v1 ? 1152 : 576,
  };
}

/** Bytes an ID3v2 tag takes at the start of the file (0 when there is none). */
export function id3Length(bytes: Uint8Array): number {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0;
  const size =
    ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f);
  return 10 + size + (bytes[5]! & 0x10 ? 10 : 0);
}

/**
 * The whole frames in `bytes` from `from`, each confirmed by the next frame's header (or the end of the data
 * when `last`), resynchronizing over junk; and where the next search should start.
 */
export function scanFrames(
  bytes: Uint8Array,
  from: number,
  last: boolean,
): { frames: Mp3Frame[]; next: number } {
  const frames: Mp3Frame[] = [];
  let at = from;
  while (at + 4 <= bytes.length) {
    const frame = frameAt(bytes, at);
    if (!frame) {
      at++;
      continue;
    }
    const end = at + frame.length;
    if (end > bytes.length) break;
    // Confirmed by the next frame, an ID3v1 tag ("TAG") or the end of the file.
    const tag = bytes[end] === 0x54 && bytes[end + 1] === 0x41 && bytes[end + 2] === 0x47;
    if (end + 4 > bytes.length ? !last : !frameAt(bytes, end) && !tag) {
      if (end + 4 > bytes.length) break;
      at++;
      continue;
    }
    frames.push(frame);
    at = end;
  }
  return { frames, next: at };
}

/** Whether a frame is the Xing/Info header that encoders put first: it holds no sound. */
export function isInfoFrame(bytes: Uint8Array, frame: Mp3Frame): boolean {
  const text = (i: number) => String.fromCharCode(...bytes.subarray(i, i + 4));
  for (let i = frame.offset + 4; i < Math.min(frame.offset + 48, frame.offset + frame.length - 4); i++) {
    const t = text(i);
    if (t === 'Xing' || t === 'Info') return true;
  }
  return false;
}
