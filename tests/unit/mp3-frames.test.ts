import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { id3Length, isInfoFrame, scanFrames } from '../../src/lib/audio/mp3-frames.ts';

function mp3(args: string[]): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'hark-mp3-'));
  try {
    const file = join(dir, 'a.mp3');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=3',
      ...args,
      file,
    ]);
    return new Uint8Array(readFileSync(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('MP3 frame scanner', () => {
  it('finds every frame of a tagged 44.1 kHz stereo file after its ID3 tag and Xing frame', () => {
    const bytes = mp3(['-ar', '44100', '-ac', '2', '-b:a', '128k', '-metadata', 'title=Episode']);
    const tag = id3Length(bytes);
    expect(tag).toBeGreaterThan(10);
    const { frames, next } = scanFrames(bytes, tag, true);
    expect(frames[0]!.offset).toBe(tag);
    expect(isInfoFrame(bytes, frames[0]!)).toBe(true);
    expect(frames.every((f) => f.sampleRate === 44100 && f.channels === 2 && f.samples === 1152)).toBe(true);
    // Three seconds of sound, in whole frames (plus the encoder's padding), and nothing left over.
    expect((frames.length - 1) * 1152).toBeGreaterThanOrEqual(3 * 44100);
    expect((frames.length - 1) * 1152).toBeLessThan(3 * 44100 + 3 * 1152);
    expect(next).toBe(bytes.length);
  });

  it('stops before a frame cut off at the end of a piece, and resynchronizes over junk', () => {
    const bytes = mp3(['-ar', '16000', '-ac', '1', '-b:a', '32k']);
    const whole = scanFrames(bytes, id3Length(bytes), true).frames;
    expect(whole[1]!.sampleRate).toBe(16000);
    expect(whole[1]!.channels).toBe(1);
    const cut = bytes.subarray(0, whole[10]!.offset + 5);
    const part = scanFrames(cut, id3Length(bytes), false);
    expect(part.frames).toHaveLength(10);
    expect(part.next).toBe(whole[10]!.offset);
    const frames = bytes.subarray(id3Length(bytes));
    const junk = new Uint8Array(frames.length + 7 + 128);
    junk.set([0xff, 0xfb, 1, 2, 0xff, 0, 9]);
    junk.set(frames, 7);
    junk.set([0x54, 0x41, 0x47], 7 + frames.length);
    expect(scanFrames(junk, 0, true).frames.length).toBe(whole.length);
  });
});
