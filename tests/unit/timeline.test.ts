import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnchorSource, TimeAnchor, Turn } from '../../src/lib/episode/types.ts';
import {
  BASELINE_MODEL,
  DEFAULT_MODEL,
  WORDS_PER_MINUTE,
  buildTimeline,
  byCharacters,
  byLetters,
  findActive,
  layoutText,
  type Timeline,
  type TimelineOptions,
  type TimingModel,
} from '../../src/lib/timing/timeline.ts';

type TimedTurn = Pick<Turn, 'paragraphs' | 'start'> & { speaker?: string };

/** `n` words of 4 letters: 5n - 1 characters. */
const words = (n: number): string => Array.from({ length: n }, () => 'word').join(' ');

/** `count` turns of one paragraph of `n` words each. */
const evenTurns = (count: number, n = 20): TimedTurn[] =>
  Array.from({ length: count }, () => ({ paragraphs: [words(n)] }));

const TURNS: TimedTurn[] = [
  { paragraphs: [words(10)] },
  { paragraphs: [words(40), words(5)] },
  { paragraphs: ['Short.'] },
  { paragraphs: [words(25), words(25), words(3)] },
  { paragraphs: [words(60)] },
];

/**
 * Lays out and times `turns` with one model for both steps. The mechanics tests use the baseline (characters,
 * no turn overhead, syncs at the turn's start, no speaker paces) so that positions are easy to compute.
 */
function timeline(
  turns: readonly TimedTurn[],
  options: Omit<TimelineOptions, 'model'> = {},
  model: TimingModel = BASELINE_MODEL,
): Timeline {
  return buildTimeline(turns, layoutText(turns, model), { ...options, model });
}

function expectNonDecreasing(values: ArrayLike<number>): void {
  for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
}

describe('byCharacters', () => {
  it('weighs text by its length, and empty text as 1', () => {
    expect(byCharacters('abc')).toBe(3);
    expect(byCharacters('hello world')).toBe(11);
    expect(byCharacters('')).toBe(1);
  });
});

describe('layoutText', () => {
  it('gives cumulative positions, weights and lengths per paragraph', () => {
    const layout = layoutText([{ paragraphs: ['abc', 'de'] }, { paragraphs: ['fghij'] }], BASELINE_MODEL);
    expect(layout.paragraphPositions).toEqual([[0, 3], [5]]);
    expect(layout.paragraphWeights).toEqual([[3, 2], [5]]);
    expect(layout.paragraphLengths).toEqual([[3, 2], [5]]);
    expect(layout.total).toBe(10);
    expect(layout.words).toBe(3);
  });

  it('measures the plain text, not the markdown', () => {
    const layout = layoutText(
      [{ paragraphs: ['**Hello** [world](https://example.com/a/long/path)'] }],
      BASELINE_MODEL,
    );
    expect(layout.paragraphLengths).toEqual([['Hello world'.length]]);
    expect(layout.total).toBe('Hello world'.length);
    expect(layout.words).toBe(2);
  });

  it('uses a custom weigher', () => {
    const layout = layoutText(TURNS, () => 1);
    expect(layout.paragraphPositions).toEqual([[0], [1, 2], [3], [4, 5, 6], [7]]);
    expect(layout.total).toBe(8);
  });

  it('counts an empty paragraph as weight 1 and no words', () => {
    const layout = layoutText([{ paragraphs: [''] }, { paragraphs: ['one two'] }], BASELINE_MODEL);
    expect(layout.paragraphWeights).toEqual([[1], [7]]);
    expect(layout.paragraphLengths).toEqual([[0], [7]]);
    expect(layout.words).toBe(2);
  });

  it('lays out no turns as nothing', () => {
    expect(layoutText([])).toEqual({
      paragraphPositions: [],
      paragraphWeights: [],
      paragraphLengths: [],
      total: 0,
      words: 0,
    });
  });
});

describe('buildTimeline without anchors', () => {
  it('spreads turns over the duration in proportion to their text', () => {
    const layout = layoutText(TURNS, BASELINE_MODEL);
    const t = buildTimeline(TURNS, layout, { duration: 1000, model: BASELINE_MODEL });
    expect(t.duration).toBe(1000);
    expect(t.durationKnown).toBe(true);
    expect(t.turnStarts).toHaveLength(TURNS.length);
    TURNS.forEach((_, i) => {
      const position = layout.paragraphPositions[i]![0]!;
      expect(t.turnStarts[i]).toBeCloseTo((1000 * position) / layout.total, 9);
    });
    t.paragraphStarts.forEach((starts, i) =>
      starts.forEach((s, j) =>
        expect(s).toBeCloseTo((1000 * layout.paragraphPositions[i]![j]!) / layout.total, 9),
      ),
    );
  });

  it('starts at 0, never goes back, and ends before the duration', () => {
    const t = timeline(TURNS, { duration: 1234.5 });
    expect(t.turnStarts[0]).toBe(0);
    expectNonDecreasing(t.turnStarts);
    expect(t.turnStarts[TURNS.length - 1]!).toBeLessThan(1234.5);
    expect(t.turnExact).toEqual([false, false, false, false, false]);
  });

  it('scales every start with the duration', () => {
    const short = timeline(TURNS, { duration: 600 });
    const long = timeline(TURNS, { duration: 3600 });
    TURNS.forEach((_, i) => expect(long.turnStarts[i]).toBeCloseTo(short.turnStarts[i]! * 6, 9));
  });

  it('guesses the duration at 150 words per minute when it is unknown', () => {
    const turns = evenTurns(10, 30); // 300 words: two minutes
    for (const duration of [undefined, 0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const t = timeline(turns, { duration });
      expect(t.durationKnown).toBe(false);
      expect(t.duration).toBeCloseTo((300 / WORDS_PER_MINUTE) * 60, 9);
      expect(t.turnStarts[5]).toBeCloseTo(60, 9);
    }
  });

  it('has no starts for no turns', () => {
    const t = timeline([], { duration: 100 });
    expect(t.turnStarts).toHaveLength(0);
    expect(t.paragraphStarts).toEqual([]);
  });
});

describe('buildTimeline with anchors', () => {
  const turns = evenTurns(10); // 10 turns of 99 characters: turn i at 99 i, total 990

  it.each<AnchorSource>(['user', 'transcript', 'marker'])(
    'puts a %s anchor exactly where it says',
    (source) => {
      const t = timeline(turns, { duration: 3000, anchors: [{ turn: 4, time: 777.7, source }] });
      expect(t.turnStarts[4]).toBe(777.7);
      // Piecewise linear around it: before from 0, after up to the duration.
      expect(t.turnStarts[2]).toBeCloseTo(777.7 / 2, 9);
      expect(t.turnStarts[7]).toBeCloseTo(777.7 + ((3000 - 777.7) * (7 * 99 - 4 * 99)) / (990 - 4 * 99), 9);
      expectNonDecreasing(t.turnStarts);
    },
  );

  it('keeps several agreeing anchors', () => {
    const anchors: TimeAnchor[] = [
      { turn: 2, time: 100, source: 'marker' },
      { turn: 5, time: 900, source: 'transcript' },
      { turn: 8, time: 1000, source: 'user' },
    ];
    const t = timeline(turns, { duration: 3000, anchors });
    expect([t.turnStarts[2], t.turnStarts[5], t.turnStarts[8]]).toEqual([100, 900, 1000]);
    expect(t.turnStarts[1]).toBeCloseTo(50, 9);
    expect(t.turnStarts[3]).toBeCloseTo(100 + 800 / 3, 9);
    expectNonDecreasing(t.turnStarts);
  });

  it('places an anchor with an offset inside a paragraph', () => {
    const two = [{ paragraphs: ['a'.repeat(100)] }, { paragraphs: ['b'.repeat(100)] }];
    const t = timeline(two, {
      duration: 400,
      anchors: [{ turn: 0, paragraph: 0, offset: 50, time: 100, source: 'marker' }],
    });
    // Knots (position → time): 0 → 0, 50 → 100, 200 → 400; turn 1 is at position 100.
    expect(t.turnStarts[0]).toBe(0);
    expect(t.turnStarts[1]).toBeCloseTo(200, 9);
  });

  it('anchors a later paragraph of a turn', () => {
    const t = timeline(TURNS, {
      duration: 2000,
      anchors: [{ turn: 3, paragraph: 1, time: 1200, source: 'user' }],
    });
    expect(t.paragraphStarts[3]![1]).toBe(1200);
    expect(t.turnStarts[3]!).toBeLessThan(1200);
    expect(t.paragraphStarts[3]![2]!).toBeGreaterThan(1200);
  });

  it('clamps an offset past the end of its paragraph to the paragraph end', () => {
    const two = [{ paragraphs: ['a'.repeat(100)] }, { paragraphs: ['b'.repeat(100)] }];
    const t = timeline(two, {
      duration: 400,
      anchors: [{ turn: 0, offset: 5000, time: 300, source: 'user' }],
    });
    expect(t.turnStarts[1]).toBe(300);
  });

  it('ignores anchors on turns or paragraphs that do not exist, and bad times', () => {
    const plain = timeline(turns, { duration: 3000 });
    const t = timeline(turns, {
      duration: 3000,
      anchors: [
        { turn: 99, time: 10, source: 'user' },
        { turn: -1, time: 10, source: 'user' },
        { turn: 3, paragraph: 4, time: 10, source: 'user' },
        { turn: 3, time: -5, source: 'user' },
        { turn: 3, time: Number.NaN, source: 'user' },
        { turn: 3, time: Number.POSITIVE_INFINITY, source: 'user' },
      ],
    });
    expect(Array.from(t.turnStarts)).toEqual(Array.from(plain.turnStarts));
  });

  it('drops an anchor after the end of the audio', () => {
    const plain = timeline(turns, { duration: 300 });
    const t = timeline(turns, { duration: 300, anchors: [{ turn: 5, time: 301, source: 'user' }] });
    expect(Array.from(t.turnStarts)).toEqual(Array.from(plain.turnStarts));
  });

  it.each<[AnchorSource, AnchorSource]>([
    ['user', 'marker'],
    ['user', 'transcript'],
    ['transcript', 'marker'],
  ])('keeps the %s anchor when a %s anchor contradicts it', (winner, loser) => {
    // A later turn anchored earlier in time than an earlier turn: they cannot both be right.
    for (const [w, l] of [
      [
        { turn: 6, time: 300 },
        { turn: 2, time: 600 },
      ],
      [
        { turn: 2, time: 600 },
        { turn: 6, time: 300 },
      ],
    ] as const) {
      for (const anchors of [
        [
          { ...w, source: winner },
          { ...l, source: loser },
        ],
        [
          { ...l, source: loser },
          { ...w, source: winner },
        ],
      ]) {
        const t = timeline(turns, { duration: 3000, anchors });
        expect(t.turnStarts[w.turn]).toBe(w.time);
        expect(t.turnStarts[l.turn]).not.toBe(l.time);
        expectNonDecreasing(t.turnStarts);
      }
    }
  });

  it('keeps the higher-priority anchor when two fall on the same place', () => {
    const t = timeline(turns, {
      duration: 3000,
      anchors: [
        { turn: 3, time: 100, source: 'marker' },
        { turn: 3, time: 200, source: 'user' },
      ],
    });
    expect(t.turnStarts[3]).toBe(200);
  });

  it('uses the pace implied by the last anchor when the duration is unknown', () => {
    // Turn 5 starts at position 495 of 990; anchored at 200 s, the whole text takes 400 s.
    const t = timeline(turns, { anchors: [{ turn: 5, time: 200, source: 'user' }] });
    expect(t.durationKnown).toBe(false);
    expect(t.duration).toBeCloseTo(400, 9);
    expect(t.turnStarts[5]).toBe(200);
    expect(t.turnStarts[9]).toBeCloseTo(360, 9);
    expect(t.turnStarts[1]).toBeCloseTo(40, 9);
  });

  it('stays put when the duration changes around an anchor', () => {
    const anchors: TimeAnchor[] = [{ turn: 5, time: 200, source: 'user' }];
    const a = timeline(turns, { duration: 1000, anchors });
    const b = timeline(turns, { duration: 2000, anchors });
    expect(a.turnStarts[5]).toBe(200);
    expect(b.turnStarts[5]).toBe(200);
    // Before the anchor, nothing moves; after it, the text stretches to the new end.
    expect(b.turnStarts[2]).toBeCloseTo(a.turnStarts[2]!, 9);
    expect(b.turnStarts[8]!).toBeGreaterThan(a.turnStarts[8]!);
  });
});

describe('buildTimeline with exact starts', () => {
  it('keeps exact starts and marks them', () => {
    const turns: TimedTurn[] = evenTurns(6).map((t, i) =>
      i === 0 || i === 3 ? { ...t, start: i * 100 } : t,
    );
    const t = timeline(turns, { duration: 1000 });
    expect(t.turnExact).toEqual([true, false, false, true, false, false]);
    expect(t.turnStarts[0]).toBe(0);
    expect(t.turnStarts[3]).toBe(300);
    expect(t.paragraphStarts[3]![0]).toBe(300);
    // Estimates bend through the exact start.
    expect(t.turnStarts[1]).toBeCloseTo(100, 9);
    expect(t.turnStarts[4]).toBeCloseTo(300 + 700 / 3, 9);
  });

  it('lets an exact start win over a contradicting marker', () => {
    const turns: TimedTurn[] = evenTurns(6).map((t, i) => (i === 4 ? { ...t, start: 100 } : t));
    const t = timeline(turns, { duration: 1000, anchors: [{ turn: 1, time: 500, source: 'marker' }] });
    expect(t.turnStarts[4]).toBe(100);
    expect(t.turnStarts[1]!).toBeLessThan(100);
  });

  it('keeps the starts non-decreasing when exact starts disagree', () => {
    const turns: TimedTurn[] = [
      { paragraphs: ['one'], start: 100 },
      { paragraphs: ['two'], start: 50 },
      { paragraphs: ['three'] },
    ];
    const t = timeline(turns, { duration: 1000 });
    expect(t.turnStarts[0]).toBe(100);
    // The contradicting time is dropped, and the turn no longer claims to be exact.
    expect(t.turnStarts[1]).toBeGreaterThanOrEqual(100);
    expect(t.turnExact).toEqual([true, false, false]);
    expectNonDecreasing(t.turnStarts);
  });
});

describe('buildTimeline properties', () => {
  const sources = fc.constantFrom<AnchorSource>('user', 'transcript', 'marker');
  const paragraph = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.nat(80).map((n) => words(n)),
  );
  const turnsArb = fc.array(
    fc.record({
      paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 3 }),
      start: fc.option(fc.double({ min: 0, max: 5000, noNaN: true }), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 15 },
  );
  const anchorsArb = fc.array(
    fc.record({
      turn: fc.integer({ min: -1, max: 16 }),
      paragraph: fc.option(fc.nat(3), { nil: undefined }),
      offset: fc.option(fc.nat(100), { nil: undefined }),
      time: fc.oneof(fc.double({ min: -10, max: 8000 }), fc.constant(0)),
      source: sources,
    }),
    { maxLength: 8 },
  );
  const durationArb = fc.option(fc.oneof(fc.double({ min: 0, max: 7200 }), fc.constant(Number.NaN)), {
    nil: undefined,
  });

  const models = [
    ['the baseline', BASELINE_MODEL],
    ['the default model', DEFAULT_MODEL],
  ] as const;
  const speakerArb = fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined });

  it.each(models)(
    'always gives finite, non-decreasing starts from 0 on, marking exact ones, with %s',
    (_, model) => {
      fc.assert(
        fc.property(turnsArb, anchorsArb, durationArb, speakerArb, (turns, anchors, duration, speaker) => {
          const t = timeline(
            turns.map((x, i) => (speaker !== undefined && i % 2 ? { ...x, speaker } : x)),
            { duration, anchors },
            model,
          );
          expect(t.turnStarts).toHaveLength(turns.length);
          expect(t.turnStarts[0]!).toBeGreaterThanOrEqual(0);
          for (const s of t.turnStarts) expect(Number.isFinite(s)).toBe(true);
          expectNonDecreasing(t.turnStarts);
          // A turn is shown as exact only when its exact start survived (it can lose to a sync point).
          turns.forEach((x, i) => {
            if (t.turnExact[i]) expect(t.turnStarts[i]).toBeCloseTo(x.start!, 6);
            if (x.start === undefined) expect(t.turnExact[i]).toBe(false);
          });
          if (
            anchors.length === 0 &&
            duration !== undefined &&
            turns.every((x) => x.start === undefined || x.start <= duration)
          ) {
            const exactStarts = turns.filter((x) => x.start !== undefined).map((x) => x.start!);
            if (exactStarts.every((v, i) => i === 0 || v > exactStarts[i - 1]!)) {
              expect(t.turnExact).toEqual(turns.map((x) => x.start !== undefined));
            }
          }
          expect(Number.isFinite(t.duration)).toBe(true);
          expect(t.duration).toBeGreaterThanOrEqual(0);
        }),
      );
    },
  );

  it.each(models)(
    'without exact starts, every paragraph starts no earlier than the one before, with %s',
    (_, model) => {
      fc.assert(
        fc.property(turnsArb, anchorsArb, durationArb, (turns, anchors, duration) => {
          const estimated = turns.map((x, i) => ({ paragraphs: x.paragraphs, speaker: i % 3 ? 'a' : 'b' }));
          const t = timeline(estimated, { duration, anchors }, model);
          expectNonDecreasing(t.paragraphStarts.flat());
          for (let i = 0; i < estimated.length; i++) expect(t.turnStarts[i]).toBe(t.paragraphStarts[i]![0]);
        }),
      );
    },
  );

  it('respects a single anchor exactly when it falls within the audio', () => {
    fc.assert(
      fc.property(
        turnsArb,
        fc.nat(14),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 7200, noNaN: true }),
        sources,
        (turns, k, fraction, duration, source) => {
          fc.pre(k < turns.length);
          const estimated = turns.map((x) => ({ paragraphs: x.paragraphs }));
          const time = fraction * duration;
          const t = timeline(estimated, { duration, anchors: [{ turn: k, time, source }] });
          expect(t.turnStarts[k]).toBe(time);
          if (k < turns.length - 1) expect(t.turnStarts[turns.length - 1]!).toBeLessThanOrEqual(duration);
        },
      ),
    );
  });
});

describe('findActive', () => {
  it('is -1 for no starts', () => {
    expect(findActive([], 0)).toBe(-1);
    expect(findActive(new Float64Array(0), 100)).toBe(-1);
  });

  it('is -1 before the first start', () => {
    expect(findActive([5, 10, 20], 4.999)).toBe(-1);
    expect(findActive([5, 10, 20], -1)).toBe(-1);
  });

  it('is the turn that starts exactly at the time', () => {
    expect(findActive([0, 10, 20], 0)).toBe(0);
    expect(findActive([0, 10, 20], 10)).toBe(1);
    expect(findActive([0, 10, 20], 20)).toBe(2);
  });

  it('is the last turn started', () => {
    expect(findActive([0, 10, 20], 9.999)).toBe(0);
    expect(findActive([0, 10, 20], 15)).toBe(1);
    expect(findActive([0, 10, 20], 1e9)).toBe(2);
  });

  it('picks the last of equal starts', () => {
    expect(findActive([0, 10, 10, 10, 20], 10)).toBe(3);
    expect(findActive([0, 10, 10, 10, 20], 9)).toBe(0);
    expect(findActive([5, 5, 5], 5)).toBe(2);
    expect(findActive([5, 5, 5], 4)).toBe(-1);
  });

  it('agrees with a linear scan', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 })).map((a) => a.sort((x, y) => x - y)),
        fc.integer({ min: -5, max: 105 }),
        (starts, time) => {
          let expected = -1;
          starts.forEach((s, i) => {
            if (s <= time) expected = i;
          });
          expect(findActive(starts, time)).toBe(expected);
        },
      ),
    );
  });
});

describe('anchor precedence when the duration is unknown', () => {
  it('never lets a marker override a user anchor', () => {
    const turns = Array.from({ length: 10 }, () => ({ paragraphs: [Array(20).fill('word').join(' ')] }));
    const t = buildTimeline(turns, layoutText(turns, BASELINE_MODEL), {
      model: BASELINE_MODEL,
      anchors: [
        { turn: 2, time: 600, source: 'user' },
        { turn: 8, time: 60, source: 'marker' },
      ],
    });
    expect(t.turnStarts[2]).toBe(600);
    expect(t.duration).toBeGreaterThan(600);
  });

  it('keeps the words-per-minute pace after an exact first start', () => {
    const turns = Array.from({ length: 10 }, (_, i) => ({
      paragraphs: [Array(20).fill('word').join(' ')],
      ...(i === 0 ? { start: 30 } : {}),
    }));
    const t = buildTimeline(turns, layoutText(turns, BASELINE_MODEL), { model: BASELINE_MODEL });
    // 200 words at 150 a minute take 80 s, after the 30 s before the first turn.
    expect(t.duration).toBeCloseTo(110, 6);
    expect(t.turnStarts[0]).toBe(30);
  });
});

describe('byLetters', () => {
  it('counts letters and digits only, and empty text as 1', () => {
    expect(byLetters('Hello, world!')).toBe(10);
    expect(byLetters('café 42')).toBe(6);
    expect(byLetters('Grüße — 東京')).toBe(7);
    expect(byLetters('... — !')).toBe(1);
    expect(byLetters('')).toBe(1);
  });
});

describe('layoutText with the default model', () => {
  it('is the default', () => {
    expect(layoutText(TURNS)).toEqual(layoutText(TURNS, DEFAULT_MODEL));
    expect(layoutText(TURNS, {})).toEqual(layoutText(TURNS, DEFAULT_MODEL));
  });

  it('weighs letters only, and adds the turn overhead after each turn', () => {
    expect(DEFAULT_MODEL.turnOverhead).toBe(12);
    const layout = layoutText([
      { paragraphs: ['Hello, world!', 'a b'] },
      { paragraphs: ['**Yes.** 42'] },
      { paragraphs: ['…'] },
    ]);
    expect(layout.paragraphWeights).toEqual([[10, 2], [5], [1]]);
    // Paragraphs within a turn follow each other; the next turn comes 12 after the last paragraph's end.
    expect(layout.paragraphPositions).toEqual([[0, 10], [24], [41]]);
    expect(layout.total).toBe(41 + 1 + 12);
    // Lengths (for character offsets) and words still count the plain text.
    expect(layout.paragraphLengths).toEqual([['Hello, world!'.length, 3], ['Yes. 42'.length], [1]]);
    expect(layout.words).toBe(7);
  });

  it('adds no overhead for a turn without paragraphs', () => {
    const layout = layoutText([{ paragraphs: ['abc'] }, { paragraphs: [] }, { paragraphs: ['de'] }]);
    expect(layout.paragraphPositions).toEqual([[0], [], [15]]);
    expect(layout.total).toBe(15 + 2 + 12);
  });

  it('takes part of a model, the rest from the default', () => {
    const overhead = layoutText([{ paragraphs: ['a, b'] }, { paragraphs: ['c'] }], { turnOverhead: 5 });
    expect(overhead.paragraphPositions).toEqual([[0], [7]]);
    expect(overhead.total).toBe(13);
    const weigher = layoutText([{ paragraphs: ['a, b'] }, { paragraphs: ['c'] }], { weigh: byCharacters });
    expect(weigher.paragraphPositions).toEqual([[0], [16]]);
    expect(weigher.total).toBe(29);
  });
});

describe('buildTimeline with the default model', () => {
  // 10 turns of 80 letters, 92 units each with the overhead: with no anchors, turn i starts at 300 i s.
  const turns = evenTurns(10);
  const duration = 3000;
  const plain = timeline(turns, { duration }, DEFAULT_MODEL);

  function synced(turn: number, time: number): Timeline {
    return timeline(turns, { duration, anchors: [{ turn, time, source: 'user' }] }, DEFAULT_MODEL);
  }

  it('is the default', () => {
    const anchors: TimeAnchor[] = [{ turn: 4, time: 600, source: 'user' }];
    const t = buildTimeline(turns, layoutText(turns), { duration, anchors });
    expect(Array.from(t.turnStarts)).toEqual(
      Array.from(timeline(turns, { duration, anchors }, DEFAULT_MODEL).turnStarts),
    );
    expect(t.turnStarts[4]).not.toBe(600);
  });

  it('spreads even turns evenly', () => {
    turns.forEach((_, i) => expect(plain.turnStarts[i]).toBeCloseTo(300 * i, 9));
  });

  it.each<[string, number, number, boolean]>([
    ['far too late', 8, 100, false],
    ['too late', 5, 900, false],
    ['a little late', 5, 1400, false],
    ['starting at that very moment', 5, 1500, true],
    ['about to end', 5, 1799.9, true],
    ['a little early', 5, 1900, false],
    ['too early', 5, 2200, false],
    ['far too early', 2, 2500, false],
  ])(
    'makes a synced turn active at the sync time when the estimate had it %s',
    (_, turn, time, wasActive) => {
      const t = synced(turn, time);
      expect(findActive(plain.turnStarts, time) === turn).toBe(wasActive);
      expect(findActive(t.turnStarts, time)).toBe(turn);
      expectNonDecreasing(t.turnStarts);
      // A sync says the turn was playing, not that it began: the turn started before.
      expect(t.turnStarts[turn]!).toBeLessThan(time);
      expect(t.turnExact[turn]).toBe(false);
    },
  );

  // Not for "far too early" (turn 2 at 2500 s): the margin is a share of the turn's text, and after a sync that
  // late the rest of the text, the synced turn's last fifth included, is squeezed into the 500 s left.
  it.each([
    [8, 100],
    [5, 900],
    [5, 1400],
    [5, 1799.9],
    [5, 1900],
    [5, 2200],
  ])('keeps turn %i, synced at %f s, active for a while after the sync', (turn, time) => {
    const t = synced(turn, time);
    const start = t.turnStarts[turn]!;
    const end = t.turnStarts[turn + 1]!;
    expect(start).toBeLessThanOrEqual(time);
    // Not at the turn's very end: at least 5% of its estimated length is still to come.
    expect(end - time).toBeGreaterThan(0.05 * (end - start));
    expect(end - time).toBeGreaterThan(0.05 * 300);
  });

  it('does not pin a synced turn to the edge of what the estimate said', () => {
    // The estimate had turn 5 from 1500 s to 1800 s: a sync at either edge moves the turn so that the sync
    // falls inside it, not on its edge.
    const early = synced(5, 1500);
    expect(early.turnStarts[5]!).toBeLessThan(1500);
    expect(early.turnStarts[6]!).toBeGreaterThan(1500);
    const late = synced(5, 1799.9);
    expect(late.turnStarts[6]!).toBeGreaterThan(1800);
  });

  it('barely changes the estimate when the synced turn was already playing', () => {
    for (const turn of [0, 3, 5, 9]) {
      const start = plain.turnStarts[turn]!;
      const end = turn + 1 < turns.length ? plain.turnStarts[turn + 1]! : duration;
      for (const f of [0.25, 0.5, 0.75]) {
        const time = start + f * (end - start);
        const t = synced(turn, time);
        expect(findActive(t.turnStarts, time)).toBe(turn);
        turns.forEach((__, i) => expect(Math.abs(t.turnStarts[i]! - plain.turnStarts[i]!)).toBeLessThan(1));
      }
    }
  });

  it('barely changes the estimate of an episode with speakers when the synced turn was already playing', () => {
    const talk: TimedTurn[] = Array.from({ length: 30 }, (_, i) => ({
      speaker: i % 3 ? 'host' : 'guest',
      paragraphs: [words(5 + ((i * 37) % 41))],
    }));
    for (const d of [1800, undefined]) {
      const before = timeline(talk, { duration: d }, DEFAULT_MODEL);
      for (const [turn, f] of [
        [4, 0.5],
        [12, 0.3],
        [25, 0.7],
      ] as const) {
        const time = before.turnStarts[turn]! + f * (before.turnStarts[turn + 1]! - before.turnStarts[turn]!);
        const t = timeline(talk, { duration: d, anchors: [{ turn, time, source: 'user' }] }, DEFAULT_MODEL);
        expect(findActive(t.turnStarts, time)).toBe(turn);
        talk.forEach((__, i) => expect(Math.abs(t.turnStarts[i]! - before.turnStarts[i]!)).toBeLessThan(1));
      }
    }
  });

  it('moves the estimate when the synced turn was not playing', () => {
    const t = synced(5, 900);
    expect(t.turnStarts[5]!).toBeLessThan(900);
    expect(t.turnStarts[4]!).toBeLessThan(plain.turnStarts[4]! - 100);
    expect(t.turnStarts[7]!).toBeLessThan(plain.turnStarts[7]! - 100);
  });

  it('still puts anchors that name a place, and anchors from the episode, exactly where they say', () => {
    for (const anchor of [
      { turn: 4, time: 777.7, source: 'transcript' },
      { turn: 4, time: 777.7, source: 'marker' },
      { turn: 4, paragraph: 0, time: 777.7, source: 'user' },
      { turn: 4, offset: 0, time: 777.7, source: 'user' },
    ] satisfies TimeAnchor[]) {
      const t = timeline(turns, { duration, anchors: [anchor] }, DEFAULT_MODEL);
      expect(t.turnStarts[4]).toBe(777.7);
    }
  });

  it('keeps the reader sync when an episode anchor contradicts it', () => {
    const t = timeline(
      turns,
      {
        duration,
        anchors: [
          { turn: 6, time: 300, source: 'user' },
          { turn: 2, time: 600, source: 'transcript' },
        ],
      },
      DEFAULT_MODEL,
    );
    expect(findActive(t.turnStarts, 300)).toBe(6);
    expect(t.turnStarts[2]!).toBeLessThan(300);
  });

  it('keeps every synced turn active at its sync time (property)', () => {
    const paragraph = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.nat(80).map((n) => words(n)),
    );
    const turnsArb = fc.array(
      fc.record({
        paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 3 }),
        speaker: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 15 },
    );
    fc.assert(
      fc.property(
        turnsArb,
        fc.uniqueArray(fc.nat(14), { maxLength: 4 }),
        // Thousandths of the duration: syncs at least a millisecond apart.
        fc.uniqueArray(fc.integer({ min: 0, max: 950 }), { minLength: 4, maxLength: 4 }),
        fc.double({ min: 1, max: 7200, noNaN: true }),
        (episode, picked, thousandths, d) => {
          const syncTurns = picked.filter((k) => k < episode.length).sort((a, b) => a - b);
          // Later turns at later times, so that the syncs agree with each other.
          const times = [...thousandths].sort((a, b) => a - b).map((f) => (f / 1000) * d);
          const anchors = syncTurns.map((turn, i) => ({ turn, time: times[i]!, source: 'user' as const }));
          const t = timeline(episode, { duration: d, anchors }, DEFAULT_MODEL);
          for (const a of anchors) expect(findActive(t.turnStarts, a.time)).toBe(a.turn);
          expectNonDecreasing(t.turnStarts);
        },
      ),
    );
  });
});

describe('speaker paces learned from syncs', () => {
  /** A deterministic pseudo-random sequence in [0, 1). */
  function random(seed: number): () => number {
    let s = seed;
    return () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
  }

  /**
   * A synthetic episode of 40 turns by two speakers, A at 10 letters a second and B at 20, and its true turn
   * starts; the reader synced every fifth turn at its true start.
   */
  function episode(seed: number): {
    turns: TimedTurn[];
    truth: number[];
    duration: number;
    anchors: TimeAnchor[];
  } {
    const next = random(seed);
    const turns: TimedTurn[] = Array.from({ length: 40 }, () => ({
      speaker: next() < 0.5 ? 'A' : 'B',
      paragraphs: [words(3 + Math.floor(next() * 60))],
    }));
    const truth: number[] = [];
    let time = 0;
    for (const turn of turns) {
      truth.push(time);
      time += byLetters(turn.paragraphs[0]!) / (turn.speaker === 'A' ? 10 : 20);
    }
    const anchors = truth
      .map((t, turn) => ({ turn, time: t, source: 'user' as const }))
      .filter((a) => a.turn > 0 && a.turn % 5 === 0);
    return { turns, truth, duration: time, anchors };
  }

  /** Mean absolute error of the starts of the turns that were not synced. */
  function error(seed: number, model: TimingModel): number {
    const { turns, truth, duration, anchors } = episode(seed);
    const t = timeline(turns, { duration, anchors }, model);
    for (const a of anchors) expect(findActive(t.turnStarts, a.time)).toBe(a.turn);
    const between = truth.map((_, i) => i).filter((i) => !anchors.some((a) => a.turn === i));
    return between.reduce((sum, i) => sum + Math.abs(t.turnStarts[i]! - truth[i]!), 0) / between.length;
  }

  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];

  it('estimates the turns between syncs better than one pace for everyone', () => {
    expect(DEFAULT_MODEL.speakerRates).toBeGreaterThan(0);
    const flat: TimingModel = { ...DEFAULT_MODEL, speakerRates: 0 };
    let learned = 0;
    let unlearned = 0;
    for (const seed of seeds) {
      const withPaces = error(seed, DEFAULT_MODEL);
      const without = error(seed, flat);
      expect(withPaces).toBeLessThan(without);
      learned += withPaces;
      unlearned += without;
    }
    expect(learned).toBeLessThan(0.95 * unlearned);
  });

  it('gives the faster speaker less time for the same text', () => {
    const { turns, duration, anchors } = episode(1);
    const t = timeline(turns, { duration, anchors }, DEFAULT_MODEL);
    const flat = timeline(turns, { duration, anchors }, { ...DEFAULT_MODEL, speakerRates: 0 });
    /** Seconds per letter given to a speaker's turns, over the whole episode. */
    const pace = (tl: Timeline, who: string): number => {
      let seconds = 0;
      let letters = 0;
      turns.forEach((turn, i) => {
        if (turn.speaker !== who || i + 1 >= turns.length) return;
        seconds += tl.turnStarts[i + 1]! - tl.turnStarts[i]!;
        letters += byLetters(turn.paragraphs[0]!);
      });
      return seconds / letters;
    };
    expect(pace(t, 'B') / pace(t, 'A')).toBeLessThan(pace(flat, 'B') / pace(flat, 'A'));
  });

  it('learns nothing without speakers', () => {
    const { turns, duration, anchors } = episode(2);
    const anonymous = turns.map((x) => ({ paragraphs: x.paragraphs }));
    const a = timeline(anonymous, { duration, anchors }, DEFAULT_MODEL);
    const b = timeline(anonymous, { duration, anchors }, { ...DEFAULT_MODEL, speakerRates: 0 });
    expect(Array.from(a.turnStarts)).toEqual(Array.from(b.turnStarts));
  });
});

describe('speaker pace with nothing to learn from', () => {
  it('keeps starts finite when the average pace is zero', () => {
    const t = buildTimeline(
      [{ paragraphs: [''] }, { paragraphs: [''], start: 0, speaker: 'a' }],
      layoutText([{ paragraphs: [''] }, { paragraphs: [''] }]),
    );
    for (const s of t.turnStarts) expect(Number.isFinite(s)).toBe(true);
  });
});
