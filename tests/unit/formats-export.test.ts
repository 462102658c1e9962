import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownToPlain } from '../../src/lib/episode/text.ts';
import type { Episode } from '../../src/lib/episode/types.ts';
import { parseEpisodeJson, validateEpisode } from '../../src/lib/episode/validate.ts';
import {
  episodeFromTranscript,
  exportTranscript,
  parsePodcastingJson,
  parseSrt,
  parseTimedTranscript,
  parseWebVtt,
  plainToMarkdown,
  type TranscriptTimes,
} from '../../src/lib/formats/index.ts';
import { buildTimeline, layoutText, type Timeline } from '../../src/lib/timing/timeline.ts';

/** Openings of real Podcasting 2.0 transcripts (see its README). */
const TIMED = 'tests/fixtures/timed';
const FIXTURES = 'tests/fixtures/transcripts';
const TIMED_FORMATS = ['json', 'vtt', 'srt'] as const;

function kelsey(): Episode {
  const r = parseEpisodeJson(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const timelineOf = (e: Episode, duration: number): Timeline =>
  buildTimeline(e.turns, layoutText(e.turns), { duration, anchors: e.anchors });

/** Speaker names and plain paragraphs, what a round trip must give back. */
function turnsOf(e: Episode): [string, string[]][] {
  const names = new Map(e.speakers.map((s) => [s.id, s.name]));
  return e.turns.map((t) => [names.get(t.speaker) ?? '?', t.paragraphs.map(markdownToPlain)]);
}

function reimported(text: string, fileName?: string): Episode {
  const r = parseTimedTranscript(text, fileName);
  if (!r.ok) throw new Error(r.error);
  return episodeFromTranscript(r.value, { slug: 'again', title: 'Again' });
}

const ms = (seconds: number): number => Math.round(seconds * 1000);

/** A small episode: two speakers, three turns, one with two paragraphs of markdown. */
const SMALL: Episode = {
  format: 'hark-episode/1',
  slug: 'small',
  title: 'A Small Talk',
  publishDate: null,
  published: true,
  description: '',
  tags: [],
  audio: null,
  video: null,
  speakers: [
    { id: 'ana', name: 'Ana Lima', aliases: [] },
    { id: 'ben', name: 'Ben <Okafor>', aliases: [] },
  ],
  showNotes: { markdown: '', links: [] },
  chapters: [],
  turns: [
    {
      speaker: 'ana',
      paragraphs: ['Hello and **welcome**.', 'We talk about [caching](https://x.y) & more.'],
    },
    { speaker: 'ben', paragraphs: ['Thanks!'], start: 75.5 },
    { speaker: 'ana', paragraphs: ['Bye.'] },
  ],
  anchors: [],
  notes: [],
};
const SMALL_TIMES: TranscriptTimes = {
  turnStarts: [0, 75.5, 3661.25],
  paragraphStarts: [[0, 12.3456], [75.5], [3661.25]],
  duration: 3670,
};

describe('exportTranscript', () => {
  it('writes Podcasting 2.0 JSON, a segment per paragraph, pretty-printed', () => {
    expect(exportTranscript(SMALL, SMALL_TIMES, 'json')).toBe(
      `${JSON.stringify(
        {
          version: '1.0.0',
          segments: [
            // Only Ben's start is known: the other times are estimates and say so.
            {
              speaker: 'Ana Lima',
              startTime: 0,
              endTime: 12.346,
              body: 'Hello and welcome.',
              estimated: true,
            },
            {
              speaker: 'Ana Lima',
              startTime: 12.346,
              endTime: 75.5,
              body: 'We talk about caching & more.',
              estimated: true,
            },
            { speaker: 'Ben <Okafor>', startTime: 75.5, endTime: 3661.25, body: 'Thanks!' },
            { speaker: 'Ana Lima', startTime: 3661.25, endTime: 3670, body: 'Bye.', estimated: true },
          ],
        },
        null,
        2,
      )}\n`,
    );
  });

  it('writes WebVTT with voice spans and escaped text', () => {
    expect(exportTranscript(SMALL, SMALL_TIMES, 'vtt')).toBe(
      [
        'WEBVTT',
        '',
        'NOTE Times after "NOTE estimated" are estimated from the text by Hark, not taken from the audio.',
        '',
        'NOTE estimated',
        '',
        '00:00:00.000 --> 00:00:12.346',
        '<v Ana Lima>Hello and welcome.',
        '',
        'NOTE estimated',
        '',
        '00:00:12.346 --> 00:01:15.500',
        '<v Ana Lima>We talk about caching &amp; more.',
        '',
        '00:01:15.500 --> 01:01:01.250',
        '<v Ben &lt;Okafor&gt;>Thanks!',
        '',
        'NOTE estimated',
        '',
        '01:01:01.250 --> 01:01:10.000',
        '<v Ana Lima>Bye.',
        '',
      ].join('\n'),
    );
  });

  it('writes numbered SRT cues with speaker prefixes', () => {
    expect(exportTranscript(SMALL, SMALL_TIMES, 'srt')).toBe(
      [
        '# Hark: estimated times in cues 1-2, 4',
        '',
        '1',
        '00:00:00,000 --> 00:00:12,346',
        'Ana Lima: Hello and welcome.',
        '',
        '2',
        '00:00:12,346 --> 00:01:15,500',
        'Ana Lima: We talk about caching & more.',
        '',
        '3',
        '00:01:15,500 --> 01:01:01,250',
        'Ben <Okafor>: Thanks!',
        '',
        '4',
        '01:01:01,250 --> 01:01:10,000',
        'Ana Lima: Bye.',
        '',
      ].join('\n'),
    );
  });

  it('writes plain text with "≈" only on estimated times', () => {
    const text = 'A Small Talk\n\nAna Lima (≈ 0:00)\nHello and welcome.\n\nWe talk about caching & more.\n\n';
    // Without flags, a time is exact where it is the turn's own exact start.
    expect(exportTranscript(SMALL, SMALL_TIMES, 'txt')).toBe(
      `${text}Ben <Okafor> (1:15)\nThanks!\n\nAna Lima (≈ 1:01:01)\nBye.\n`,
    );
    expect(exportTranscript(SMALL, { ...SMALL_TIMES, exact: [true, false, true] }, 'txt')).toBe(
      'A Small Talk\n\nAna Lima (0:00)\nHello and welcome.\n\nWe talk about caching & more.\n\n' +
        'Ben <Okafor> (≈ 1:15)\nThanks!\n\nAna Lima (1:01:01)\nBye.\n',
    );
  });

  it('writes markdown with the paragraphs as written', () => {
    expect(exportTranscript(SMALL, { ...SMALL_TIMES, turnExact: [false, true, false] }, 'md')).toBe(
      [
        '# A Small Talk',
        '',
        '**Ana Lima** · [≈ 0:00]',
        '',
        'Hello and **welcome**.',
        '',
        'We talk about [caching](https://x.y) & more.',
        '',
        '**Ben <Okafor>** · [1:15]',
        '',
        'Thanks!',
        '',
        '**Ana Lima** · [≈ 1:01:01]',
        '',
        'Bye.',
        '',
      ].join('\n'),
    );
  });

  it('takes a Timeline as it is, and exports the real episode for reading', () => {
    const e = kelsey();
    const timeline = timelineOf(e, 3700);
    const txt = exportTranscript(e, timeline, 'txt');
    expect(txt.startsWith(`${e.title}\n\nBeyang Liu (≈ 0:00)\nAlright, I'm here with Kelsey Hightower`)).toBe(
      true,
    );
    expect(txt.match(/^(Beyang Liu|Kelsey Hightower) \(≈ \d+:\d\d(:\d\d)?\)$/gm)).toHaveLength(
      e.turns.length,
    );
    const md = exportTranscript(e, timeline, 'md');
    expect(md.match(/^\*\*(Beyang Liu|Kelsey Hightower)\*\* · \[≈ [\d:]+\]$/gm)).toHaveLength(e.turns.length);
    for (const p of e.turns.flatMap((t) => t.paragraphs)) expect(md).toContain(`\n${p}\n`);
  });

  it('keeps times in order and finite whatever it is given, and leaves out empty paragraphs', () => {
    const odd: TranscriptTimes = {
      turnStarts: [5, Number.NaN, 2],
      paragraphStarts: [[5, 1], [], [-3]],
      duration: 0,
    };
    const e: Episode = {
      ...SMALL,
      turns: [...SMALL.turns.slice(0, 2), { speaker: 'ana', paragraphs: ['<br>'] }],
    };
    const r = parsePodcastingJson(exportTranscript(e, odd, 'json'));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.segments.map((s) => [s.start, s.end])).toEqual([
      [5, 5],
      [5, 5],
      [5, 5],
    ]);
  });
});

describe('round trips', () => {
  const e = kelsey();
  const timeline = timelineOf(e, 3700);

  it.each(TIMED_FORMATS)('%s: the real episode comes back with its turns and times', (format) => {
    const again = reimported(exportTranscript(e, timeline, format), `kelsey.${format}`);
    expect(turnsOf(again)).toEqual(turnsOf(e));
    // The times were estimates and the file says so: they do not come back as known times...
    expect(again.turns.filter((t) => t.start !== undefined)).toEqual([]);
    // ...and the re-import's own estimate is the same to the millisecond.
    const back = timelineOf(again, 3700);
    back.turnStarts.forEach((s, i) => expect(ms(s)).toBe(ms(timeline.turnStarts[i]!)));
    back.paragraphStarts.forEach((starts, i) =>
      starts.forEach((s, j) => expect(Math.abs(s - timeline.paragraphStarts[i]![j]!)).toBeLessThan(0.0006)),
    );
  });

  it('keeps paragraphs that do not end a sentence, among ones that do', () => {
    const edited: Episode = {
      ...e,
      turns: e.turns.map((t, i) =>
        i === 4 ? { ...t, paragraphs: ['A heading-like line', ...t.paragraphs] } : t,
      ),
    };
    for (const format of TIMED_FORMATS) {
      const again = reimported(exportTranscript(edited, timelineOf(edited, 3700), format));
      expect(turnsOf(again)).toEqual(turnsOf(edited));
    }
  });

  const files = readdirSync(TIMED).filter((f) => f.endsWith('.json'));
  it('has real transcripts to round-trip', () => expect(files).toHaveLength(3));

  it.each(files)('%s: import, export and import again give the same', (file) => {
    const first = reimported(readFileSync(`${TIMED}/${file}`, 'utf8'), file);
    const duration = Math.max(...first.turns.map((t) => t.end ?? t.start ?? 0));
    const times = timelineOf(first, duration);
    for (const format of TIMED_FORMATS) {
      const again = reimported(exportTranscript(first, times, format), `again.${format}`);
      expect(turnsOf(again)).toEqual(turnsOf(first));
      expect(again.turns.map((t) => [t.start, t.end])).toEqual(first.turns.map((t) => [t.start, t.end]));
      expect(again.anchors).toEqual(first.anchors);
    }
  });

  it.each([
    'bom-crlf.vtt',
    'notes-styles.vtt',
    'no-speakers.vtt',
    'overlapping.vtt',
    'speakers.srt',
    'word-level.json',
  ])('%s: import, export and import again give the same', (file) => {
    const first = reimported(readFileSync(`${FIXTURES}/${file}`, 'utf8'), file);
    const duration = Math.max(...first.turns.map((t) => t.end ?? 0));
    for (const format of TIMED_FORMATS) {
      const again = reimported(exportTranscript(first, timelineOf(first, duration), format));
      expect(turnsOf(again)).toEqual(turnsOf(first));
      expect(again.turns.map((t) => t.start)).toEqual(first.turns.map((t) => t.start));
    }
  });

  it('holds for random episodes (names, punctuation, markup characters)', () => {
    const NAMES = [
      'Ana Lima',
      'Dr. Jane Smith',
      'María José',
      "Sam O'Neil",
      'Jean-Luc Picard',
      'SPEAKER_01',
      'Kai',
    ];
    // Not "a_b" or "5*3": markdownToPlain reads two of them in a paragraph as emphasis, even escaped.
    const word = fc.constantFrom(
      'we',
      'talk',
      'about',
      'caching',
      'M&A',
      '<div>',
      '[note]',
      '(aside)',
      '5 * 3',
      '#1',
      '"quoted"',
      'C:\\dir',
      '1984.',
      '—',
      'ünïcode',
      '日本',
    );
    const sentence = fc
      .tuple(
        fc.array(word, { minLength: 1, maxLength: 12 }),
        fc.constantFrom('.', '!', '?', '…', '."', '.)', ''),
      )
      .map(([ws, end]) => `${ws.join(' ')}${end}`);
    // Paragraphs end a sentence (one that doesn't, among ones that do, is tested above).
    const paragraph = fc
      .tuple(fc.array(sentence, { maxLength: 2 }), sentence, fc.constantFrom('.', '!', '?', '…'))
      .map(([ss, s, end]) => [...ss, `${s.replace(/[.!?…")]+$/, '')}${end}`].join(' '));
    const episode = fc
      .tuple(
        fc.array(fc.tuple(fc.nat(NAMES.length - 1), fc.array(paragraph, { minLength: 1, maxLength: 3 })), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.integer({ min: 1, max: 20000 }),
      )
      .map(([turns, duration]): [Episode, number] => {
        // Consecutive turns of one speaker would read back as one turn: give them different speakers.
        const speakers = turns.map(([s]) => s);
        for (let i = 1; i < speakers.length; i++) {
          if (speakers[i] === speakers[i - 1]) speakers[i] = (speakers[i]! + 1) % NAMES.length;
        }
        return [
          {
            ...SMALL,
            speakers: NAMES.map((name, i) => ({ id: `s${i}`, name, aliases: [] })),
            turns: turns.map(([, ps], i) => ({
              speaker: `s${speakers[i]}`,
              paragraphs: ps.map(plainToMarkdown),
            })),
          },
          duration,
        ];
      });
    fc.assert(
      fc.property(episode, fc.constantFrom(...TIMED_FORMATS), ([e, duration], format) => {
        const times = timelineOf(e, duration);
        const again = reimported(exportTranscript(e, times, format), `x.${format}`);
        expect(turnsOf(again)).toEqual(turnsOf(e));
        // Estimated times are marked as such and not taken for known ones.
        expect(again.turns.every((t) => t.start === undefined)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('plainToMarkdown', () => {
  it('gives markdown whose plain text is the text', () => {
    const piece = fc.constantFrom(
      ...'ab c[]()<>&#\\!-+.1~|:"'.split(''),
      'x y',
      '1. ',
      '- ',
      '> ',
      '# ',
      '* ',
      ' _ ',
      '&amp;',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (pieces) => {
        const text = pieces.join('').replace(/\s+/g, ' ').trim();
        expect(markdownToPlain(plainToMarkdown(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the parsers', () => {
  const parsers = [parsePodcastingJson, parseWebVtt, parseSrt, (t: string) => parseTimedTranscript(t)];
  const fixtures = readdirSync(FIXTURES).map((f) => readFileSync(`${FIXTURES}/${f}`, 'utf8'));
  const check = (text: string): void => {
    for (const parse of parsers) {
      const r = parse(text);
      // One sentence for people, not a caught exception's message with a stack or a dump of the input.
      if (!r.ok) expect(r.error).toMatch(/^\S[^\n]{0,300}[.?]$/);
      else {
        expect(r.value.segments.length).toBeGreaterThan(0);
        // Whatever parses makes a valid episode.
        const e = episodeFromTranscript(r.value, { slug: 'fuzz', title: 'Fuzz' });
        expect(validateEpisode(JSON.parse(JSON.stringify(e)))).toMatchObject({ ok: true });
      }
    }
  };

  it('never throw on random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), check), { numRuns: 500 });
    fc.assert(fc.property(fc.json(), check), { numRuns: 300 });
  });

  it('never throw on text made of their own pieces', () => {
    const piece = fc.constantFrom(
      'WEBVTT',
      '\n',
      '\r\n',
      '\n\n',
      '-->',
      ' --> ',
      '00:00:01.000',
      '00:01,500',
      '99:99:99.999',
      '1',
      '<v Ana>',
      '<v.x',
      '</v>',
      '<c>',
      '&amp;',
      '&#x1F600;',
      '&#99999999;',
      'NOTE',
      'STYLE',
      'Ana Lima:',
      'text',
      '{"segments":[',
      '{"startTime":',
      '"1.5"',
      '"body":"x"}',
      ']}',
      ',',
      '\uFEFF',
      '\u0000',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => check(pieces.join(''))),
      {
        numRuns: 1000,
      },
    );
  });

  it('never throw on mutated real-world files', () => {
    const edit = fc.tuple(fc.nat(), fc.nat(20), fc.string({ unit: 'binary', maxLength: 8 }));
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtures),
        fc.array(edit, { minLength: 1, maxLength: 6 }),
        (text, edits) => {
          let t = text;
          for (const [at, remove, insert] of edits) {
            const i = at % (t.length + 1);
            t = t.slice(0, i) + insert + t.slice(i + remove);
          }
          check(t);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
