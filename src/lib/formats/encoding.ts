/**
 * Bytes to text for every file Hark reads: byte-order marks, UTF-8, a Windows-1252 fallback, and the one
 * test for "this is not a text file at all". Pure functions over the platform's TextDecoder.
 */
import type { Result } from '../episode/types.ts';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'windows-1252';

/** How much of a file `looksBinary` inspects. */
const SAMPLE = 8192;

/** Signatures of the binary files people drop by mistake: audio, video, images, archives, PDF. */
const MAGIC: readonly (readonly number[])[] = [
  [0x49, 0x44, 0x33], // ID3 (MP3)
  [0xff, 0xfb],
  [0xff, 0xf3],
  [0xff, 0xf2], // MPEG audio frames
  [0x52, 0x49, 0x46, 0x46], // RIFF (WAV, WebP, AVI)
  [0x4f, 0x67, 0x67, 0x53], // OggS
  [0x66, 0x4c, 0x61, 0x43], // fLaC
  [0x1a, 0x45, 0xdf, 0xa3], // Matroska / WebM
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x50, 0x4b, 0x03, 0x04], // ZIP (docx, epub...)
  [0x1f, 0x8b], // gzip
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

/**
 * Whether decoded text is binary data rather than a text file: of its first 8 KB, control characters
 * other than tab, line feed, vertical tab, form feed and carriage return are more than 5 % (and at least
 * 8), or more than a quarter (and at least 2); or it holds a run of 8 NULs. A stray NUL or vertical tab in a
 * caption file is text with a flaw, not binary.
 */
export function looksBinary(text: string): boolean {
  const n = Math.min(text.length, SAMPLE);
  let odd = 0;
  let nuls = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    nuls = c === 0 ? nuls + 1 : 0;
    if (nuls >= 8) return true;
    if ((c < 0x20 && (c < 0x09 || c > 0x0d)) || c === 0x7f || (c >= 0x80 && c < 0xa0)) odd++;
  }
  return (odd >= 8 && odd > n * 0.05) || (odd >= 2 && odd > n * 0.25);
}

/**
 * A message detail made safe for one line of output: line breaks and runs of white space become one space,
 * other control characters "?", and it is cut to `max` characters. For parser errors that quote the input.
 */
export function oneLine(text: string, max = 160): string {
  let out = '';
  let space = false;
  for (let i = 0; i < text.length && out.length < max; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x85 || c === 0x2028 || c === 0x2029) {
      if (c <= 0x08 || (c >= 0x0e && c < 0x20)) out += '?';
      else space = out !== '';
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0xfffd ? '?' : text[i];
  }
  return out.length >= max ? `${out.slice(0, max - 1)}…` : out;
}

/**
 * Windows-1252's characters for bytes 0x80-0x9F. The WHATWG "windows-1252" decoder maps them so, but some
 * TextDecoder implementations (Node 20) decode that label as Latin-1 and give C1 controls instead.
 */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252')
    .decode(bytes)
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let i = 4; i + 3 < bytes.length; i += 4) {
    const cp = view.getUint32(i, littleEndian);
    chunk.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? cp : 0xfffd);
    if (chunk.length === 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  parts.push(String.fromCodePoint(...chunk));
  return parts.join('');
}

/**
 * Decodes a file's bytes. A byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); without one the
 * bytes are UTF-8 when they are valid UTF-8 and Windows-1252 otherwise (what old SRT files are written in).
 * The text comes back without the BOM. Fails, without echoing any of the bytes, for binary data.
 */
export function decodeText(
  bytes: Uint8Array,
  what = 'file',
): Result<{ text: string; encoding: TextEncodingName }> {
  if (MAGIC.some((m) => startsWith(bytes, m)) || startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) {
    return {
      ok: false,
      error: `The ${what} is a binary file (audio, video, an image or an archive), not text.`,
    };
  }
  let encoding: TextEncodingName;
  let text: string;
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) {
    encoding = 'utf-32le';
    text = decodeUtf32(bytes, true);
  } else if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    encoding = 'utf-32be';
    text = decodeUtf32(bytes, false);
  } else if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    text = new TextDecoder(encoding).decode(bytes);
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      encoding = 'utf-8';
    } catch {
      text = decodeWindows1252(bytes);
      encoding = 'windows-1252';
    }
  }
  text = text.replace(/^\uFEFF/, '');
  if (looksBinary(text)) return { ok: false, error: `The ${what} is a binary file, not text.` };
  return { ok: true, value: { text, encoding } };
}
