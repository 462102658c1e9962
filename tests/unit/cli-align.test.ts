import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav, parseWav } from '../../src/cli/align/synth.ts';
import { FeatureExtractor } from '../../src/lib/align/features.ts';
import { decodeSpeechTrack, speechTextHash } from '../../src/lib/align/speech-track.ts';
import { alignToSpeechTrack } from '../../src/lib/align/track-align.ts';
import type { Episode } from '../../src/lib/episode/types.ts';

// A short conversation spoken by espeak-ng in voices the aligner does not use, with known turn starts.
const TURNS = [
  {
    speaker: 'alice',
    voice: 'en-us+m2',
    text: 'Welcome back to the show. Today we talk about gardens in the city.',
  },
  {
    speaker: 'bob',
    voice: 'en-us+f5',
    text: 'Thanks for having me. I have grown tomatoes on my balcony for ten years.',
  },
  {
    speaker: 'alice',
    voice: 'en-us+m2',
    text: 'Ten years! What is the hardest part of growing food so high up?',
  },
  {
    speaker: 'bob',
    voice: 'en-us+f5',
    text: 'The wind, mostly. It dries the soil and breaks the young plants.',
  },
];
const OTHER = [
  'The committee approved the budget after a long debate about roads.',
  'Rain is expected across the north on Tuesday with strong winds.',
  'Our next guest builds violins by hand in a small workshop.',
  'Stock markets closed slightly higher on Friday afternoon.',
];

const tmp = mkdtempSync(join(tmpdir(), 'hark-align-'));
const hark = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/hark.js', ...args], { encoding: 'utf8', timeout: 120_000 });
let truth: number[] = [];

function episode(texts: string[]): string {
  return JSON.stringify({
    format: 'hark-episode/1',
    slug: 'garden',
    title: 'Gardens',
    speakers: [
      { id: 'alice', name: 'Alice', aliases: [] },
      { id: 'bob', name: 'Bob', aliases: [] },
    ],
    turns: texts.map((t, i) => ({ speaker: TURNS[i]!.speaker, paragraphs: [t] })),
    audio: { src: 'talk.wav' },
  });
}

beforeAll(() => {
  const clips = TURNS.map((t) => parseWav(execFileSync('espeak-ng', ['-v', t.voice, '--stdout', t.text]))!);
  const rate = clips[0]!.sampleRate;
  const gaps = [1.5, 0.7, 0.9, 0.6];
  const parts: Int16Array[] = [];
  let at = 0;
  let seed = 1;
  truth = [];
  clips.forEach((clip, i) => {
    parts.push(new Int16Array(Math.round(gaps[i]! * rate)));
    at += Math.round(gaps[i]! * rate);
    const onset = clip.samples.findIndex((s) => Math.abs(s) > 500);
    truth.push((at + onset) / rate);
    parts.push(clip.samples);
    at += clip.samples.length;
  });
  parts.push(new Int16Array(rate));
  const all = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let k = 0;
  for (const p of parts) {
    all.set(p, k);
    k += p.length;
  }
  for (let i = 0; i < all.length; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    all[i] = Math.max(-32768, Math.min(32767, all[i]! + ((seed >>> 16) % 200) - 100));
  }
  writeFileSync(join(tmp, 'talk.wav'), encodeWav(all, rate));
  writeFileSync(join(tmp, 'silence.wav'), encodeWav(new Int16Array(rate * 5), rate));
  writeFileSync(join(tmp, 'not-audio.mp3'), 'this is not audio at all\n'.repeat(50));
  writeFileSync(join(tmp, 'episode.json'), episode(TURNS.map((t) => t.text)));
  writeFileSync(join(tmp, 'other.json'), episode(OTHER));
  writeFileSync(
    join(tmp, 'talk.segments.json'),
    JSON.stringify({
      audio: 'talk.wav',
      segments: TURNS.map((t, i) => ({ speaker: t.speaker, start: truth[i], text: t.text })),
    }),
  );
}, 60_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hark align', { timeout: 60_000 }, () => {
  it('finds every turn start of a generated conversation, with confidence, and writes them into the episode', () => {
    const out = join(tmp, 'aligned.json');
    const r = hark('align', join(tmp, 'episode.json'), join(tmp, 'talk.wav'), '--json', '-o', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as {
      turns: { start: number; confidence: number }[];
      duration: number;
      timing: object;
    };
    expect(report.turns).toHaveLength(4);
    report.turns.forEach((t, i) => {
      expect(Object.keys(t).sort()).toEqual(['confidence', 'start']);
      expect(Math.abs(t.start - truth[i]!)).toBeLessThan(0.3);
      expect(t.confidence).toBeGreaterThanOrEqual(0.5);
      expect(t.confidence).toBeLessThanOrEqual(1);
    });
    expect(report.duration).toBeGreaterThan(truth[3]!);
    expect(report.timing).toHaveProperty('total');
    const aligned = JSON.parse(readFileSync(out, 'utf8')) as {
      turns: { start?: number; source?: string; confidence?: number }[];
    };
    aligned.turns.forEach((t, i) => {
      expect(t.source).toBe('audio');
      expect(t.start).toBe(report.turns[i]!.start);
      expect(t.confidence).toBe(report.turns[i]!.confidence);
    });
    expect(hark('validate', out).status).toBe(0);
  });

  it('reads the audio from a web address as a stream', async () => {
    const server = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'audio/wav' });
      res.end(readFileSync(join(tmp, 'talk.wav')));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const child = spawn(process.execPath, [
        'bin/hark.js',
        'align',
        join(tmp, 'episode.json'),
        `http://127.0.0.1:${port}/talk.wav`,
        '--json',
      ]);
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(0);
      const report = JSON.parse(out) as { turns: { start: number }[] };
      report.turns.forEach((t, i) => expect(Math.abs(t.start - truth[i]!)).toBeLessThan(0.3));
    } finally {
      server.close();
    }
  });

  it('never gives a confident answer for a transcript of a different recording', () => {
    const r = hark('align', join(tmp, 'other.json'), join(tmp, 'talk.wav'), '--json');
    if (r.status === 0) {
      const report = JSON.parse(r.stdout) as { turns: { confidence: number }[]; warning?: string };
      expect(report.turns.every((t) => t.confidence < 0.5)).toBe(true);
      expect(report.warning).toMatch(/not seem to be a recording of this transcript|could be placed/);
    } else expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['a missing file', 'missing.mp3', /missing\.mp3: no such file/],
    ['a file that is not audio', 'not-audio.mp3', /not-audio\.mp3: cannot decode the audio/],
    ['silence', 'silence.wav', /silence\.wav: the audio is silent/],
    ['an unsupported address', 'ftp://example.com/a.mp3', /only files and http\(s\) addresses/],
  ])('refuses %s with one clear line', (_, audio, message) => {
    const file = audio.includes(':') ? audio : join(tmp, audio);
    const r = hark('align', join(tmp, 'episode.json'), file, '--json');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^hark align: /);
    expect(lines[0]).toMatch(message);
  });

  it('refuses a bad episode and bad arguments with one line', () => {
    writeFileSync(join(tmp, 'broken.json'), '{"format": "hark-episode/1"');
    for (const args of [
      [join(tmp, 'broken.json'), join(tmp, 'talk.wav')],
      [join(tmp, 'episode.json')],
      [join(tmp, 'episode.json'), join(tmp, 'talk.wav'), '--language', 'en us; rm'],
    ]) {
      const r = hark('align', ...args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('hark episodes with audio beside a page', { timeout: 90_000 }, () => {
  it('aligns the page once, then reuses the result until the audio or the transcript changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hark-episodes-'));
    const page = (last: string) =>
      `---\ntitle: Gardens\nslug: garden\n---\n\n## Transcript\n\n${TURNS.map((t, i) => `**${t.speaker === 'alice' ? 'Alice' : 'Bob'}:** ${i === 3 ? last : t.text}`).join('\n\n')}\n`;
    writeFileSync(join(dir, 'garden.md'), page(TURNS[3]!.text));
    writeFileSync(join(dir, 'garden.wav'), readFileSync(join(tmp, 'talk.wav')));
    const first = hark('episodes', dir);
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/garden\.md: aligned to its audio/);
    const episode = JSON.parse(readFileSync(join(dir, 'garden.json'), 'utf8')) as {
      turns: { start?: number; source?: string }[];
    };
    episode.turns.forEach((t, i) => {
      expect(t.source).toBe('audio');
      expect(Math.abs(t.start! - truth[i]!)).toBeLessThan(0.3);
    });
    const again = hark('episodes', dir);
    expect(again.stderr).not.toMatch(/aligned to its audio/);
    expect(hark('episodes', dir, '--check').status).toBe(0);
    writeFileSync(join(dir, 'garden.md'), page('The wind, mostly. It dries the soil.'));
    expect(hark('episodes', dir).stderr).toMatch(/garden\.md: aligned to its audio/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('hark align-eval', { timeout: 60_000 }, () => {
  it('measures a case: right segment, start errors, speed and memory, next to the text-only estimate', () => {
    const r = hark('align-eval', join(tmp, 'talk.segments.json'), '--json');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as {
      cases: {
        aligned: { rightSegment: number; medianStartError: number };
        textOnly: object;
        timesRealTime: number;
        peakMemoryMB: number;
      }[];
      mean: object;
    };
    const c = result.cases[0]!;
    expect(c.aligned.rightSegment).toBeGreaterThan(0.95);
    expect(c.aligned.medianStartError).toBeLessThan(0.2);
    expect(c.textOnly).toHaveProperty('rightSegment');
    expect(c.timesRealTime).toBeGreaterThan(0);
    expect(c.peakMemoryMB).toBeGreaterThan(0);
    const table = hark('align-eval', join(tmp, 'talk.segments.json'));
    expect(table.stdout).toMatch(/^case .*right.*median.*p90/);
    expect(table.stdout).toMatch(/\nmean /);
  });
});

describe('hark speech', { timeout: 60_000 }, () => {
  it('writes a speech track beside the episode that aligns the recording without a synthesizer', () => {
    const out = join(tmp, 'with-speech.json');
    const r = hark('speech', join(tmp, 'episode.json'), '-o', out);
    expect(r.status).toBe(0);
    const withSpeech = JSON.parse(readFileSync(out, 'utf8')) as Episode;
    expect(withSpeech.speech).toEqual({ src: 'with-speech.speech' });
    expect(hark('validate', out).status).toBe(0);
    const bytes = readFileSync(join(tmp, 'with-speech.speech'));
    const decoded = decodeSpeechTrack(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.value.textHash).toBe(speechTextHash(withSpeech.turns));
    expect(decoded.value.renderings).toHaveLength(2);
    const wav = parseWav(readFileSync(join(tmp, 'talk.wav')))!;
    const extractor = new FeatureExtractor({ sampleRate: wav.sampleRate, hop: decoded.value.hop });
    extractor.push(wav.samples);
    const result = alignToSpeechTrack(withSpeech.turns, decoded.value, extractor.finish());
    result.turns.forEach((t, i) => {
      expect(t.exact).toBe(true);
      expect(Math.abs(t.start - truth[i]!)).toBeLessThan(0.3);
    });
  });

  it('refuses bytes that are not a speech track, and a page without -o', () => {
    expect(decodeSpeechTrack(new Uint8Array(40).buffer)).toEqual({
      ok: false,
      error: 'not a Hark speech track (wrong header)',
    });
    const page = join(tmp, 'page.md');
    writeFileSync(page, '# A page\n\n**Alice:** Hello there.\n');
    const r = hark('speech', page);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
