/**
 * Helpers for tests that prove a parser runs in linear time: hostile strings built from the shapes that made
 * regexes backtrack, and a check that compares the time a call takes on one with the time it takes on plain
 * text of the same size. A ratio, never an absolute time, so it holds on a slow or busy machine.
 */
import { expect } from 'vitest';

/** Hostile shapes, each giving a string of about `n` characters. */
export const SHAPES: Record<string, (n: number) => string> = {
  'jsx braces after a tag': (n) => `<a ${'{{}}'.repeat(n / 4)}`,
  'spaces inside a line': (n) => `a${' '.repeat(n)}b`,
  'a paragraph of spaces': (n) => ' '.repeat(n),
  'tabs before a letter': (n) => `a${'\t'.repeat(n)}b`,
  'trailing spaces on lines': (n) => 'a  \n'.repeat(n / 4),
  'greater-than signs': (n) => '>'.repeat(n),
  'quote markers': (n) => `${'> '.repeat(n / 2)}x`,
  'list markers': (n) => `${'- '.repeat(n / 2)}x`,
  'numbered list markers': (n) => `${'1. '.repeat(n / 3)}x`,
  'underscores around a letter': (n) => `${'_'.repeat(n / 2)}a${'_'.repeat(n / 2)}`,
  'asterisks around a letter': (n) => `${'*'.repeat(n / 2)}a${'*'.repeat(n / 2)}`,
  'underscore words': (n) => '_a'.repeat(n / 2),
  'asterisk words': (n) => '*a '.repeat(n / 3),
  backticks: (n) => '`a'.repeat(n / 2),
  'h1 tags': (n) => '<h1>'.repeat(n / 4),
  'open brackets': (n) => '['.repeat(n),
  'image openers': (n) => '!['.repeat(n / 2),
  'bracket then paren': (n) => '[a]('.repeat(n / 4),
  'less-than signs': (n) => '<'.repeat(n),
  'tags with an open quote': (n) => '<a "'.repeat(n / 4),
  'audio tags never closed': (n) => '<audio '.repeat(n / 7),
  'iframe tags never closed': (n) => '<iframe src="x">'.repeat(n / 16),
  'comment openers': (n) => '<!--'.repeat(n / 4),
  'div tags': (n) => '<div>\n'.repeat(n / 6),
  'closing divs': (n) => ' </div>\n'.repeat(n / 8),
  'time markers': (n) => '[00:01] '.repeat(n / 8),
  'chapter openers': (n) => '(1:00 - '.repeat(n / 8),
  'chapter line with spaces': (n) => `- Intro (0:00 -${' '.repeat(n)}`,
  'colon and spaces': (n) => `Label:${' '.repeat(n)}x`,
  'url list': (n) => `Links: ${'https://a.b, '.repeat(n / 13)}x y`,
  'hash signs': (n) => '#'.repeat(n),
  'bold opener and spaces': (n) => `**${' '.repeat(n)}x`,
  'bold openers': (n) => '**a:'.repeat(n / 4),
  dashes: (n) => '-'.repeat(n),
  colons: (n) => ': '.repeat(n / 2),
  'distinct labels': (n) => {
    const lines: string[] = [];
    for (let k = 0, size = 0; size < n; k++) {
      const line = `**Guest ${k.toString(36)} ${(k * 7919).toString(36)}:** hi`;
      lines.push(line);
      size += line.length + 2;
    }
    return lines.join('\n\n');
  },
  'distinct words': (n) => {
    const words: string[] = [];
    for (let k = 0, size = 0; size < n; k++) {
      const word = `w${(k * 2654435761).toString(36)}`;
      words.push(word);
      size += word.length + 1;
    }
    return words.join(' ');
  },
};

const WORDS = 'the quick brown fox jumps over a lazy dog while we talk about kubernetes and go'.split(' ');

/** Plain prose of about `n` characters: words, commas, full stops and a blank line every few sentences. */
export function plainText(n: number): string {
  let out = '';
  let k = 0;
  while (out.length < n) {
    out += WORDS[k % WORDS.length]!;
    k++;
    out += k % 97 === 0 ? '.\n\n' : k % 13 === 0 ? '. ' : k % 7 === 0 ? ', ' : ' ';
  }
  return out.slice(0, n);
}

/** Milliseconds a call takes (the best of `runs`). */
export function timeOf(fn: () => unknown, runs = 1): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

export interface LinearBound {
  /** How many times slower than on plain input a call may be. */
  ratio?: number;
  /** Milliseconds allowed on top, for timer, garbage-collection and busy-machine noise (a super-linear parser takes seconds on 100 KB). */
  slackMs?: number;
}

/** Times on plain input, per function and input: measured once per test file. */
const plainTimes = new WeakMap<object, Map<unknown, number>>();

/**
 * Asserts that `fn(hostile)` takes at most `ratio` times as long as `fn(plain)` plus some slack; a slow first
 * try is measured once more before failing. Returns both times.
 */
export function expectLinearTime<T>(
  fn: (input: T) => unknown,
  hostile: T,
  plain: T,
  { ratio = 25, slackMs = 1000 }: LinearBound = {},
  label = '',
): { hostileMs: number; plainMs: number } {
  let times = plainTimes.get(fn);
  if (!times) plainTimes.set(fn, (times = new Map()));
  const plainMs = times.get(plain) ?? timeOf(() => fn(plain), 2);
  times.set(plain, plainMs);
  let hostileMs = timeOf(() => fn(hostile));
  const bound = ratio * plainMs + slackMs;
  if (hostileMs > bound)
    hostileMs = Math.min(
      hostileMs,
      timeOf(() => fn(hostile)),
    );
  expect(
    hostileMs,
    `${label}: ${hostileMs.toFixed(1)} ms on hostile input, ${plainMs.toFixed(1)} ms on plain input`,
  ).toBeLessThanOrEqual(bound);
  return { hostileMs, plainMs };
}
