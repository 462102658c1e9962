import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { markdownToPlain } from '../../src/lib/episode/text.ts';
import type { Episode } from '../../src/lib/episode/types.ts';
import { parseEpisodeJson, validateEpisode } from '../../src/lib/episode/validate.ts';
import {
  applyTranscriptTimes,
  episodeFromTranscript,
  parseTimedTranscript,
  type TimedSegment,
  type TimedTranscript,
} from '../../src/lib/formats/index.ts';

const META = { slug: 'test', title: 'Test' };
/** Openings of real Podcasting 2.0 transcripts (see its README). */
const TIMED = 'tests/fixtures/timed';

function fixture(name: string): TimedTranscript {
  const r = parseTimedTranscript(readFileSync(`tests/fixtures/transcripts/${name}`, 'utf8'), name);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function kelsey(): Episode {
  const r = parseEpisodeJson(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const seg = (
  speaker: string | null,
  start: number,
  text: string,
  end: number | null = null,
): TimedSegment => ({
  speaker,
  start,
  end,
  text,
});

/** Turns as [speaker name, plain paragraphs]. */
function turnsOf(e: Episode): [string, string[]][] {
  const names = new Map(e.speakers.map((s) => [s.id, s.name]));
  return e.turns.map((t) => [names.get(t.speaker) ?? '?', t.paragraphs.map(markdownToPlain)]);
}

function valid(e: Episode): Episode {
  const r = validateEpisode(JSON.parse(JSON.stringify(e)));
  if (!r.ok) throw new Error(r.error);
  expect(r.value).toEqual(e);
  return e;
}

describe('episodeFromTranscript', () => {
  it('makes a valid episode: a turn per run of one speaker, exact starts and ends, ids from names', () => {
    const e = valid(episodeFromTranscript(fixture('bom-crlf.vtt'), { slug: 'ep-12', title: 'Episode 12' }));
    expect(e).toMatchObject({ format: 'hark-episode/1', slug: 'ep-12', title: 'Episode 12', audio: null });
    expect(e.speakers).toEqual([
      { id: 'ana-lima', name: 'Ana Lima', aliases: [] },
      { id: 'ben-okafor', name: 'Ben Okafor', aliases: [] },
    ]);
    expect(e.turns).toEqual([
      {
        speaker: 'ana-lima',
        paragraphs: ['Welcome back to the show.', 'Today we talk about caching & invalidation.'],
        start: 0,
        end: 9.75,
      },
      { speaker: 'ben-okafor', paragraphs: ['Thanks for having me!'], start: 9.75, end: 12 },
    ]);
    // Later paragraphs are anchored at their start.
    expect(e.anchors).toEqual([{ turn: 0, paragraph: 1, time: 4.2, source: 'transcript' }]);
  });

  it('joins subtitle lines that break mid-sentence; a sentence end ends the paragraph', () => {
    const e = valid(episodeFromTranscript(fixture('no-speakers.vtt'), META));
    expect(e.speakers).toEqual([{ id: 'unknown-speaker', name: 'Unknown speaker', aliases: [] }]);
    expect(turnsOf(e)).toEqual([
      [
        'Unknown speaker',
        ["we're going to talk about type systems today and why they matter.", "Let's start with a question."],
      ],
    ]);
    expect(e.turns[0]).toMatchObject({ start: 0.5, end: 11 });
    expect(e.anchors).toEqual([{ turn: 0, paragraph: 1, time: 8, source: 'transcript' }]);
  });

  it('builds sentences from word-level transcripts', () => {
    const e = valid(episodeFromTranscript(fixture('word-level.json'), META));
    expect(turnsOf(e)).toEqual([
      ['Priya Raman', ['Welcome to Hark Radio.', 'Today we listen, closely.']],
      ['Tom Weir', ['Glad to be here!']],
      ['Priya Raman', ["Let's begin"]],
    ]);
    expect(e.turns.map((t) => [t.start, t.end])).toEqual([
      [0.52, 3.4],
      [3.9, 5.2],
      [5.6, 6.3],
    ]);
  });

  it('sorts overlapping cues; a turn ends at the latest end of its segments', () => {
    const e = valid(episodeFromTranscript(fixture('overlapping.vtt'), META));
    expect(turnsOf(e).map(([name, ps]) => [name, ps.length])).toEqual([
      ['Lee', 2],
      ['Kim', 1],
      ['Lee', 1],
    ]);
    expect(e.turns.map((t) => [t.start, t.end])).toEqual([
      [0, 9],
      [8, 12],
      [11.5, 14],
    ]);
  });

  it('keeps a paragraph per segment when segments are paragraphs, even one without a final period', () => {
    const t: TimedTranscript = {
      format: 'json',
      segments: [
        seg('Ana', 0, 'First paragraph.'),
        seg('Ana', 5, 'Second paragraph, a heading without a period'),
        seg('Ana', 9, 'Third paragraph!'),
        seg('Ana', 12, 'Fourth paragraph?'),
        seg('Ana', 14, '“Fifth,” she said.”'),
        seg('Ana', 17, 'Sixth (in brackets.)'),
      ],
    };
    expect(turnsOf(episodeFromTranscript(t, META))[0]![1]).toHaveLength(6);
  });

  it('gives an end-less segment the next start as its end, and cuts unpunctuated text at 1500 characters', () => {
    const words = (n: number): string => Array.from({ length: n }, () => 'word').join(' ');
    const t: TimedTranscript = {
      format: 'vtt',
      segments: [
        ...Array.from({ length: 20 }, (_, k) => seg('Ana', k * 4, words(20), k * 4 + 4)),
        seg('Ben', 80, 'Hm.'),
        seg('Ana', 85, 'Done.'),
      ],
    };
    const e = valid(episodeFromTranscript(t, META));
    // Subtitle-like lines of 20 words, 99 characters: 15 make a paragraph of 1499, the 16th ends it at 1599.
    expect(e.turns[0]!.paragraphs.map((p) => p.length)).toEqual([1599, 399]);
    expect(e.turns[1]).toMatchObject({ start: 80, end: 85 });
    expect(e.turns[2]).toMatchObject({ start: 85, end: 85 });
  });

  it('names speakers as written, with unique ids', () => {
    const t: TimedTranscript = {
      format: 'srt',
      segments: [
        seg('Dan', 0, 'One.'),
        seg('DAN', 1, 'Two.'),
        seg('???', 2, 'Three.'),
        seg('  Dan  ', 3, 'Four.'),
        seg('!!!', 4, 'Five.'),
        seg(null, 5, 'Six.'),
      ],
    };
    const e = valid(episodeFromTranscript(t, META));
    expect(e.speakers.map((s) => [s.id, s.name])).toEqual([
      ['dan', 'Dan'],
      ['dan-2', 'DAN'],
      ['speaker', '???'],
      ['speaker-2', '!!!'],
      ['unknown-speaker', 'Unknown speaker'],
    ]);
    expect(e.turns.map((t) => t.speaker)).toEqual([
      'dan',
      'dan-2',
      'speaker',
      'dan',
      'speaker-2',
      'unknown-speaker',
    ]);
  });

  it('escapes plain text that markdown would read as markup', () => {
    const t: TimedTranscript = {
      format: 'json',
      segments: [
        seg('Ana', 0, '1984. That was the year.'),
        seg('Ana', 1, '# not a heading, a <tag> & [a](link), 5 * 3 and snake_case.'),
      ],
    };
    const e = valid(episodeFromTranscript(t, META));
    expect(e.turns[0]!.paragraphs).toEqual([
      '1984\\. That was the year.',
      '\\# not a heading, a &lt;tag&gt; & \\[a\\]\\(link), 5 \\* 3 and snake\\_case.',
    ]);
    expect(e.turns[0]!.paragraphs.map(markdownToPlain)).toEqual(t.segments.map((s) => s.text));
  });
});

/** Kelsey's turns as a timed transcript with invented times: 0.4 s a word, 0.5 s between turns. */
function inventedTranscript(
  episode: Episode,
  change: (words: string[], turn: number) => string[],
  segmentWords: number,
): { segments: TimedSegment[]; starts: number[] } {
  const names: Record<string, string> = { 'beyang-liu': 'Beyang', 'kelsey-hightower': 'Kelsey' };
  const segments: TimedSegment[] = [];
  const starts: number[] = [];
  let t = 3;
  episode.turns.forEach((turn, i) => {
    starts.push(t);
    const words = change(turn.paragraphs.map(markdownToPlain).join(' ').split(' '), i);
    for (let k = 0; k < words.length; k += segmentWords) {
      const chunk = words.slice(k, k + segmentWords);
      const end = Math.round((t + chunk.length * 0.4) * 1000) / 1000;
      segments.push({ speaker: names[turn.speaker] ?? null, start: t, end, text: chunk.join(' ') });
      t = end;
    }
    t = Math.round((t + 0.5) * 1000) / 1000;
  });
  return { segments, starts };
}

/** Slightly different wording: a word dropped here, one changed there, a filler added. */
const reworded = (words: string[]): string[] =>
  words
    .filter((_, k) => k % 17 !== 16)
    .map((w, k) => (k % 23 === 22 ? 'um' : k % 29 === 5 ? w.toUpperCase() : w))
    .flatMap((w, k) => (k % 31 === 30 ? [w, 'like'] : [w]));

describe('applyTranscriptTimes', () => {
  const episode = kelsey();

  it('aligns every turn of a reworded transcript that splits turns into several segments', () => {
    const { segments, starts } = inventedTranscript(episode, reworded, 30);
    expect(segments.length).toBeGreaterThan(episode.turns.length * 2);
    const r = applyTranscriptTimes(episode, { format: 'json', segments });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.aligned).toBe(episode.turns.length);
    const aligned = valid(r.value.episode);
    aligned.turns.forEach((turn, i) => {
      expect(turn.start).toBe(starts[i]);
      // A turn ends where its last segment ends: half a second before the next turn.
      if (i + 1 < starts.length) expect(turn.end).toBeCloseTo(starts[i + 1]! - 0.5, 3);
    });
    // Everything else is as it was.
    expect(aligned.turns.map((t) => t.paragraphs)).toEqual(episode.turns.map((t) => t.paragraphs));
    expect({ ...aligned, turns: [], anchors: [] }).toEqual({ ...episode, turns: [], anchors: [] });
  });

  it('aligns a word-level transcript exactly, paragraphs too, whatever the speakers are called', () => {
    const { segments, starts } = inventedTranscript(episode, (w) => w, 1);
    const labelled = segments.map((s, k) => ({
      ...s,
      speaker: k % 9 === 0 ? (s.speaker === 'Beyang' ? 'SPEAKER_00' : 'SPEAKER_01') : null,
    }));
    const r = applyTranscriptTimes(episode, { format: 'json', segments: labelled });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.aligned).toBe(episode.turns.length);
    expect(r.value.episode.turns.map((t) => t.start)).toEqual(starts);
    // Every later paragraph gets an anchor at its first word's time.
    const paragraphs = episode.turns.reduce((n, t) => n + t.paragraphs.length - 1, 0);
    expect(r.value.episode.anchors).toHaveLength(paragraphs);
    const first = r.value.episode.anchors[0]!;
    const words = episode.turns
      .slice(0, first.turn)
      .flatMap((t) => t.paragraphs)
      .concat(episode.turns[first.turn]!.paragraphs.slice(0, first.paragraph))
      .map((p) => markdownToPlain(p).split(' ').length)
      .reduce((a, b) => a + b, 0);
    expect(first.time).toBe(segments[words]!.start);
    valid(r.value.episode);
  });

  it('aligns turns the transcript merged into one subtitle cue, interpolating inside short cues', () => {
    // Seven-word cues that run across speaker changes, with no speakers at all.
    const { segments: words, starts } = inventedTranscript(episode, (w) => w, 1);
    const cues: TimedSegment[] = [];
    for (let k = 0; k < words.length; k += 7) {
      const chunk = words.slice(k, k + 7);
      cues.push(seg(null, chunk[0]!.start, chunk.map((w) => w.text).join(' '), chunk[chunk.length - 1]!.end));
    }
    const r = applyTranscriptTimes(episode, { format: 'vtt', segments: cues });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.aligned).toBe(episode.turns.length);
    // Within a cue, time goes by characters: close to the word times, not equal.
    r.value.episode.turns.forEach((t, i) => expect(Math.abs(t.start! - starts[i]!)).toBeLessThan(1.5));
  });

  it('leaves the turns it cannot align without times, keeping earlier times that still fit', () => {
    const { segments, starts } = inventedTranscript(episode, reworded, 30);
    // The transcript misses turns 10 to 14 (cut from the audio), and the episode knew turn 12 started at 400.
    const cut = segments.filter((s) => s.start < starts[10]! || s.start >= starts[15]!);
    const withOld = {
      ...episode,
      turns: episode.turns.map((t, i) => (i === 12 ? { ...t, start: 400, end: 401 } : t)),
    };
    const r = applyTranscriptTimes(withOld, { format: 'srt', segments: cut });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.aligned).toBe(episode.turns.length - 5);
    const turns = r.value.episode.turns;
    expect(turns.slice(10, 15).map((t) => t.start)).toEqual([
      undefined,
      undefined,
      400,
      undefined,
      undefined,
    ]);
    expect(turns[9]!.start).toBe(starts[9]);
    expect(turns[15]!.start).toBe(starts[15]);
    valid(r.value.episode);
  });

  it('replaces earlier transcript anchors and keeps the reader’s', () => {
    const { segments } = inventedTranscript(episode, (w) => w, 1);
    const withAnchors: Episode = {
      ...episode,
      anchors: [
        { turn: 3, time: 1, source: 'transcript' },
        { turn: 5, time: 123, source: 'user' },
      ],
    };
    const r = applyTranscriptTimes(withAnchors, { format: 'json', segments });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.episode.anchors.filter((a) => a.source === 'user')).toEqual([
      { turn: 5, time: 123, source: 'user' },
    ]);
    expect(r.value.episode.anchors.some((a) => a.turn === 3 && a.time === 1)).toBe(false);
  });

  it('refuses a transcript of something else', () => {
    // Words of the episode's own vocabulary in a scrambled order share words but no runs of them.
    const vocabulary = [
      ...new Set(episode.turns.flatMap((t) => t.paragraphs.map(markdownToPlain).join(' ').split(' '))),
    ];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const segments = Array.from({ length: 400 }, (_, k) =>
      seg(
        k % 2 ? 'A' : 'B',
        k * 5,
        Array.from({ length: 12 }, () => vocabulary[Math.floor(next() * vocabulary.length)]).join(' '),
      ),
    );
    const r = applyTranscriptTimes(episode, { format: 'json', segments });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(
      new RegExp(
        `^Only \\d of ${episode.turns.length} turns match the timed transcript: is it a transcript of this episode\\?$`,
      ),
    );
  });

  it('refuses a real transcript of another episode', () => {
    const other = parseTimedTranscript(readFileSync(`${TIMED}/aws-bites--27.json`, 'utf8'));
    if (!other.ok) throw new Error(other.error);
    expect(applyTranscriptTimes(episode, other.value)).toEqual({
      ok: false,
      error: `Only 0 of ${episode.turns.length} turns match the timed transcript: is it a transcript of this episode?`,
    });
  });

  it('refuses empty input', () => {
    expect(applyTranscriptTimes(episode, { format: 'vtt', segments: [] })).toEqual({
      ok: false,
      error: 'The timed transcript has no text to align.',
    });
    expect(applyTranscriptTimes(episode, { format: 'vtt', segments: [seg('A', 0, '…')] })).toEqual({
      ok: false,
      error: 'There are no words to align.',
    });
    expect(
      applyTranscriptTimes({ ...episode, turns: [] }, { format: 'vtt', segments: [seg('A', 0, 'Hi')] }),
    ).toEqual({
      ok: false,
      error: 'The episode has no turns to give times to.',
    });
  });
});
