import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTimedTranscript, parseWebVtt, type TimedTranscript } from '../../src/lib/formats/index.ts';

const fixture = (name: string): string => readFileSync(`tests/fixtures/transcripts/${name}`, 'utf8');

function parsed(text: string): TimedTranscript {
  const r = parseWebVtt(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function error(text: string): string {
  const r = parseWebVtt(text);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('parseWebVtt', () => {
  it('reads a file with a BOM, CRLF line ends, header text and metadata, cue ids and multi-line cues', () => {
    const text = fixture('bom-crlf.vtt');
    expect(text.startsWith('\uFEFFWEBVTT - Episode 12\r\n')).toBe(true);
    expect(parsed(text)).toEqual({
      format: 'vtt',
      segments: [
        { speaker: 'Ana Lima', start: 0, end: 4.2, text: 'Welcome back to the show.' },
        { speaker: 'Ana Lima', start: 4.2, end: 9.75, text: 'Today we talk about caching & invalidation.' },
        { speaker: 'Ben Okafor', start: 9.75, end: 12, text: 'Thanks for having me!' },
      ],
      warnings: [],
    });
  });

  it('skips NOTE, STYLE and REGION blocks, ignores cue settings, strips tags and decodes entities', () => {
    expect(parsed(fixture('notes-styles.vtt')).segments).toEqual([
      { speaker: 'Maria García', start: 1, end: 4, text: 'Hello and welcome, everyone.' },
      // No voice span: the speaker carries forward.
      {
        speaker: 'Maria García',
        start: 4,
        end: 7.5,
        text: 'This cue has no voice span, so it is still Maria.',
      },
      // Karaoke-style timestamps and <c> spans.
      { speaker: "Sam O'Neil", start: 7.5, end: 10, text: "So what's new?" },
      {
        speaker: 'Maria García',
        start: 10,
        end: 13,
        // &nbsp; stays a no-break space.
        text: 'Tom <3 Jerry\u00a0> everything. Bold and underlined.',
      },
      // Two voices in one cue share its time by text length.
      { speaker: "Sam O'Neil", start: 13, end: 13.857, text: 'Right.' },
      { speaker: 'Maria García', start: 13.857, end: 15, text: 'Exactly.' },
    ]);
  });

  it('reads cues without speakers', () => {
    const t = parsed(fixture('no-speakers.vtt'));
    expect(t.segments.map((s) => s.speaker)).toEqual([null, null, null, null]);
    expect(t.segments[0]).toEqual({ speaker: null, start: 0.5, end: 3, text: "we're going to talk about" });
  });

  it('accepts overlapping and out-of-order cues, sorted by start', () => {
    const t = parsed(fixture('overlapping.vtt'));
    expect(t.segments.map((s) => [s.speaker, s.start, s.end])).toEqual([
      ['Lee', 0, 5.5],
      ['Lee', 5, 9],
      ['Kim', 8, 12],
      ['Lee', 11.5, 14],
    ]);
  });

  it('reads mm:ss.ttt and long hours, <v.class Name> and an unclosed <v>, and a one-off "Name:" for its cue only', () => {
    const t = parsed(
      [
        'WEBVTT',
        '',
        '59:59.500 --> 1:00:01.000',
        '<v.a.b Jo Park>Late <lang en>words</lang>',
        '',
        '123:00:00.000 --> 123:00:01.000',
        'Kai Mori: As Zoom writes speakers.',
        '',
        '123:00:01.000 --> 123:00:02.000',
        'So: not a speaker, still Kai.',
        '',
        '123:00:02.000 --> 123:00:03.000',
        '<ruby>漢<rt>kan</rt></ruby> a < b',
      ].join('\n'),
    );
    expect(t.segments).toEqual([
      { speaker: 'Jo Park', start: 3599.5, end: 3601, text: 'Late words' },
      { speaker: 'Kai Mori', start: 442800, end: 442801, text: 'As Zoom writes speakers.' },
      // Kai Mori labels one cue only: the next cues go back to the voice before.
      { speaker: 'Jo Park', start: 442801, end: 442802, text: 'So: not a speaker, still Kai.' },
      { speaker: 'Jo Park', start: 442802, end: 442803, text: '漢 a < b' },
    ]);
  });

  it('tolerates a missing blank line between cues and an end before the start', () => {
    const t = parsed('WEBVTT\n00:01.000 --> 00:02.000\n<v A>One.\n00:03.000 --> 00:02.500\n<v B>Two.');
    expect(t.segments).toEqual([
      { speaker: 'A', start: 1, end: 2, text: 'One.' },
      { speaker: 'B', start: 3, end: 3, text: 'Two.' },
    ]);
  });

  it('names the line at fault, and keeps the cues it can read', () => {
    expect(error('WEBVTT\n\n00:01 --> x\nHello')).toBe(
      'The WebVTT file has no cues Hark can read. Line 3: cue left out: "00:01 --> x" is not a cue timing.',
    );
    expect(parsed('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n\nid\n00:61.000 --> 00:62.000\nHo')).toEqual({
      format: 'vtt',
      segments: [{ speaker: null, start: 1, end: 2, text: 'Hi' }],
      warnings: ['Line 7: cue left out: "00:61.000 --> 00:62.000" is not a cue timing.'],
    });
    expect(error('WEBVTT\n\nJust some text\nand more')).toBe(
      'The WebVTT file has no cues Hark can read. Line 3: text outside any cue left out: "Just some text".',
    );
    expect(error('1\n00:00:01,000 --> 00:00:02,000\nHi')).toBe(
      'Line 1: a WebVTT file starts with "WEBVTT", found "1".',
    );
    expect(error('WEBVTTX\n')).toBe('Line 1: a WebVTT file starts with "WEBVTT", found "WEBVTTX".');
  });

  it('refuses empty files, files without cues and binary data', () => {
    expect(error('')).toBe('The WebVTT file is empty.');
    expect(error('\uFEFF')).toBe('The WebVTT file is empty.');
    expect(error('WEBVTT\n\nNOTE nothing here\n')).toBe('The WebVTT file has no cues with text.');
    expect(error('WEBVTT\n\n00:01.000 --> 00:02.000\n<v A></v>\n')).toBe(
      'The WebVTT file has no cues with text.',
    );
    expect(error(`WEBVTT\n${'\u0000\u0001\u0002\u0003'.repeat(4)}`)).toBe(
      'The WebVTT file is not text (it looks like binary data).',
    );
  });

  it('is picked by the .vtt extension or by the "WEBVTT" header', () => {
    const text = fixture('bom-crlf.vtt');
    expect(parseTimedTranscript(text, 'captions.vtt')).toMatchObject({ ok: true, value: { format: 'vtt' } });
    expect(parseTimedTranscript(text)).toMatchObject({ ok: true, value: { format: 'vtt' } });
    // A wrong extension does not stop a clearly WebVTT file from being read.
    expect(parseTimedTranscript(text, 'captions.srt')).toMatchObject({ ok: true, value: { format: 'vtt' } });
    expect(parseTimedTranscript('WEBVTT\n\nbad', 'x.vtt')).toEqual({
      ok: false,
      error: 'The WebVTT file has no cues Hark can read. Line 3: text outside any cue left out: "bad".',
    });
  });
});
