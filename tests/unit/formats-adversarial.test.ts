/**
 * Hostile input for the timed-transcript parsers: 100 KB made to trip backtracking regular expressions or
 * quadratic scans. Each parser must finish within 25 times (plus 200 ms) the time it takes on plain input of
 * the same size: no speed is asserted, only that the work grows like the input.
 */
import { describe, expect, it } from 'vitest';
import {
  parseHtmlTranscript,
  parsePodcastingJson,
  parseSrt,
  parseTimedTranscript,
  parseWebVtt,
} from '../../src/lib/formats/index.ts';

const SIZE = 100_000;

/** `unit` repeated to about SIZE characters, between `head` and `tail`. */
const fill = (unit: string, head = '', tail = ''): string =>
  head + unit.repeat(Math.ceil((SIZE - head.length - tail.length) / unit.length)) + tail;

const PLAIN = {
  vtt: fill('00:00:01.000 --> 00:00:02.000\n<v Ana Lima>Hello there, this is a cue.\n\n', 'WEBVTT\n\n'),
  srt: fill('1\n00:00:01,000 --> 00:00:02,000\nAna Lima: Hello there, this is a cue.\n\n'),
  json: `{"segments":[${fill('{"speaker":"Ana","startTime":1.5,"endTime":2.5,"body":"Hello there."},').slice(0, -1)}]}`,
  html: fill('<cite>Ana:</cite>\n<time>0:01</time>\n<p>Hello there, this is a paragraph.</p>\n'),
};

type Parse = (text: string) => unknown;

const HOSTILE: [string, Parse, keyof typeof PLAIN, string][] = [
  // WebVTT
  ['vtt: "<a" tag fragments', parseWebVtt, 'vtt', fill('<a', 'WEBVTT\n\n00:01.000 --> 00:02.000\n', ' x')],
  [
    'vtt: "<" then one ">" at the end',
    parseWebVtt,
    'vtt',
    fill('<b ', 'WEBVTT\n\n00:01.000 --> 00:02.000\n', '>'),
  ],
  ['vtt: "&" runs', parseWebVtt, 'vtt', fill('&#', 'WEBVTT\n\n00:01.000 --> 00:02.000\n')],
  ['vtt: legacy entity prefixes', parseWebVtt, 'vtt', fill('&amp', 'WEBVTT\n\n00:01.000 --> 00:02.000\n')],
  ['vtt: spaces before "-->"', parseWebVtt, 'vtt', fill(' ', 'WEBVTT\n\n00:01.000', '--> 00:02.000\nx')],
  ['vtt: digits as a timestamp', parseWebVtt, 'vtt', fill('1', 'WEBVTT\n\n', '.000 --> 00:02.000\nx')],
  ['vtt: "-->" lines', parseWebVtt, 'vtt', fill('-->\n', 'WEBVTT\n\n')],
  ['vtt: settings', parseWebVtt, 'vtt', fill('align:end ', 'WEBVTT\n\n00:01.000 --> 00:02.000 ', '\nx')],
  [
    'vtt: region settings',
    parseWebVtt,
    'vtt',
    fill('id:a ', 'WEBVTT\n\nREGION\n', '\n\n00:01.000 --> 00:02.000\nx'),
  ],
  [
    'vtt: one-line ids before timings',
    parseWebVtt,
    'vtt',
    fill('x\n', 'WEBVTT\n\n00:01.000 --> 00:02.000\n'),
  ],
  ['vtt: colons for labels', parseWebVtt, 'vtt', fill('a:', 'WEBVTT\n\n00:01.000 --> 00:02.000\n')],
  ['vtt: sentence ends', parseWebVtt, 'vtt', fill('. ', 'WEBVTT\n\n00:01.000 --> 00:02.000\n', 'x')],
  ['vtt: voices', parseWebVtt, 'vtt', fill('<v a>b', 'WEBVTT\n\n00:01.000 --> 00:02.000\n')],
  // SRT
  ['srt: "{\\" override openings', parseSrt, 'srt', fill('{\\', '1\n00:00:01,000 --> 00:00:02,000\n')],
  ['srt: "{\\" then one "}"', parseSrt, 'srt', fill('{\\a', '1\n00:00:01,000 --> 00:00:02,000\n', '}')],
  ['srt: "<i" fragments', parseSrt, 'srt', fill('<i', '1\n00:00:01,000 --> 00:00:02,000\n', ' x')],
  ['srt: digits as a timestamp', parseSrt, 'srt', fill('0', '1\n', ',000 --> 00:00:02,000\nx')],
  ['srt: number lines', parseSrt, 'srt', fill('1\n', '1\n00:00:01,000 --> 00:00:02,000\nx\n')],
  ['srt: broken timings', parseSrt, 'srt', fill('1\n00:00:0x,000 --> 00:00:02,000\nx\n\n')],
  ['srt: arrows in one line', parseSrt, 'srt', fill('-->', '1\n00:00:01,000 --> 00:00:02,000\n')],
  [
    'srt: estimated-cues comment',
    parseSrt,
    'srt',
    fill('1-99999999,', '# Hark: estimated times in cues ', '\n\n1\n00:00:01,000 --> 00:00:02,000\nx\n'),
  ],
  // Podcasting 2.0 JSON
  [
    'json: digits then a letter as a time',
    parsePodcastingJson,
    'json',
    `[{"startTime":"${fill('1').slice(0, SIZE - 40)}x","body":"x"}]`,
  ],
  [
    'json: digits and dots as a time',
    parsePodcastingJson,
    'json',
    `[{"startTime":"${fill('1.').slice(0, SIZE - 40)}x","body":"x"}]`,
  ],
  [
    'json: colons as a time',
    parsePodcastingJson,
    'json',
    `[{"startTime":"${fill('1:').slice(0, SIZE - 40)}x","body":"x"}]`,
  ],
  ['json: deep nesting', parsePodcastingJson, 'json', fill('[')],
  // HTML transcripts
  ['html: "<" runs', parseHtmlTranscript, 'html', fill('<', '<time>0:01</time>')],
  ['html: unclosed comments', parseHtmlTranscript, 'html', fill('<!--', '<time>0:01</time>')],
  ['html: unclosed scripts', parseHtmlTranscript, 'html', fill('<script>', '<time>0:01</time>')],
  [
    'html: bad times on one line',
    parseHtmlTranscript,
    'html',
    fill('<time>x</time>', '<time>0:01</time><p>a</p>'),
  ],
  ['html: entity runs', parseHtmlTranscript, 'html', fill('&', '<time>0:01</time><p>', '</p>')],
  // Sniffing, as a dropped file goes
  ['sniff: a long first line', (t) => parseTimedTranscript(t), 'srt', fill('0', '', ' --> 1')],
];

/** Best of three runs, in milliseconds. */
function time(parse: Parse, text: string): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    parse(text);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

describe('the parsers on hostile input', () => {
  it.each(HOSTILE)('%s', (_name, parse, plainKind, hostile) => {
    expect(hostile.length).toBeGreaterThanOrEqual(SIZE * 0.9);
    const plain = time(parse, PLAIN[plainKind]);
    const bad = time(parse, hostile);
    expect(bad).toBeLessThanOrEqual(plain * 25 + 200);
  });
});
