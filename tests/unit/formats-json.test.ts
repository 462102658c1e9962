import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parsePodcastingJson,
  parseTimedTranscript,
  type TimedTranscript,
} from '../../src/lib/formats/index.ts';

const FIXTURES = 'tests/fixtures/transcripts';
/** Openings of real Podcasting 2.0 transcripts (see its README). */
const TIMED = 'tests/fixtures/timed';

function parsed(text: string): TimedTranscript {
  const r = parsePodcastingJson(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function error(text: string): string {
  const r = parsePodcastingJson(text);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

const json = (value: unknown): string => JSON.stringify(value);

describe('parsePodcastingJson', () => {
  it('reads segment-level transcripts', () => {
    const t = parsed(
      json({
        version: '1.0.0',
        segments: [
          { speaker: 'Ana', startTime: 0, endTime: 4.5, body: 'Hello there.' },
          { speaker: 'Ben', startTime: 4.5, endTime: 9, body: '  Hi,\n  Ana!  ' },
        ],
      }),
    );
    expect(t).toEqual({
      format: 'json',
      segments: [
        { speaker: 'Ana', start: 0, end: 4.5, text: 'Hello there.' },
        { speaker: 'Ben', start: 4.5, end: 9, text: 'Hi, Ana!' },
      ],
      warnings: [],
    });
  });

  it('reads word-level transcripts, carrying the speaker forward', () => {
    const t = parsed(readFileSync(`${FIXTURES}/word-level.json`, 'utf8'));
    expect(t.segments).toHaveLength(15);
    expect(t.segments.slice(0, 5).map((s) => s.speaker)).toEqual(Array(5).fill('Priya Raman'));
    // An empty speaker is no speaker: the previous one carries on.
    expect(t.segments[4]).toEqual({ speaker: 'Priya Raman', start: 1.9, end: 2.2, text: 'Today' });
    expect(t.segments[9]?.speaker).toBe('Tom Weir');
    expect(t.segments[14]).toEqual({ speaker: 'Priya Raman', start: 5.9, end: 6.3, text: 'begin' });
  });

  it('accepts numeric strings, clock strings, a missing version, endTime or speaker, and a bare array', () => {
    const t = parsed(
      json({
        segments: [
          { startTime: '1.25', endTime: '2', body: 'One.' },
          { startTime: '00:00:02.500', body: 'Two.' },
          { startTime: 3, endTime: null, body: 7 },
        ],
      }),
    );
    expect(t.segments).toEqual([
      { speaker: null, start: 1.25, end: 2, text: 'One.' },
      { speaker: null, start: 2.5, end: null, text: 'Two.' },
      { speaker: null, start: 3, end: null, text: '7' },
    ]);
    expect(parsed(json([{ speaker: 'A', startTime: 0, endTime: 1, body: 'x' }])).segments).toHaveLength(1);
  });

  it('sorts segments by start, keeping the order of equal starts, and takes an end before the start as the start', () => {
    // As in a real file: a segment that ends before it starts, followed by one that starts earlier.
    const t = parsed(
      json({
        segments: [
          { speaker: 'A', startTime: 10, endTime: 20, body: 'first' },
          { speaker: 'B', startTime: 25, endTime: 24, body: 'third' },
          { speaker: 'A', startTime: 24, endTime: 29, body: 'second' },
          { speaker: 'C', startTime: 29, endTime: 29, body: 'fourth' },
          { speaker: 'D', startTime: 29, endTime: 35, body: 'fifth' },
        ],
      }),
    );
    expect(t.segments.map((s) => s.text)).toEqual(['first', 'second', 'third', 'fourth', 'fifth']);
    expect(t.segments[2]).toEqual({ speaker: 'B', start: 25, end: 25, text: 'third' });
  });

  it('skips segments with empty bodies and strips a BOM', () => {
    const t = parsed(
      `\uFEFF${json({
        segments: [
          { speaker: 'A', startTime: 0, body: '' },
          { speaker: 'A', startTime: 1, body: 'Text.' },
        ],
      })}`,
    );
    expect(t.segments).toEqual([{ speaker: 'A', start: 1, end: null, text: 'Text.' }]);
  });

  it('names the segment and field at fault', () => {
    expect(
      error(
        json({
          segments: [
            { startTime: 0, body: 'a' },
            { startTime: 'soon', body: 'b' },
          ],
        }),
      ),
    ).toBe('segments[1].startTime: expected a number of seconds, got the string "soon".');
    expect(error(json({ segments: [{ startTime: 0, body: 'a' }, {}, {}, { body: 'x' }] }))).toBe(
      'segments[1].startTime: expected a number of seconds, got nothing.',
    );
    expect(error(json({ segments: [{ startTime: -1, body: 'a' }] }))).toBe(
      'segments[0].startTime: must not be negative (got -1).',
    );
    expect(error(json({ segments: [{ startTime: Infinity, body: 'a' }] }))).toBe(
      'segments[0].startTime: expected a number of seconds, got null.',
    );
    expect(error(json({ segments: [{ startTime: 1, endTime: 'later', body: 'a' }] }))).toBe(
      'segments[0].endTime: expected a number of seconds, got the string "later".',
    );
    expect(error(json({ segments: [{ startTime: 1, text: 'a' }] }))).toBe(
      'segments[0].body: expected text, got nothing.',
    );
    expect(error(json({ segments: [{ startTime: 1, body: 'a', speaker: 3 }] }))).toBe(
      'segments[0].speaker: expected a name, got a number.',
    );
    expect(error(json({ segments: ['a'] }))).toBe(
      'segments[0]: expected a segment object, got the string "a".',
    );
    expect(error(json([1]))).toBe('[0]: expected a segment object, got a number.');
  });

  it('refuses files that are not transcripts', () => {
    expect(error('')).toBe('The JSON transcript is empty.');
    expect(error('  \n ')).toBe('The JSON transcript is empty.');
    expect(error('{"segments": [')).toMatch(/^The transcript is not valid JSON \(.+\)\.$/);
    expect(error('{}')).toBe('segments: missing; a Podcasting 2.0 transcript has a "segments" list.');
    expect(error('{"segments": {}}')).toBe('segments: expected an array, got an object.');
    expect(error('{"segments": []}')).toBe('The transcript has no segments.');
    expect(error('"text"')).toBe('The JSON is the string "text", not a Podcasting 2.0 transcript object.');
    expect(error(json({ segments: [{ startTime: 0, body: ' ' }] }))).toBe(
      'The transcript has no text: every segment body is empty.',
    );
    expect(error('\u0000\u0001PK\u0003\u0004binary')).toBe(
      'The JSON transcript is not text (it looks like binary data).',
    );
  });

  it('is picked by the .json extension or by a leading "{"', () => {
    const text = json({ segments: [{ speaker: 'A', startTime: 0, body: 'a' }] });
    expect(parseTimedTranscript(text, 'episode.JSON')).toMatchObject({ ok: true, value: { format: 'json' } });
    expect(parseTimedTranscript(`\n  ${text}`)).toMatchObject({ ok: true, value: { format: 'json' } });
    expect(parseTimedTranscript(text, 'transcript.txt')).toMatchObject({
      ok: true,
      value: { format: 'json' },
    });
  });
});

describe('real Podcasting 2.0 transcripts', () => {
  const files = readdirSync(TIMED).filter((f) => f.endsWith('.json'));

  it('are all there', () => {
    expect(files).toHaveLength(3);
  });

  it.each(files)('%s parses, every segment with a speaker, sorted by start', (file) => {
    const text = readFileSync(`${TIMED}/${file}`, 'utf8');
    const data = JSON.parse(text) as { segments: unknown[] };
    const t = parsed(text);
    expect(t.segments).toHaveLength(data.segments.length);
    for (const [i, s] of t.segments.entries()) {
      expect(s.speaker).toBeTruthy();
      expect(s.text).not.toBe('');
      expect(s.end).not.toBeNull();
      expect(s.end!).toBeGreaterThanOrEqual(s.start);
      if (i > 0) expect(s.start).toBeGreaterThanOrEqual(t.segments[i - 1]!.start);
    }
  });
});
