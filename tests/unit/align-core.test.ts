import { describe, expect, it } from 'vitest';
import { alignFeatures, snapToOnset, speechActivity } from '../../src/lib/align/align.ts';
import { diagonalWindow, windowedDtw } from '../../src/lib/align/dtw.ts';
import { FeatureExtractor, normalize, pool, type Features } from '../../src/lib/align/features.ts';
import { placeTurns } from '../../src/lib/align/place.ts';
import { scoreStarts, snapToSpeech } from '../../src/lib/align/score.ts';
import { validateEpisode } from '../../src/lib/episode/validate.ts';

const RATE = 16000;

function tone(hz: number, seconds: number, amplitude = 0.3): Float32Array {
  return Float32Array.from(
    { length: Math.round(seconds * RATE) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / RATE),
  );
}

function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function features(signal: Float32Array): Features {
  const x = new FeatureExtractor({ sampleRate: RATE });
  x.push(signal);
  return x.finish();
}

/** Features from a list of "phones": each a frequency (0: silence) held for a number of frames. */
function sequence(parts: [number, number][]): Features {
  const dims = 2;
  const frames = parts.reduce((n, [, f]) => n + f, 0);
  const data = new Float32Array(frames * dims);
  let at = 0;
  for (const [value, count] of parts) {
    for (let k = 0; k < count; k++, at++) {
      data[at * dims] = Math.cos(value);
      data[at * dims + 1] = Math.sin(value) + value / 10;
    }
  }
  return { data, frames, dims, hop: 0.02, energy: new Float32Array(frames) };
}

describe('features', () => {
  it('makes one frame per hop and tells sound from silence', () => {
    const f = features(concat(new Float32Array(RATE), tone(1000, 1)));
    expect(f.frames).toBe(Math.floor((2 * RATE - 400) / 320) + 1);
    expect(f.dims).toBe(13);
    expect(f.energy[10]! + 10).toBeLessThan(f.energy[f.frames - 10]!);
  });

  it('gives the same features however the samples are chunked', () => {
    const signal = concat(tone(440, 0.5), tone(1200, 0.5));
    const whole = features(signal);
    const x = new FeatureExtractor({ sampleRate: RATE });
    for (let at = 0; at < signal.length; at += 777) x.push(signal.subarray(at, at + 777));
    const chunked = x.finish();
    expect(chunked.frames).toBe(whole.frames);
    let worst = 0;
    for (let i = 0; i < whole.data.length; i++)
      worst = Math.max(worst, Math.abs(whole.data[i]! - chunked.data[i]!));
    expect(worst).toBeLessThan(1e-3);
  });

  it('tells two tones apart at any sample rate (the frame is in seconds)', () => {
    const at = (rate: number, hz: number): Float32Array => {
      const x = new FeatureExtractor({ sampleRate: rate });
      x.push(Float32Array.from({ length: rate }, (_, i) => 0.3 * Math.sin((2 * Math.PI * hz * i) / rate)));
      const f = x.finish();
      return f.data.slice(20 * 13, 21 * 13);
    };
    const dist = (a: Float32Array, b: Float32Array): number => Math.hypot(...a.map((v, i) => v - b[i]!));
    expect(dist(at(16000, 500), at(22050, 500))).toBeLessThan(dist(at(16000, 500), at(16000, 2000)) / 3);
  });

  it('measures speech-band energy that rumble below it hardly reaches', () => {
    const f = features(concat(tone(60, 1, 0.6), tone(1000, 1, 0.05)));
    expect(f.speech).toHaveLength(f.frames);
    const rumble = f.speech![25]!;
    const voice = f.speech![f.frames - 10]!;
    expect(rumble + 3).toBeLessThan(voice);
    // The overall energy says the opposite: the rumble is louder.
    expect(f.energy[25]!).toBeGreaterThan(f.energy[f.frames - 10]!);
  });

  it('normalizes each dimension and pools frames', () => {
    const f = normalize(features(concat(tone(300, 0.5), tone(3000, 0.5))));
    let mean = 0;
    for (let i = 0; i < f.frames; i++) mean += f.data[i * 13 + 1]!;
    expect(Math.abs(mean / f.frames)).toBeLessThan(1e-3);
    const p = pool(f, 10);
    expect(p.frames).toBe(Math.ceil(f.frames / 10));
    expect(p.hop).toBeCloseTo(0.2);
  });
});

describe('windowed DTW', () => {
  it('follows a stretched copy with a pause inserted, in memory that grows with length × band', () => {
    const script = sequence([
      [0, 5],
      [1, 10],
      [0, 2],
      [2, 10],
      [0, 2],
      [3, 10],
      [0, 2],
      [4, 10],
    ]);
    const recording = sequence([
      [0, 8],
      [1, 15],
      [0, 3],
      [2, 6],
      [0, 20],
      [3, 12],
      [0, 2],
      [4, 9],
    ]);
    const window = diagonalWindow(script.frames, recording.frames, 30);
    const path = windowedDtw(script, recording, window);
    expect(path.first[5]).toBe(8);
    expect(path.first[17]).toBe(26);
    expect(path.first[29]).toBe(52);
    expect(path.first[41]).toBe(66);
    expect(path.cells).toBeLessThanOrEqual(script.frames * 61);
  });

  it('keeps its memory to the band on a long input', () => {
    const parts: [number, number][] = Array.from({ length: 2000 }, (_, i) => [i % 7, 5]);
    const a = sequence(parts);
    const path = windowedDtw(a, a, diagonalWindow(a.frames, a.frames, 50));
    expect(path.cells).toBeLessThan(a.frames * 101 + 1);
    expect(path.cells).toBeLessThan((a.frames * a.frames) / 50);
    expect(path.first[5000]).toBe(5000);
  });
});

describe('alignment and placement', () => {
  it('places units of two scripts and reports agreement', () => {
    const parts: [number, number][] = [
      [0, 10],
      [1, 40],
      [0, 10],
      [2, 40],
      [0, 10],
      [3, 40],
    ];
    const script = sequence(parts);
    const slower = sequence(parts.map(([v, n]) => [v, Math.round(n * 1.2)]));
    const recording = sequence([
      [5, 30],
      ...parts.map(([v, n]): [number, number] => [v, Math.round(n * 1.1)]),
    ]);
    const units = (s: number) => [
      { turn: 0, paragraph: 0, frame: 10 * s, frames: 40 * s },
      { turn: 1, paragraph: 0, frame: 60 * s, frames: 40 * s },
      { turn: 2, paragraph: 0, frame: 110 * s, frames: 40 * s },
    ];
    const result = alignFeatures(
      [
        { features: script, units: units(1) },
        { features: slower, units: units(1.2) },
      ],
      recording,
    );
    const truth = [30 + 11, 30 + 66, 30 + 121].map((f) => f * 0.02);
    result.units.forEach((u, i) => expect(Math.abs(u.start - truth[i]!)).toBeLessThan(0.1));
    expect(result.agreement).toBe(1);
  });

  it('finds speech against the local floor and moves starts to where the words begin', () => {
    // 20 ms frames: a quiet room (level 0), a click, a breath-free pause, then words at level 5 from frame 100
    // with a short dip inside; later a quieter speaker (floor -4, words at -1) from frame 700.
    const level = new Float32Array(1200);
    level.fill(0, 0, 600);
    level[60] = 6;
    level.fill(5, 100, 300);
    level.fill(0, 150, 153);
    level.fill(5, 400, 500);
    level.fill(-4, 600);
    level.fill(-1, 700, 900);
    const active = speechActivity(level, 0.02);
    expect(active[60]).toBe(0);
    expect([...active.subarray(100, 300)].every(Boolean)).toBe(true);
    expect(active[99]! + active[300]!).toBe(0);
    expect(active[650]! + active[750]!).toBe(1);
    // In the pause before the words: forward to them, up to a second.
    expect(snapToOnset(active, 70)).toBe(100);
    expect(snapToOnset(active, 690)).toBe(700);
    expect(snapToOnset(active, 320)).toBe(320);
    // A little inside the words: back to their onset; deep inside (running speech): left alone.
    expect(snapToOnset(active, 106)).toBe(100);
    expect(snapToOnset(active, 200)).toBe(200);
  });

  it('keeps confident starts and estimates the others between their neighbours', () => {
    const turns = ['a', 'b', 'a', 'b'].map((speaker) => ({
      speaker,
      paragraphs: ['Some words are spoken here.'],
    }));
    const unit = (start: number, confidence: number) => ({
      start,
      confidence,
      disagreement: 0,
      pace: 1,
      match: 0.3,
    });
    const placed = placeTurns(turns, [unit(0, 0.9), unit(99, 0.1), unit(20, 0.9), unit(30, 0.9)], 40, 0.75);
    expect(placed.confident).toBe(3);
    expect(placed.turns[1]!.exact).toBe(false);
    expect(placed.turns[1]!.start).toBeGreaterThan(0);
    expect(placed.turns[1]!.start).toBeLessThan(20);
    expect(placed.turns[2]).toEqual({ start: 20, confidence: 0.9, exact: true });
    const mismatch = placeTurns(turns, [unit(0, 0.9), unit(5, 0.9), unit(20, 0.9), unit(30, 0.9)], 40, 0.2);
    expect(mismatch.confident).toBe(0);
    expect(mismatch.warning).toMatch(/does not seem to be a recording of this transcript/);
  });

  it('scores the share of time on the right segment and the start errors', () => {
    const score = scoreStarts([0, 10, 20], [0, 11, 20], 30);
    expect(score.rightSegment).toBeCloseTo(29 / 30, 2);
    expect(score.medianStartError).toBe(0);
    expect(score.p90StartError).toBeCloseTo(0.8);
    expect(
      snapToSpeech(
        [0, 2.68, 11.92],
        [
          [0.72, 2.68],
          [11, 12.5],
        ],
      ),
    ).toEqual([0, 2.68, 12.5]);
  });
});

describe('episode format: times from the audio', () => {
  const base = {
    format: 'hark-episode/1',
    slug: 's',
    title: 'T',
    speakers: [{ id: 'a', name: 'A', aliases: [] }],
    turns: [{ speaker: 'a', paragraphs: ['one', 'two'], start: 1.5, source: 'audio', confidence: 0.9 }],
    anchors: [{ turn: 0, paragraph: 1, time: 3, source: 'audio' }],
  };

  it('keeps source and confidence of an aligned turn and accepts audio anchors', () => {
    const r = validateEpisode(base);
    expect(r.ok && r.value.turns[0]).toEqual({
      speaker: 'a',
      paragraphs: ['one', 'two'],
      start: 1.5,
      source: 'audio',
      confidence: 0.9,
    });
    expect(r.ok && r.value.anchors[0]!.source).toBe('audio');
  });

  it('refuses a confidence outside 0..1 and an unknown source', () => {
    const bad = (turn: object) => validateEpisode({ ...base, turns: [{ ...base.turns[0], ...turn }] });
    expect(bad({ confidence: 1.5 })).toEqual({
      ok: false,
      error: 'turns[0].confidence: expected a number from 0 to 1, got a number',
    });
    expect(bad({ source: 'video' })).toEqual({
      ok: false,
      error: 'turns[0].source: expected "audio" or nothing',
    });
  });
});
