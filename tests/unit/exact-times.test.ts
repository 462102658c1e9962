import { describe, expect, it } from 'vitest';
import type { TimeAnchor } from '../../src/lib/episode/types.ts';
import { isExactParagraphStart } from '../../src/lib/timing/exact-times.ts';

const timeline = {
  paragraphStarts: [
    [0, 3.5, 5],
    [9, 12],
  ],
  turnExact: [true, false],
};

describe('isExactParagraphStart', () => {
  it('takes a turn’s exact start for its first paragraph', () => {
    expect(isExactParagraphStart(timeline, [], 0, 0)).toBe(true);
    expect(isExactParagraphStart(timeline, [], 1, 0)).toBe(false);
  });

  it('takes an anchor at the very start of a paragraph, when the timeline kept its time', () => {
    const anchors: TimeAnchor[] = [
      { turn: 0, paragraph: 1, time: 3.5, source: 'transcript' },
      { turn: 0, paragraph: 2, offset: 10, time: 5, source: 'marker' },
      { turn: 1, paragraph: 1, time: 11, source: 'transcript' },
    ];
    expect(isExactParagraphStart(timeline, anchors, 0, 1)).toBe(true);
    // Inside the paragraph, not at its start.
    expect(isExactParagraphStart(timeline, anchors, 0, 2)).toBe(false);
    // Overruled: the timeline put the paragraph elsewhere.
    expect(isExactParagraphStart(timeline, anchors, 1, 1)).toBe(false);
  });

  it('says no for places that are not there', () => {
    expect(isExactParagraphStart(timeline, [{ turn: 5, time: 1, source: 'user' }], 5, 0)).toBe(false);
    expect(isExactParagraphStart(timeline, [], 0, 9)).toBe(false);
  });
});
