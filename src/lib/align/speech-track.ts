import { markdownToPlain } from '../episode/text.ts';
import type { Turn } from '../episode/types.ts';
import type { ScriptUnit } from './align.ts';
import { normalize, type Features } from './features.ts';

/**
 * A speech track: the transcript spoken by synthetic voices, kept as features (not sound), so a browser can
 * align a recording without a speech synthesizer. Written once by `hark speech`, fetched beside the episode.
 *
 * Layout (little-endian): "HRKS", u16 version, u16 dims, f32 hop, f32 scale, u32 text hash, u32 renderings;
 * per rendering: u32 frames, u32 units, units × (u32 turn, u32 paragraph, u32 frame, u32 frames), then
 * frames × dims Int8 (normalized coefficient × scale), padded to 4 bytes.
 */
export interface SpeechTrack {
  hop: number;
  dims: number;
  /** Hash of the spoken text: a track made for another version of the transcript is refused. */
  textHash: number;
  renderings: { features: Features; units: ScriptUnit[] }[];
}

const MAGIC = 0x534b5248; // "HRKS"
const VERSION = 1;
/** Int8 steps per standard deviation: ±4 sd kept, in steps of 1/32. */
const SCALE = 32;

/** FNV-1a over the speakers and plain text of every paragraph, in order: what the track speaks. */
export function speechTextHash(turns: readonly Pick<Turn, 'speaker' | 'paragraphs'>[]): number {
  let h = 0x811c9dc5;
  const add = (s: string): void => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  };
  for (const t of turns) {
    add(`\u0001${t.speaker}`);
    for (const p of t.paragraphs) add(`\u0002${markdownToPlain(p)}`);
  }
  return h >>> 0;
}

/** Writes a speech track; each rendering's features are normalized (in place) first. */
export function encodeSpeechTrack(track: SpeechTrack): Uint8Array {
  let size = 24;
  for (const r of track.renderings) size += 8 + 16 * r.units.length + pad4(r.features.frames * track.dims);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint16(4, VERSION, true);
  view.setUint16(6, track.dims, true);
  view.setFloat32(8, track.hop, true);
  view.setFloat32(12, SCALE, true);
  view.setUint32(16, track.textHash, true);
  view.setUint32(20, track.renderings.length, true);
  let at = 24;
  for (const { features, units } of track.renderings) {
    normalize(features);
    view.setUint32(at, features.frames, true);
    view.setUint32(at + 4, units.length, true);
    at += 8;
    for (const u of units) {
      view.setUint32(at, u.turn, true);
      view.setUint32(at + 4, u.paragraph, true);
      view.setUint32(at + 8, u.frame, true);
      view.setUint32(at + 12, u.frames, true);
      at += 16;
    }
    const n = features.frames * track.dims;
    for (let i = 0; i < n; i++) {
      view.setInt8(at + i, Math.max(-127, Math.min(127, Math.round(features.data[i]! * SCALE))));
    }
    at += pad4(n);
  }
  return bytes;
}

/** Reads a speech track, checking every size against the bytes; a clear message when it is not one. */
export function decodeSpeechTrack(
  buffer: ArrayBuffer,
): { ok: true; value: SpeechTrack } | { ok: false; error: string } {
  const view = new DataView(buffer);
  const fail = (why: string) => ({ ok: false as const, error: `not a Hark speech track (${why})` });
  if (buffer.byteLength < 24 || view.getUint32(0, true) !== MAGIC) return fail('wrong header');
  if (view.getUint16(4, true) !== VERSION) return fail(`version ${view.getUint16(4, true)}`);
  const dims = view.getUint16(6, true);
  const hop = view.getFloat32(8, true);
  const scale = view.getFloat32(12, true);
  const textHash = view.getUint32(16, true);
  const count = view.getUint32(20, true);
  if (dims < 2 || dims > 64 || !(hop > 0.001 && hop < 1) || !(scale > 0) || count < 1 || count > 8)
    return fail('bad sizes');
  const renderings: SpeechTrack['renderings'] = [];
  let at = 24;
  for (let r = 0; r < count; r++) {
    if (at + 8 > buffer.byteLength) return fail('truncated');
    const frames = view.getUint32(at, true);
    const unitCount = view.getUint32(at + 4, true);
    at += 8;
    if (at + 16 * unitCount + frames * dims > buffer.byteLength) return fail('truncated');
    const units: ScriptUnit[] = [];
    for (let u = 0; u < unitCount; u++) {
      const unit = {
        turn: view.getUint32(at, true),
        paragraph: view.getUint32(at + 4, true),
        frame: view.getUint32(at + 8, true),
        frames: view.getUint32(at + 12, true),
      };
      if (unit.frame + unit.frames > frames) return fail('a paragraph outside the speech');
      units.push(unit);
      at += 16;
    }
    const codes = new Int8Array(buffer, at, frames * dims);
    const data = new Float32Array(frames * dims);
    for (let i = 0; i < data.length; i++) data[i] = codes[i]! / scale;
    at += pad4(frames * dims);
    renderings.push({ features: { data, frames, dims, hop, energy: new Float32Array(frames) }, units });
  }
  if (renderings.some((r) => r.units.length !== renderings[0]!.units.length))
    return fail('renderings differ');
  return { ok: true, value: { hop, dims, textHash, renderings } };
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}
