import { describe, expect, it } from 'vitest';
import {
  audioTypeOf,
  formatClock,
  markdownToPlain,
  parseClock,
  slugify,
  spokenDuration,
} from '../../src/lib/episode/text.ts';
import { formatDate } from '../../src/lib/episode/dates.ts';

describe('text helpers', () => {
  it('slugifies names in any script', () => {
    expect(slugify('Kelsey Hightower')).toBe('kelsey-hightower');
    expect(slugify('Ivar Østhus')).toBe('ivar-østhus');
    expect(slugify('  José  Núñez! ')).toBe('jose-nunez');
    expect(slugify('***')).toBe('');
  });
  it('parses and formats clock times', () => {
    expect(parseClock('1:55')).toBe(115);
    expect(parseClock('00:12:34')).toBe(754);
    expect(parseClock('1:02:03')).toBe(3723);
    expect(parseClock('00:00:01,500')).toBe(1.5);
    expect(parseClock('1:75')).toBeUndefined();
    expect(parseClock('abc')).toBeUndefined();
    expect(formatClock(754)).toBe('12:34');
    expect(formatClock(3723.9)).toBe('1:02:03');
    expect(formatClock(-5)).toBe('0:00');
    expect(formatClock(Number.NaN)).toBe('0:00');
  });
  it('speaks durations', () => {
    expect(spokenDuration(3723)).toBe('1 hour 2 minutes 3 seconds');
    expect(spokenDuration(60)).toBe('1 minute');
    expect(spokenDuration(0)).toBe('0 seconds');
  });
  it('turns markdown into plain text', () => {
    expect(markdownToPlain('A [link](https://x.y) and **bold** _it_ `code` snake\\_case &amp; more')).toBe(
      'A link and bold it code snake_case & more',
    );
  });
  it('knows audio types by extension', () => {
    expect(audioTypeOf('https://x/y.mp3?download=true')).toBe('audio/mpeg');
    expect(audioTypeOf('talk.M4A')).toBe('audio/mp4');
    expect(audioTypeOf('noext')).toBeUndefined();
  });
  it('formats dates as written, whatever the time zone', () => {
    expect(formatDate('2020-12-16T10:01-07:00')).toBe('16 December 2020');
    expect(formatDate('2020-08-23T23:45:00-07:00')).toBe('23 August 2020');
    expect(formatDate('someday')).toBe('someday');
  });
});
