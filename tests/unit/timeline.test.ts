import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnchorSource, TimeAnchor, Turn } from '../../src/lib/episode/types.ts';
import {
  WORDS_PER_MINUTE,
  buildTimeline,
  byCharacters,
  findActive,
  layoutText,
  type Timeline,
} from '../../src/lib/timing/timeline.ts';

type TimedTurn = Pick<Turn, 'paragraphs' | 'start'>;

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

function timeline(turns: readonly TimedTurn[], options: Parameters<typeof buildTimeline>[2] = {}): Timeline {
  return buildTimeline(turns, layoutText(turns), options);
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
    const layout = layoutText([{ paragraphs: ['abc', 'de'] }, { paragraphs: ['fghij'] }]);
    expect(layout.paragraphPositions).toEqual([[0, 3], [5]]);
    expect(layout.paragraphWeights).toEqual([[3, 2], [5]]);
    expect(layout.paragraphLengths).toEqual([[3, 2], [5]]);
    expect(layout.total).toBe(10);
    expect(layout.words).toBe(3);
  });

  it('measures the plain text, not the markdown', () => {
    const layout = layoutText([{ paragraphs: ['**Hello** [world](https://example.com/a/long/path)'] }]);
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
    const layout = layoutText([{ paragraphs: [''] }, { paragraphs: ['one two'] }]);
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
    const layout = layoutText(TURNS);
    const t = buildTimeline(TURNS, layout, { duration: 1000 });
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

  it('always gives finite, non-decreasing starts from 0 on, marking exact ones', () => {
    fc.assert(
      fc.property(turnsArb, anchorsArb, durationArb, (turns, anchors, duration) => {
        const t = timeline(turns, { duration, anchors });
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
  });

  it('without exact starts, every paragraph starts no earlier than the one before', () => {
    fc.assert(
      fc.property(turnsArb, anchorsArb, durationArb, (turns, anchors, duration) => {
        const estimated = turns.map((x) => ({ paragraphs: x.paragraphs }));
        const t = timeline(estimated, { duration, anchors });
        expectNonDecreasing(t.paragraphStarts.flat());
        for (let i = 0; i < estimated.length; i++) expect(t.turnStarts[i]).toBe(t.paragraphStarts[i]![0]);
      }),
    );
  });

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
    const t = buildTimeline(turns, layoutText(turns), {
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
    const t = buildTimeline(turns, layoutText(turns));
    // 200 words at 150 a minute take 80 s, after the 30 s before the first turn.
    expect(t.duration).toBeCloseTo(110, 6);
    expect(t.turnStarts[0]).toBe(30);
  });
});
