import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSrt, parseTimedTranscript, type TimedTranscript } from '../../src/lib/formats/index.ts';

const fixture = (name: string): string => readFileSync(`tests/fixtures/transcripts/${name}`, 'utf8');

function parsed(text: string): TimedTranscript {
  const r = parseSrt(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function error(text: string): string {
  const r = parseSrt(text);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('parseSrt', () => {
  it('reads speaker prefixes (a label that recurs, also as a first name, carries on), and tolerates BOM, CRLF, odd numbering and a missing final blank line', () => {
    const text = fixture('speakers.srt');
    expect(text.startsWith('\uFEFF1\r\n')).toBe(true);
    expect(text.endsWith('They do.')).toBe(true);
    expect(parsed(text)).toEqual({
      format: 'srt',
      segments: [
        { speaker: 'Jane Doe', start: 0, end: 3.5, text: 'Hi, I am Jane and this is the show.' },
        // "Jane Doe" recurs as "JANE" (a shared name word), so she carries over to the unlabelled cue.
        { speaker: 'Jane Doe', start: 3.5, end: 6, text: 'Today we are talking about gardens.' },
        { speaker: 'Dr. Alan Smith', start: 6, end: 9, text: 'Thanks, Jane. Happy to be here.' },
        // "Note:" is not a name: the text is kept, said by the speaker before (Alan recurs as "Alan").
        { speaker: 'Dr. Alan Smith', start: 9, end: 11, text: 'Note: this part was recorded later.' },
        // Names as written: "JANE" is not "Jane Doe". Only the first colon can end a name.
        { speaker: 'JANE', start: 11, end: 14.25, text: "So here's the thing: roses need sun." },
        // No blank line before this cue; formatting tags go before the name is looked for.
        { speaker: 'Alan', start: 14.25, end: 16, text: 'They do.' },
      ],
      warnings: [],
    });
  });

  it('carries a one-off label to no other cue, but a name that recurs as a first name or surname does', () => {
    const srt = (lines: string[]): string =>
      lines.map((l, i) => `${i + 1}\n00:00:0${i},000 --> 00:00:0${i},900\n${l}\n`).join('\n');
    const speakers = (lines: string[]) => parsed(srt(lines)).segments.map((s) => s.speaker);
    expect(speakers(['Subtitles: @someone', 'Hello there.', 'More words.'])).toEqual([
      'Subtitles',
      null,
      null,
    ]);
    expect(speakers(['Kelsey Hightower: Hi.', 'Still me.', 'HIGHTOWER: Yes.', 'And me.'])).toEqual([
      'Kelsey Hightower',
      'Kelsey Hightower',
      'HIGHTOWER',
      'HIGHTOWER',
    ]);
  });

  it('takes a prefix as a speaker only when it looks like a name', () => {
    const cue = (line: string): string => `1\n00:00:01,000 --> 00:00:02,000\n${line}\n`;
    const speakerOf = (line: string): string | null => parsed(cue(line)).segments[0]!.speaker;
    expect(speakerOf('SPEAKER_00: Hello.')).toBe('SPEAKER_00');
    expect(speakerOf('Speaker 1: Hello.')).toBe('Speaker 1');
    expect(speakerOf('Jean-Luc Picard: Engage.')).toBe('Jean-Luc Picard');
    expect(speakerOf('Ludwig van Beethoven: Da da da.')).toBe('Ludwig van Beethoven');
    expect(speakerOf('J. R. R. Tolkien: Hello.')).toBe('J. R. R. Tolkien');
    expect(speakerOf('María José: Hola.')).toBe('María José');
    expect(speakerOf('Host (Bob): Hi.')).toBe('Host (Bob)');
    expect(speakerOf('So here is the thing: no.')).toBeNull();
    expect(speakerOf('The time was 10:30 sharp.')).toBeNull();
    expect(speakerOf('Well: no.')).toBeNull();
    expect(speakerOf('Yes. Okay: then.')).toBeNull();
    expect(speakerOf('one two: lowercase.')).toBeNull();
    expect(speakerOf('Alpha Beta Gamma Delta Epsilon: too long.')).toBeNull();
    expect(speakerOf('See https://example.com for more.')).toBeNull();
    expect(parsed(cue('Ana:\nThe text is on the next line.')).segments[0]).toMatchObject({
      speaker: 'Ana',
      text: 'The text is on the next line.',
    });
  });

  it('tolerates missing numbers, missing blank lines, "." milliseconds and stray lines after a blank line', () => {
    const t = parsed(
      [
        '00:00:01,000 --> 00:00:02,000',
        'Ana: One.',
        '2',
        '00:00:02,000 --> 00:00:03,000',
        'Two.',
        '00:00:03.000 --> 00:00:04.000 X1:40 X2:600',
        'Three,',
        '',
        'still three.',
        '',
        '',
      ].join('\r\n'),
    );
    expect(t.segments).toEqual([
      { speaker: 'Ana', start: 1, end: 2, text: 'One.' },
      { speaker: null, start: 2, end: 3, text: 'Two.' },
      { speaker: null, start: 3, end: 4, text: 'Three, still three.' },
    ]);
  });

  it('sorts cues by start', () => {
    const t = parsed(
      '2\n00:00:05,000 --> 00:00:06,000\nB: Later.\n\n1\n00:00:01,000 --> 00:00:05,500\nA: Earlier.\n',
    );
    expect(t.segments.map((s) => s.text)).toEqual(['Earlier.', 'Later.']);
  });

  it('names the line at fault, and keeps the cues it can read', () => {
    expect(error('1\n00:00:01,000 --> later\nHi\n')).toBe(
      'The SRT file has no cues Hark can read. Line 2: cue left out: "00:00:01,000 --> later" is not a cue timing.',
    );
    expect(error('Hello there\n00:00:01,000\n')).toBe(
      'The SRT file has no cues Hark can read. Line 1: text outside any cue left out: "Hello there" (and 1 more like it).',
    );
    expect(parsed('1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:02,000 -> 00:00:03,000\nHo\n')).toEqual({
      format: 'srt',
      segments: [{ speaker: null, start: 1, end: 2, text: 'Hi' }],
      warnings: ['Line 6: cue left out: "00:00:02,000 -> 00:00:03,000" is not a cue timing.'],
    });
  });

  it('refuses empty files, files without cues and binary data', () => {
    expect(error('')).toBe('The SRT file is empty.');
    expect(error('\r\n\r\n')).toBe('The SRT file is empty.');
    expect(error('1\n00:00:01,000 --> 00:00:02,000\n\n')).toBe('The SRT file has no cues with text.');
    expect(error('1\n00:00:01,000 --> 00:00:02,000\n\n2\n')).toBe('The SRT file has no cues with text.');
    expect(error('\u0000'.repeat(16))).toBe('The SRT file is not text (it looks like binary data).');
  });

  it('is picked by the .srt extension or by its number and timing lines', () => {
    const text = fixture('speakers.srt');
    expect(parseTimedTranscript(text, 'subs.srt')).toMatchObject({ ok: true, value: { format: 'srt' } });
    expect(parseTimedTranscript(text)).toMatchObject({ ok: true, value: { format: 'srt' } });
    expect(parseTimedTranscript('00:00:01,000 --> 00:00:02,000\nHi')).toMatchObject({
      ok: true,
      value: { format: 'srt' },
    });
    expect(parseTimedTranscript('Just words.')).toEqual({
      ok: false,
      error:
        'This is not a timed transcript Hark reads: expected Podcasting 2.0 JSON, WebVTT, SRT or an HTML transcript.',
    });
    expect(parseTimedTranscript('', 'a.txt')).toEqual({ ok: false, error: 'The transcript is empty.' });
  });
});
