/**
 * Timed transcripts as people publish them (tests/fixtures/timed-files): broken cues, seconds-only timings,
 * text encodings, HTML transcripts, one-off speaker labels, entities and tag fragments, and Hark's own
 * exports of estimated times.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Episode } from '../../src/lib/episode/types.ts';
import {
  applyTranscriptTimes,
  decodeText,
  episodeFromTranscript,
  exportTranscript,
  looksBinary,
  parseTimedTranscript,
  type TimedTranscript,
} from '../../src/lib/formats/index.ts';

const DIR = 'tests/fixtures/timed-files';

function read(name: string): string {
  const decoded = decodeText(readFileSync(`${DIR}/${name}`));
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.value.text;
}

function parsed(name: string): TimedTranscript {
  const r = parseTimedTranscript(read(name), name);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const rows = (t: TimedTranscript): [string | null, number, string][] =>
  t.segments.map((s) => [s.speaker, s.start, s.text]);

describe('keeping what can be kept', () => {
  it('drops a WebVTT cue with a broken timing, says where and why, and keeps the rest', () => {
    const t = parsed('broken-cue.vtt');
    expect(rows(t)).toEqual([
      ['Ana', 1, 'First cue is fine.'],
      ['Ben', 8, 'The third cue is fine, and a line of spaces does not end it.'],
      ['Ana', 12, 'The last cue is fine too.'],
    ]);
    expect(t.warnings).toEqual([
      'Line 6: cue left out: "00:00:04.000 --> 00:0x:08.000" is not a cue timing.',
    ]);
  });

  it('drops an SRT cue with a broken timing, says where and why, and keeps the rest', () => {
    const t = parsed('broken-cue.srt');
    expect(rows(t).map(([, start]) => start)).toEqual([1, 8, 12]);
    expect(t.warnings).toEqual([
      'Line 6: cue left out: "00:00:04,000 --> 00:00:0x,000" is not a cue timing.',
    ]);
  });

  it('reads seconds-only timings (Podnews) when the whole file writes them so', () => {
    const t = parsed('seconds-only.vtt');
    expect(rows(t)).toEqual([
      ['James Cridland', 0.86, 'Hello and welcome to Podnews Weekly Review.'],
      ['Sam Sethi', 7.38, "And I'm Sam Sethi."],
      ['James Cridland', 12.1, 'This week: transcripts, chapters and a new app.'],
    ]);
    expect(t.warnings).toEqual([]);
    expect(t.segments[2]!.end).toBe(19.55);
  });

  it('reads the other lenient timings real files use', () => {
    const vtt = (timing: string): number | undefined => {
      const r = parseTimedTranscript(`WEBVTT\n\n${timing}\nHello.\n`, 'x.vtt');
      return r.ok ? r.value.segments[0]!.start : undefined;
    };
    expect(vtt('00:00:01,500 --> 00:00:02,000')).toBe(1.5);
    expect(vtt('00:01.5 --> 00:02.25')).toBe(1.5);
    expect(vtt('1:02:03 --> 1:02:04')).toBe(3723);
    expect(vtt('12 --> 13')).toBe(12);
    expect(vtt('00:00:01.000-->00:00:02.000')).toBe(1);
  });
});

describe('text encodings', () => {
  const expected = [
    ['José', 1, 'Café au lait, s’il vous plaît.'],
    ['Zoë', 3, 'Très bien — “merci”.'],
    ['José', 5, 'À bientôt.'],
  ];

  it.each([
    ['utf8-bom.srt', 'utf-8'],
    ['utf16le-bom.srt', 'utf-16le'],
    ['utf16be-bom.srt', 'utf-16be'],
    ['utf32le-bom.srt', 'utf-32le'],
    ['utf32be-bom.srt', 'utf-32be'],
    ['windows-1252.srt', 'windows-1252'],
  ])('%s is read as %s', (name, encoding) => {
    const decoded = decodeText(readFileSync(`${DIR}/${name}`));
    expect(decoded.ok && decoded.value.encoding).toBe(encoding);
    expect(rows(parsed(name))).toEqual(expected);
  });

  it('reads a UTF-16 WebVTT file', () => {
    expect(rows(parsed('utf16le-bom.vtt'))).toEqual([['José', 1, 'Café au lait, s’il vous plaît.']]);
  });

  it('calls binary data binary, and only binary data', () => {
    const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(40)]);
    expect(decodeText(wav)).toEqual({
      ok: false,
      error: 'The file is a binary file (audio, video, an image or an archive), not text.',
    });
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    expect(decodeText(noise, 'transcript')).toEqual({
      ok: false,
      error: 'The transcript is a binary file, not text.',
    });
    // A caption file with a stray NUL and a vertical tab is text with flaws.
    expect(looksBinary(`WEBVTT\n\n00:01.000 --> 00:02.000\nA\u0000B\u000bC\n${'text '.repeat(50)}`)).toBe(
      false,
    );
  });
});

describe('HTML transcripts', () => {
  it('reads <cite> speakers, <time> times and <p> text, through the same sanitizing as everything else', () => {
    const t = parsed('transcript.html');
    expect(t.format).toBe('html');
    expect(rows(t)).toEqual([
      ['Dave Jones', 0, 'Welcome to Podcasting 2.0, the board meeting for podcasting & more.'],
      ['Adam Curry', 7, 'Hello everybody, good to be here.'],
      ['Adam Curry', 7, 'Second paragraph, same speaker — same time…'],
      ['Dave Jones', 3723, 'An hour in. Tags go, words stay.'],
    ]);
    const episode = episodeFromTranscript(t, { slug: 'e1', title: 'Episode 1' });
    expect(episode.turns.map((turn) => turn.paragraphs)).toEqual([
      ['Welcome to Podcasting 2.0, the board meeting for podcasting & more.'],
      ['Hello everybody, good to be here.', 'Second paragraph, same speaker — same time…'],
      ['An hour in. Tags go, words stay.'],
    ]);
    expect(JSON.stringify(episode)).not.toMatch(/alert|onerror|<img/);
  });

  it('is found by content as well as by extension, and refused without any time', () => {
    expect(parseTimedTranscript(read('transcript.html')).ok).toBe(true);
    expect(parseTimedTranscript('<p>No times here.</p>', 'a.html')).toEqual({
      ok: false,
      error: 'The HTML transcript has no times: a Podcasting 2.0 HTML transcript has a <time> per turn.',
    });
  });
});

describe('speaker labels in timed files', () => {
  it('takes a one-off label for its cue only: a subtitle credit or a Spanish "Digo:" owns nothing after it', () => {
    expect(rows(parsed('one-off-label.srt')).map(([speaker]) => speaker)).toEqual([
      'Subtitles',
      null,
      null,
      'Digo',
      null,
    ]);
  });

  it('carries a recurring label (as Zoom writes speakers) over cues without one', () => {
    expect(rows(parsed('zoom.vtt')).map(([speaker, , text]) => [speaker, text])).toEqual([
      ['Maya Chen', 'Can everyone hear me?'],
      ['Omar Haddad', 'Yes, loud and clear.'],
      ['Maya Chen', "Great, let's start."],
      ['Maya Chen', 'First item is the budget.'],
    ]);
  });

  it('takes a label that is a <v> voice elsewhere in the file as that speaker', () => {
    const t = parseTimedTranscript(
      'WEBVTT\n\n00:01.000 --> 00:02.000\n<v Kim>Hi.\n\n00:02.000 --> 00:03.000\nLee: Hello.\n\n' +
        '00:03.000 --> 00:04.000\n<v Lee>Me again.\n\n00:04.000 --> 00:05.000\nStill Lee.\n',
      'x.vtt',
    );
    expect(t.ok && t.value.segments.map((s) => s.speaker)).toEqual(['Kim', 'Lee', 'Lee', 'Lee']);
  });
});

describe('entities, tag fragments and \\h', () => {
  it('decodes all HTML5 named entities and the legacy ones without ";", drops tag fragments', () => {
    expect(parsed('entities.vtt').segments.map((s) => s.text)).toEqual([
      '© 2024 ∉ list, fish & chips, 5 < 6\u00a0ok.',
      'Cut-off tags at the end',
      'Karaoke words',
      // "<3" starts no tag that ends: it stays text.
      'No\u00a0break and a <3 heart.',
    ]);
  });

  it('in SRT, drops {\\an8} and other override blocks and formatting tags, keeps "<3", makes \\h a no-break space', () => {
    expect(rows(parsed('entities.srt'))).toEqual([['Ana', 1, 'Top\u00a0line & italic text and a <3 heart.']]);
  });
});

describe('estimated times', () => {
  const episode: Episode = {
    format: 'hark-episode/1',
    slug: 'talk',
    title: 'Talk',
    publishDate: null,
    published: true,
    description: '',
    tags: [],
    audio: null,
    video: null,
    speakers: [
      { id: 'ana', name: 'Ana', aliases: [] },
      { id: 'ben', name: 'Ben', aliases: [] },
    ],
    showNotes: { markdown: '', links: [] },
    chapters: [],
    turns: [
      { speaker: 'ana', paragraphs: ['We start with the weather report for the whole week ahead.'] },
      {
        speaker: 'ben',
        paragraphs: ['Then the traffic, which is terrible on every road in town.'],
        start: 30,
      },
      { speaker: 'ana', paragraphs: ['And finally the sports results from the weekend games.'] },
    ],
    anchors: [],
    notes: [],
  };
  const times = { turnStarts: [0, 30, 61], paragraphStarts: [[0], [30], [61]], duration: 90 };

  it.each(['json', 'vtt', 'srt'] as const)(
    'a %s export marks them, and reading it back never calls them exact',
    (format) => {
      const text = exportTranscript(episode, times, format);
      const back = parseTimedTranscript(text, `talk.${format}`);
      if (!back.ok) throw new Error(back.error);
      expect(back.value.segments.map((s) => s.estimated === true)).toEqual([true, false, true]);
      const again = episodeFromTranscript(back.value, { slug: 'again', title: 'Again' });
      expect(again.turns.map((t) => t.start)).toEqual([undefined, 30, undefined]);
      // Given to the episode as times, only Ben's known time is used.
      const applied = applyTranscriptTimes(
        { ...episode, turns: episode.turns.map(({ start: _, ...t }) => t) },
        back.value,
      );
      if (!applied.ok) throw new Error(applied.error);
      expect(applied.value.aligned).toBe(1);
      expect(applied.value.estimated).toBe(2);
      expect(applied.value.episode.turns.map((t) => t.start)).toEqual([undefined, 30, undefined]);
    },
  );
});
