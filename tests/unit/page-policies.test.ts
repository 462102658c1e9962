import { describe, expect, it } from 'vitest';
import { oneLine, speakerName } from '../../src/lib/episode/speaker-name.ts';
import { momentLink, readArrival, withoutArrival, withView } from '../../src/lib/links/moment-link.ts';
import { isWebUrl, playableUrl, webUrl } from '../../src/lib/links/web-url.ts';
import { formatQuote } from '../../src/lib/search/quote.ts';
import { sortOpenedFiles } from '../../src/lib/files/opened-files.ts';
import { evaluateTiming, mergeSegments } from '../../src/lib/timing/evaluate.ts';
import { paragraphTime } from '../../src/lib/timing/places.ts';
import { sentenceAt, sentenceOffset, sentenceStarts } from '../../src/lib/timing/sentences.ts';

describe('the web address policy (links, audio and video alike)', () => {
  it.each([
    '\u0001javascript:alert(1)',
    '\u0001data:audio/wav;base64,AAAA',
    '\u0000\u001f javascript:alert(1)',
    '\u0085data:text/html,x',
    'java\u0000script:alert(1)',
  ])('refuses %j after trimming control characters', (raw) => {
    expect(isWebUrl(raw)).toBe(false);
    expect(playableUrl(raw)).toBeNull();
  });

  it('trims control characters and white space around a web address, and keeps it', () => {
    expect(webUrl('\u0001 https://example.com/a \u0002')).toBe('https://example.com/a');
    expect(playableUrl('\u0001https://example.com/a.mp3')).toBe('https://example.com/a.mp3');
    expect(webUrl('https://example.com/a\u0001b')).toBeNull();
  });

  it('lets audio come from blob: URLs and paths next to the app, not from other schemes', () => {
    expect(playableUrl('blob:https://x/1')).toBe('blob:https://x/1');
    expect(playableUrl('audio/episode 1.mp3')).toBe('audio/episode 1.mp3');
    expect(playableUrl('data:audio/wav;base64,AAAA')).toBeNull();
    expect(isWebUrl('blob:https://x/1')).toBe(false);
  });
});

describe('links to a moment or a quote', () => {
  it('reads a moment, a quote, a search and speakers; a bad moment is none', () => {
    expect(readArrival(new URLSearchParams('t=75&quote=hi&q=k8s&speakers=a,b'))).toEqual({
      startAt: 75,
      quote: 'hi',
      query: 'k8s',
      speakers: ['a', 'b'],
    });
    for (const t of ['-1', 'x', '', 'Infinity'])
      expect(readArrival(new URLSearchParams({ t })).startAt).toBeNull();
  });

  it('builds links with whole seconds and keeps other parameters; arrival parts are used once', () => {
    const page = { origin: 'https://hark.example', pathname: '/app/' };
    expect(momentLink(page, 'ep 1', { seconds: 75.9, params: new URLSearchParams('q=x&t=3') })).toBe(
      'https://hark.example/app/#/ep%201?q=x&t=75',
    );
    expect(momentLink(page, 'ep', { seconds: 5, quote: 'a b' })).toBe(
      'https://hark.example/app/#/ep?quote=a+b&t=5',
    );
    expect(withoutArrival(new URLSearchParams('t=1&quote=x&q=y')).toString()).toBe('q=y');
    expect(withView(new URLSearchParams('q=old'), { query: ' ', speakers: ['a'] }).toString()).toBe(
      'speakers=a',
    );
  });
});

describe('paragraph time and speaker names', () => {
  it('is the paragraph start, else the turn start, else 0', () => {
    const timeline = { paragraphStarts: [[0, 5], []], turnStarts: Float64Array.from([0, 9]) };
    expect(paragraphTime(timeline, 0, 1)).toBe(5);
    expect(paragraphTime(timeline, 1, 0)).toBe(9);
    expect(paragraphTime(timeline, 7, 0)).toBe(0);
  });

  it('puts a speaker name on one line, in quotes copied too', () => {
    const episode = {
      speakers: [{ id: 'a', name: 'Ada\nEVIL: planted\r\ntext\u0007', aliases: [] }],
      turns: [
        { speaker: 'a', paragraphs: ['x'] },
        { speaker: 'zz', paragraphs: ['y'] },
      ],
    };
    expect(speakerName(episode, 0)).toBe('Ada EVIL: planted text');
    expect(speakerName(episode, 1)).toBe('zz');
    expect(oneLine(' a \n\t b ')).toBe('a b');
    expect(formatQuote('hello', 'Ada\nEVIL', 75, true)).toBe('“hello” — Ada EVIL, 1:15');
  });
});

describe('what opened files mean', () => {
  const f = (name: string, type = '') => ({ name, type });
  it('sorts audio and a timed transcript, and names what it cannot use', () => {
    expect(sortOpenedFiles([f('a.mp3'), f('a.vtt')])).toMatchObject({
      kind: 'transcript',
      audio: { name: 'a.mp3' },
    });
    expect(sortOpenedFiles([f('x', 'audio/ogg')])).toMatchObject({ kind: 'audio' });
    expect(sortOpenedFiles([f('notes.txt')])).toEqual({
      kind: 'nothing',
      message: 'notes.txt: not audio or a timed transcript (.vtt, .srt, .json, .html) Hark can read.',
    });
  });
});

describe('sentences', () => {
  const text = 'So. What is “Kubernetes?” It schedules things! Right… ok';
  it('finds where each sentence starts', () => {
    expect(sentenceStarts(text)).toEqual([0, 4, 26, 47, 54]);
    expect(sentenceStarts('  lead space. x')).toEqual([2, 14]);
    expect(sentenceStarts('')).toEqual([]);
  });

  it('maps a tap in the shown text to the same sentence in the plain text', () => {
    expect(sentenceAt(text, 30)).toBe(2);
    const shown = 'So.  What is “Kubernetes?”   It schedules things!';
    expect(sentenceOffset(shown, shown.indexOf('schedules'), text)).toBe(26);
    expect(sentenceOffset(shown, 0, text)).toBe(0);
  });

  it('scans hostile input in linear time', () => {
    const t0 = performance.now();
    sentenceStarts('. '.repeat(50_000) + '?'.repeat(50_000));
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('simulated syncing', () => {
  // Ten turns of two sentences each; one speaker is four times slower than the other.
  let at = 0;
  const segments = Array.from({ length: 20 }, (_, i) => {
    const slow = Math.floor(i / 2) % 2 === 0;
    const length = (i % 2 ? 20 : 5) * (slow ? 4 : 1);
    const segment = {
      speaker: slow ? 'slow' : 'fast',
      start: at,
      end: at + length,
      text: i % 2 ? 'This one is a rather longer sentence than the first.' : 'Short one.',
    };
    at += length;
    return segment;
  });
  const truth = mergeSegments(segments);

  it('keeps where each sentence starts in a merged turn', () => {
    expect(truth).toHaveLength(10);
    expect(truth[0]!.sentences).toEqual([
      { offset: 0, start: 0 },
      { offset: 11, start: 20 },
    ]);
  });

  it('anchors the sentence a listener taps, close to its true start', () => {
    const none = evaluateTiming(truth);
    const sentence = evaluateTiming(truth, { syncEvery: 60, syncTo: 'sentence' });
    expect(sentence.anchors).toBe(Math.ceil(at / 60) - 1);
    expect(sentence.accuracy).toBeGreaterThan(none.accuracy);
    expect(sentence.medianStartError).toBeLessThan(none.medianStartError);
  });
});
