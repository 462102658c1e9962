/**
 * Spec-driven tests for the episode page importer: one small fixture page per format variant
 * (tests/fixtures/pages/*.md) plus the real page episodes/kelsey-hightower.md.
 * Written against the importer's contract, not its implementation.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Marked } from 'marked';
import { importEpisodePage } from '../../src/lib/episode/importer.ts';
import type { Episode, Speaker } from '../../src/lib/episode/types.ts';

const FIXTURE_DIR = 'tests/fixtures/pages';
const KELSEY_PATH = 'episodes/kelsey-hightower.md';

const FIXTURES = readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith('.md'))
  .sort();

const markdown = new Marked();

function readFixture(name: string): string {
  return readFileSync(join(FIXTURE_DIR, name), 'utf8');
}

/** Imports a fixture (with its file name as options.fileName); fails loudly when the importer rejects it. */
function load(name: string): Episode {
  const result = importEpisodePage(readFixture(name), { fileName: name });
  if (!result.ok) throw new Error(`importEpisodePage rejected ${name}: ${result.error}`);
  return result.value;
}

function loadKelsey(): Episode {
  const result = importEpisodePage(readFileSync(KELSEY_PATH, 'utf8'), { fileName: 'kelsey-hightower.md' });
  if (!result.ok) throw new Error(`importEpisodePage rejected ${KELSEY_PATH}: ${result.error}`);
  return result.value;
}

function speakerById(ep: Episode, id: string): Speaker {
  const speaker = ep.speakers.find((s) => s.id === id);
  if (!speaker) throw new Error(`no speaker with id ${JSON.stringify(id)}`);
  return speaker;
}

function speakerByName(ep: Episode, name: string): Speaker {
  const speaker = ep.speakers.find((s) => s.name === name);
  if (!speaker) throw new Error(`no speaker named ${JSON.stringify(name)} in ${JSON.stringify(ep.speakers)}`);
  return speaker;
}

/** Display name of the speaker of every turn, in order. */
function turnSpeakerNames(ep: Episode): string[] {
  return ep.turns.map((t) => speakerById(ep, t.speaker).name);
}

function paragraphCounts(ep: Episode): number[] {
  return ep.turns.map((t) => t.paragraphs.length);
}

function speakerNames(ep: Episode): string[] {
  return ep.speakers.map((s) => s.name).sort();
}

function allParagraphs(ep: Episode): string[] {
  return ep.turns.flatMap((t) => t.paragraphs);
}

function render(md: string): string {
  return markdown.parse(md, { async: false });
}

/** Text as a reader sees it: rendered markdown without tags, entities for quotes decoded. */
function renderedText(md: string): string {
  return render(md)
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

function normalizeSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function withoutQuery(url: string): string {
  return url.split('?')[0]!;
}

/** Markup of the page that must never reach a turn paragraph, the show-note markdown or a note. */
const LEAKS = [
  '<div',
  '</div',
  'className',
  'style={{',
  '<h3',
  '</h3',
  '<center',
  '</center',
  '<iframe',
  '<audio',
  '<YouTube',
  '<!--',
  '-->',
];

describe('fixture set', () => {
  it('has the expected variant pages', () => {
    expect(FIXTURES).toEqual(
      [
        'authors-objects.md',
        'buzzsprout-iframe.md',
        'chapters-before-transcript.md',
        'chapters.md',
        'comment-markers.md',
        'disclaimers.md',
        'draft-audiosrc.md',
        'guest-not-in-authors.md',
        'inline-markers.md',
        'markdown-headings.md',
        'mdx-youtube.md',
        'no-labels-unknown-speaker.md',
        'no-labels.md',
        'no-transcript-heading.md',
        'no-transcript.md',
        'show-notes-variants.md',
        'standalone-labels-blank-line.md',
        'three-speakers-nonascii.md',
        'unbolded-label.md',
        'youtube-iframe.md',
      ].sort(),
    );
  });
});

describe.each([...FIXTURES, KELSEY_PATH])('invariants: %s', (name) => {
  const get = (): Episode => (name === KELSEY_PATH ? loadKelsey() : load(name));

  it('imports to a well-formed, JSON-safe episode', () => {
    const ep = get();
    expect(ep.format).toBe('hark-episode/1');
    expect(ep.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(ep.title.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(ep))).toEqual(ep);
  });

  it('has consistent speakers, turns and anchors', () => {
    const ep = get();
    const ids = ep.speakers.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of ep.speakers) {
      expect(s.id).toBe(s.id.toLowerCase());
      expect(s.id).not.toMatch(/\s/);
      expect(s.id.length).toBeGreaterThan(0);
      expect(s.name.trim()).toBe(s.name);
      expect(s.name.length).toBeGreaterThan(0);
    }
    ep.turns.forEach((turn, i) => {
      expect(ids).toContain(turn.speaker);
      expect(turn.paragraphs.length).toBeGreaterThan(0);
      for (const p of turn.paragraphs) {
        expect(p.trim().length).toBeGreaterThan(0);
        // The speaker label is never part of the text.
        expect(p).not.toMatch(/^\*\*[^*\n]{1,40}:\*\*/);
      }
      // Consecutive paragraphs of one speaker are one turn.
      if (i > 0) expect(turn.speaker).not.toBe(ep.turns[i - 1]!.speaker);
    });
    for (const a of ep.anchors) {
      expect(a.source).toBe('marker');
      const turn = ep.turns[a.turn];
      expect(turn).toBeDefined();
      if (a.paragraph !== undefined) expect(a.paragraph).toBeLessThan(turn!.paragraphs.length);
      expect(a.time).toBeGreaterThanOrEqual(0);
    }
    for (const c of ep.chapters) {
      expect(c.title.trim().length).toBeGreaterThan(0);
      if (c.end !== undefined) expect(c.end).toBeGreaterThan(c.start);
    }
  });

  it('leaks no page HTML into turns, show notes or notes', () => {
    const ep = get();
    const texts = [...allParagraphs(ep), ep.showNotes.markdown, ...ep.notes];
    for (const text of texts) {
      for (const leak of LEAKS) expect(text, `found ${leak} in ${JSON.stringify(text)}`).not.toContain(leak);
    }
    for (const p of allParagraphs(ep)) {
      expect(p.trim()).not.toMatch(/^(?:#+\s*)?(?:Transcript|Show Notes)$/i);
    }
    expect(ep.showNotes.markdown).not.toMatch(/^#+\s*(?:Transcript|Show Notes)\s*$/im);
    for (const link of ep.showNotes.links) {
      expect(link.label).not.toMatch(/[<>]|\*\*/);
      for (const url of link.urls) expect(url).toMatch(/^https?:\/\/[^\s"'<>]+$/);
    }
    if (ep.audio) expect(ep.audio.src).toMatch(/^https?:\/\/[^\s"'<>]+$/);
  });
});

describe('authors-objects.md: `authors:` objects, ISO date with seconds, multi-line description, <audio> in <p>', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('authors-objects.md');
  });

  it('reads the front matter and ignores unknown fields', () => {
    expect(ep.slug).toBe('quinn-slack');
    expect(ep.title).toBe('Episode 3: Quinn Slack, Sourcegraph CEO');
    expect(ep.publishDate).toBe('2020-08-23T14:45:00-07:00');
    expect(ep.tags).toEqual(['podcast', 'code-search']);
    expect(ep.published).toBe(true);
    expect(normalizeSpace(ep.description)).toBe(
      'In this episode, [Quinn Slack](https://twitter.com/sqs) talks about the early days of ' +
        '[Sourcegraph](https://sourcegraph.com) and why universal code search matters.',
    );
  });

  it('takes the audio from the <audio> tag (query string aside)', () => {
    expect(ep.audio).not.toBeNull();
    expect(withoutQuery(ep.audio!.src)).toBe('https://www.buzzsprout.com/1097978/5093744-quinn-slack.mp3');
    expect(ep.video).toBeNull();
  });

  it('resolves first-name labels to the authors’ full names', () => {
    expect(speakerNames(ep)).toEqual(['Beyang Liu', 'Quinn Slack']);
    expect(speakerByName(ep, 'Beyang Liu').id).toBe('beyang-liu');
    expect(speakerByName(ep, 'Quinn Slack').id).toBe('quinn-slack');
    expect(speakerByName(ep, 'Beyang Liu').aliases).toContain('Beyang');
    expect(speakerByName(ep, 'Quinn Slack').aliases).toContain('Quinn');
  });

  it('merges a re-labelled speaker into one turn', () => {
    expect(turnSpeakerNames(ep)).toEqual(['Beyang Liu', 'Quinn Slack', 'Beyang Liu', 'Quinn Slack']);
    expect(paragraphCounts(ep)).toEqual([1, 1, 1, 2]);
    expect(ep.turns[0]!.paragraphs[0]).toBe(
      "Quinn, welcome to the show. It's a little strange interviewing my co-founder, but here we are.",
    );
    expect(ep.turns[3]!.paragraphs[1]).toMatch(/^Eventually I wanted to build things/);
    expect(allParagraphs(ep).join('\n')).not.toContain('co-founder and CEO of Sourcegraph');
  });

  it('reads the show notes', () => {
    expect(ep.showNotes.links).toEqual([
      { label: 'Sourcegraph', urls: ['https://sourcegraph.com'] },
      { label: 'Quinn Slack', urls: ['https://twitter.com/sqs'] },
    ]);
    expect(ep.chapters).toEqual([]);
    expect(ep.anchors).toEqual([]);
    expect(ep.notes).toEqual([]);
  });
});

describe('mdx-youtube.md: <YouTube id/> component, markdown headings, inline labels, transcript to EOF', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('mdx-youtube.md');
  });

  it('has no audio and a YouTube video', () => {
    expect(ep.audio).toBeNull();
    expect(ep.video).not.toBeNull();
    expect(ep.video!.youtubeId).toBe('Jq8Dn5E1bQk');
    expect(ep.video!.url).toContain('Jq8Dn5E1bQk');
    expect(ep.video!.url).toMatch(/^https:\/\/(?:www\.)?(?:youtube\.com|youtu\.be)\//);
  });

  it('splits inline labels from their text and merges one speaker’s paragraphs', () => {
    expect(speakerNames(ep)).toEqual(['Beyang Liu', 'Jessie Frazelle']);
    expect(turnSpeakerNames(ep)).toEqual([
      'Beyang Liu',
      'Jessie Frazelle',
      'Beyang Liu',
      'Jessie Frazelle',
      'Beyang Liu',
    ]);
    expect(paragraphCounts(ep)).toEqual([1, 1, 1, 3, 1]);
    expect(ep.turns[0]!.paragraphs).toEqual(['Jessie, welcome to the show.']);
    expect(ep.turns[3]!.paragraphs).toEqual([
      'Mostly by breaking things. I would take apart computers and try to put them back together.',
      'It was a lot of trial and error, and a lot of reading man pages late at night.',
      'Eventually that turned into contributing to Docker.',
    ]);
    expect(ep.turns[4]!.paragraphs).toEqual(["That's a great origin story."]);
  });

  it('reads the markdown show notes up to the transcript heading', () => {
    expect(ep.showNotes.links).toEqual([
      { label: 'Oxide Computer', urls: ['https://oxide.computer'] },
      { label: 'On the Metal podcast', urls: ['https://oxide.computer/podcasts/on-the-metal'] },
    ]);
    expect(ep.showNotes.markdown).not.toContain('Jessie, welcome');
  });
});

describe('buzzsprout-iframe.md: Buzzsprout <iframe> player, one-line HTML headings', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('buzzsprout-iframe.md');
  });

  it('takes the audio from the Buzzsprout episode', () => {
    expect(ep.audio).not.toBeNull();
    expect(ep.audio!.src).toMatch(/^https:\/\/www\.buzzsprout\.com\/1097978\/4923453(?:[-./?]|$)/);
    expect(ep.audio!.src).not.toContain('iframe=true');
    expect(ep.video).toBeNull();
  });

  it('reads speakers, turns and show notes', () => {
    expect(speakerNames(ep)).toEqual(['Beyang Liu', 'Tomás Senart']);
    expect(turnSpeakerNames(ep)).toEqual(['Beyang Liu', 'Tomás Senart', 'Beyang Liu']);
    expect(paragraphCounts(ep)).toEqual([1, 1, 1]);
    expect(ep.showNotes.links).toEqual([
      { label: 'Segment', urls: ['https://segment.com'] },
      { label: 'Vegeta', urls: ['https://github.com/tsenart/vegeta'] },
    ]);
  });
});

describe('comment-markers.md: <!-- START/END SHOWNOTES|TRANSCRIPT -->, audioSrc, minute-precision date', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('comment-markers.md');
  });

  it('reads the date and audioSrc', () => {
    expect(ep.publishDate).toBe('2020-06-15T10:01-07:00');
    expect(ep.audio).not.toBeNull();
    expect(ep.audio!.src).toBe('https://www.buzzsprout.com/1097978/4400012-mitchell-hashimoto.mp3');
    expect(ep.video).toBeNull();
    expect(ep.published).toBe(true);
  });

  it('reads the show notes between the markers', () => {
    expect(ep.showNotes.links).toEqual([
      { label: 'HashiCorp', urls: ['https://www.hashicorp.com'] },
      { label: 'Vagrant', urls: ['https://www.vagrantup.com'] },
      { label: 'Terraform', urls: ['https://www.terraform.io'] },
    ]);
    expect(ep.showNotes.markdown).not.toMatch(/SHOWNOTES|TRANSCRIPT/);
  });

  it('reads the transcript between the markers only', () => {
    expect(speakerNames(ep)).toEqual(['Beyang Liu', 'Mitchell Hashimoto']);
    expect(turnSpeakerNames(ep)).toEqual([
      'Beyang Liu',
      'Mitchell Hashimoto',
      'Beyang Liu',
      'Mitchell Hashimoto',
    ]);
    expect(paragraphCounts(ep)).toEqual([1, 1, 1, 1]);
    expect(ep.turns[3]!.paragraphs).toEqual([
      'It was a cheat program for an online game. I wanted to understand how the game worked, so I started reading memory.',
    ]);
    expect(allParagraphs(ep).join('\n')).not.toContain('Thanks for listening');
  });
});

describe('no-transcript-heading.md: transcript starts at the first speaker label', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('no-transcript-heading.md');
  });

  it('starts the transcript at the first label, not at the description', () => {
    expect(speakerNames(ep)).toEqual(['Beyang Liu', 'Ryan Dahl']);
    expect(turnSpeakerNames(ep)).toEqual(['Beyang Liu', 'Ryan Dahl', 'Beyang Liu', 'Ryan Dahl']);
    expect(paragraphCounts(ep)).toEqual([1, 1, 1, 2]);
    expect(ep.turns[0]!.paragraphs).toEqual(['Ryan, thanks for coming on the show.']);
    expect(allParagraphs(ep).join('\n')).not.toContain('In this episode');
  });

  it('has audio and no show notes', () => {
    expect(ep.audio?.src).toBe('https://www.buzzsprout.com/1097978/4510000-ryan-dahl.mp3');
    expect(ep.showNotes.links).toEqual([]);
    expect(ep.chapters).toEqual([]);
  });
});

describe('standalone-labels-blank-line.md: `**Name:**` alone, text after a blank line', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('standalone-labels-blank-line.md');
  });

  it('attaches the following paragraphs to the label', () => {
    expect(speakerNames(ep)).toEqual(['Beyang Liu', 'Charity Majors']);
    expect(turnSpeakerNames(ep)).toEqual(['Beyang Liu', 'Charity Majors', 'Beyang Liu', 'Charity Majors']);
    expect(paragraphCounts(ep)).toEqual([1, 2, 1, 1]);
    expect(ep.turns[1]!.paragraphs).toEqual([
      'Thanks for having me.',
      'I have a lot of opinions, so stop me when you need to.',
    ]);
    expect(ep.turns[3]!.paragraphs).toEqual([
      'It means you can ask new questions of your system without shipping new code.',
    ]);
  });
});

describe('three-speakers-nonascii.md: three speakers, a lowercase handle and a non-ASCII name', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('three-speakers-nonascii.md');
  });

  it('has three speakers with their full names', () => {
    expect(ep.speakers).toHaveLength(3);
    expect(speakerNames(ep)).toEqual(['Beyang Liu', 'Ivar Østhus', 'swyx'].sort());
    expect(speakerByName(ep, 'swyx').id).toBe('swyx');
    expect(speakerByName(ep, 'Beyang Liu').id).toBe('beyang-liu');
    expect(speakerByName(ep, 'Ivar Østhus').id).toMatch(/^ivar-/);
    expect(speakerByName(ep, 'Ivar Østhus').aliases).toContain('Ivar');
  });

  it('assigns every turn to the right speaker', () => {
    expect(turnSpeakerNames(ep)).toEqual([
      'Beyang Liu',
      'Ivar Østhus',
      'swyx',
      'Ivar Østhus',
      'Beyang Liu',
      'swyx',
    ]);
    expect(paragraphCounts(ep)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(ep.turns[1]!.paragraphs[0]).toContain('FINN.no in Oslo');
  });
});

describe('unbolded-label.md: a rare `Name:` label without bold', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('unbolded-label.md');
  });

  it('treats the unbolded label as a speaker change', () => {
    expect(speakerNames(ep)).toEqual(['Beyang Liu', 'Luke Hoban']);
    expect(turnSpeakerNames(ep)).toEqual(['Beyang Liu', 'Luke Hoban', 'Beyang Liu', 'Luke Hoban']);
    expect(paragraphCounts(ep)).toEqual([1, 1, 1, 1]);
    expect(ep.turns[0]!.paragraphs).toEqual(['Luke, welcome to the show.']);
    expect(ep.turns[1]!.paragraphs).toEqual(['Thanks for having me, Beyang.']);
  });
});

describe('no-labels.md: a transcript without speaker labels and one author', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('no-labels.md');
  });

  it('gives every paragraph to the only author, as one turn', () => {
    expect(speakerNames(ep)).toEqual(['Beyang Liu']);
    expect(turnSpeakerNames(ep)).toEqual(['Beyang Liu']);
    expect(ep.turns[0]!.paragraphs).toEqual([
      "Hi everyone, this is Beyang. This is a short episode to tell you what's coming next.",
      "We're taking a two-week break, and when we come back we'll have a new season of interviews.",
      'Thanks for listening, and see you soon.',
    ]);
  });
});

describe('no-labels-unknown-speaker.md: no labels, no author, markdown heading', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('no-labels-unknown-speaker.md');
  });

  it('gives every paragraph to "Unknown speaker"', () => {
    expect(speakerNames(ep)).toEqual(['Unknown speaker']);
    expect(turnSpeakerNames(ep)).toEqual(['Unknown speaker']);
    expect(ep.turns[0]!.paragraphs).toEqual([
      'Welcome to a bonus episode recorded live from the hallway at GopherCon.',
      'We asked a few attendees what they are most excited about in Go this year.',
    ]);
  });

  it('has no media and keeps its tags', () => {
    expect(ep.audio).toBeNull();
    expect(ep.video).toBeNull();
    expect(ep.tags).toEqual(['podcast', 'bonus']);
  });
});

describe('inline-markers.md: [inaudible/crosstalk/unintelligible hh:mm:ss] and bare [hh:mm:ss] markers', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('inline-markers.md');
  });

  it('keeps the turn structure', () => {
    expect(turnSpeakerNames(ep)).toEqual(['Beyang Liu', 'Steve Klabnik', 'Beyang Liu', 'Steve Klabnik']);
    expect(paragraphCounts(ep)).toEqual([1, 2, 1, 1]);
  });

  it('turns every marker into an anchor on its turn and paragraph', () => {
    // `offset` is optional and checked separately below.
    const anchors = [...ep.anchors]
      .sort((a, b) => a.time - b.time)
      .map(({ turn, paragraph, time, source, label }) => ({ turn, paragraph, time, source, label }));
    expect(anchors).toEqual([
      { turn: 0, paragraph: 0, time: 60, source: 'marker', label: '[00:01:00]' },
      { turn: 1, paragraph: 0, time: 420, source: 'marker', label: '[unintelligible 00:07:00]' },
      { turn: 1, paragraph: 1, time: 754, source: 'marker', label: '[inaudible 00:12:34]' },
      { turn: 3, paragraph: 0, time: 3274, source: 'marker', label: '[crosstalk 00:54:34]' },
    ]);
  });

  it('puts an optional offset where the marker stood in the paragraph’s plain text', () => {
    const plain = (turn: number, paragraph: number) => renderedText(ep.turns[turn]!.paragraphs[paragraph]!);
    const expected: Record<string, number> = {
      // A removed bare marker stood right before the word that follows it.
      '[00:01:00]': plain(0, 0).indexOf('both still fighting'),
      // Kept markers stand where their text is.
      '[unintelligible 00:07:00]': plain(1, 0).indexOf('[unintelligible 00:07:00]'),
      '[inaudible 00:12:34]': plain(1, 1).indexOf('[inaudible 00:12:34]'),
      '[crosstalk 00:54:34]': plain(3, 0).indexOf('[crosstalk 00:54:34]'),
    };
    const actual = Object.fromEntries(
      ep.anchors.filter((a) => a.offset !== undefined).map((a) => [a.label!, a.offset!]),
    );
    expect(actual).toEqual(Object.fromEntries(Object.keys(actual).map((l) => [l, expected[l]])));
  });

  it('removes bare markers from the text and keeps the others', () => {
    const first = renderedText(ep.turns[0]!.paragraphs[0]!);
    expect(first).not.toContain('00:01:00');
    expect(first).toContain('I think we were both still fighting with our microphones.');
    expect(renderedText(ep.turns[1]!.paragraphs[0]!)).toContain('[unintelligible 00:07:00]');
    expect(renderedText(ep.turns[1]!.paragraphs[1]!)).toContain('[inaudible 00:12:34]');
    expect(renderedText(ep.turns[3]!.paragraphs[0]!)).toContain('[crosstalk 00:54:34]');
  });
});

describe('chapters.md: **Highlights:** bullets ending in time ranges inside the show notes', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('chapters.md');
  });

  it('turns the time ranges into chapters', () => {
    expect(ep.chapters).toEqual([
      { title: 'Intro and how Steve got into programming', start: 0, end: 115 },
      { title: 'Building Grok at Google', start: 115, end: 565 },
      { title: 'Why code intelligence matters', start: 565, end: 3723 },
      { title: 'The future of developer tools', start: 3723, end: 4200 },
    ]);
  });

  it('does not mistake chapter lines or Highlights for links or speakers', () => {
    expect(ep.showNotes.links).toEqual([
      { label: 'Grok', urls: ['https://www.youtube.com/watch?v=KTJs-0EInW8'] },
      { label: 'Kythe', urls: ['https://kythe.io'] },
    ]);
    expect(ep.showNotes.markdown).toContain('Highlights');
    expect(speakerNames(ep)).toEqual(['Beyang Liu', 'Steve Yegge']);
    expect(turnSpeakerNames(ep)).toEqual(['Beyang Liu', 'Steve Yegge', 'Beyang Liu', 'Steve Yegge']);
    expect(paragraphCounts(ep)).toEqual([1, 1, 1, 1]);
  });
});

describe('chapters-before-transcript.md: chapter lines without show notes, before the transcript', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('chapters-before-transcript.md');
  });

  it('reads the chapters', () => {
    expect(ep.chapters).toEqual([
      { title: 'Welcome back', start: 0, end: 130 },
      { title: 'What changed in a year', start: 130, end: 945 },
      { title: 'Closing thoughts', start: 3723, end: 4200 },
    ]);
    expect(ep.showNotes.links).toEqual([]);
  });

  it('keeps chapter lines out of the transcript', () => {
    expect(turnSpeakerNames(ep)).toEqual([
      'Beyang Liu',
      'Kelsey Hightower',
      'Beyang Liu',
      'Kelsey Hightower',
    ]);
    expect(paragraphCounts(ep)).toEqual([1, 1, 1, 1]);
    expect(allParagraphs(ep).join('\n')).not.toMatch(/\d:\d\d-\d/);
  });
});

describe('markdown-headings.md: ## Show Notes / ## Transcript, multi-URL and URL-less links, no media', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('markdown-headings.md');
  });

  it('reads every kind of labelled link', () => {
    expect(ep.showNotes.links).toEqual([
      { label: 'Wizard Zines', urls: ['https://wizardzines.com'] },
      { label: "Julia's blog", urls: ['https://jvns.ca', 'https://jvns.ca/archives'] },
      { label: 'rbspy', urls: ['https://rbspy.github.io'] },
      { label: 'The Recurse Center', urls: [] },
    ]);
    expect(ep.showNotes.markdown).not.toContain('Julia, welcome');
  });

  it('reads the transcript to the end of the file', () => {
    expect(ep.audio).toBeNull();
    expect(ep.video).toBeNull();
    expect(turnSpeakerNames(ep)).toEqual(['Beyang Liu', 'Julia Evans', 'Beyang Liu', 'Julia Evans']);
    expect(paragraphCounts(ep)).toEqual([1, 1, 1, 2]);
    expect(ep.turns[3]!.paragraphs[1]).toBe('So I kept drawing them.');
    expect(allParagraphs(ep).join('\n')).not.toContain('wizardzines');
  });
});

describe('draft-audiosrc.md: published: false, audioSrc, videoID, no slug', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('draft-audiosrc.md');
  });

  it('derives the slug from the file name', () => {
    expect(ep.slug).toBe('draft-audiosrc');
    const other = importEpisodePage(readFixture('draft-audiosrc.md'), { fileName: 'Guest Episode.md' });
    expect(other.ok).toBe(true);
    if (other.ok) expect(other.value.slug).toBe('guest-episode');
  });

  it('reads draft status, audio and video from the front matter', () => {
    expect(ep.published).toBe(false);
    expect(ep.audio?.src).toBe('https://www.buzzsprout.com/1097978/8800000-sid-sijbrandij.mp3');
    expect(ep.video).not.toBeNull();
    expect(ep.video!.youtubeId).toBe('a1B2c3D4e5F');
    expect(ep.video!.url).toContain('a1B2c3D4e5F');
  });

  it('reads the transcript', () => {
    expect(speakerNames(ep)).toEqual(['Beyang Liu', 'Sid Sijbrandij']);
    expect(turnSpeakerNames(ep)).toEqual(['Beyang Liu', 'Sid Sijbrandij', 'Beyang Liu']);
    expect(paragraphCounts(ep)).toEqual([1, 1, 1]);
  });
});

describe('disclaimers.md: italic notes at the start and end, curly quotes, em dashes, \\_', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('disclaimers.md');
  });

  it('keeps the disclaimers as notes, not turns', () => {
    expect(ep.notes).toHaveLength(2);
    expect(ep.notes[0]).toContain('auto-transcription software');
    expect(ep.notes[0]).toContain('https://github.com/sourcegraph/about/blob/main/podcast/naming-things.md');
    expect(ep.notes[1]).toContain('lightly edited for clarity');
    expect(allParagraphs(ep).join('\n')).not.toMatch(/auto-transcription|lightly edited/);
    expect(turnSpeakerNames(ep)).toEqual(['Beyang Liu', 'Tomás Senart', 'Beyang Liu']);
    expect(paragraphCounts(ep)).toEqual([1, 1, 1]);
  });

  it('keeps typography intact', () => {
    expect(ep.turns[0]!.paragraphs[0]).toBe('You’ve said that “naming is hard” — why do you think that is?');
    expect(renderedText(ep.turns[0]!.paragraphs[0]!)).toBe(
      'You’ve said that “naming is hard” — why do you think that is?',
    );
    expect(ep.turns[2]!.paragraphs[0]).toBe('That’s painfully true.');
  });

  it('renders escaped underscores as literal underscores', () => {
    const html = render(ep.turns[1]!.paragraphs[0]!);
    expect(html).toContain('my_var_2');
    expect(html).not.toContain('<em>');
    expect(html).not.toContain('\\_');
    expect(renderedText(ep.turns[1]!.paragraphs[0]!)).toBe(
      'Because every codebase I’ve seen ends up with a variable called my_var_2 somewhere — usually in production.',
    );
  });
});

describe('no-transcript.md: show notes with **Highlights:** and no transcript', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('no-transcript.md');
  });

  it('imports with no turns', () => {
    expect(ep.turns).toEqual([]);
    expect(ep.anchors).toEqual([]);
    expect(ep.speakers.map((s) => s.name)).not.toContain('Highlights');
    expect(ep.audio?.src).toBe('https://www.buzzsprout.com/1097978/3300000-introducing-the-podcast.mp3');
  });

  it('keeps the notes', () => {
    expect(ep.showNotes.links).toEqual([{ label: 'Sourcegraph', urls: ['https://sourcegraph.com'] }]);
    const html = render(ep.showNotes.markdown);
    expect(html).toContain('<strong>Highlights:</strong>');
    expect(html).toContain('<li>Why we are starting a podcast</li>');
    expect(html).toContain('<li>Who we want to talk to</li>');
  });
});

describe('show-notes-variants.md: indented one-line heading, multi-URL, URL-less, tricky labels and URLs', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('show-notes-variants.md');
  });

  it('reads the labelled links exactly', () => {
    expect(ep.showNotes.links).toEqual([
      { label: 'Writing An Interpreter In Go', urls: ['https://interpreterbook.com'] },
      {
        label: "Thorsten's books (Interpreter, Compiler, and Lost Chapter)",
        urls: ['https://interpreterbook.com', 'https://compilerbook.com', 'https://interpreterbook.com/lost'],
      },
      { label: 'Crafting Interpreters', urls: ['https://craftinginterpreters.com/'] },
      { label: 'Structure and Interpretation of Computer Programs', urls: [] },
      {
        label: 'Pratt parsing',
        urls: ['https://en.wikipedia.org/wiki/Operator-precedence_parser#Pratt_parsing'],
      },
      {
        label: 'Lisp (programming language)',
        urls: ['https://en.wikipedia.org/wiki/Lisp_(programming_language)'],
      },
    ]);
  });

  it('keeps the other lines as markdown', () => {
    const html = render(ep.showNotes.markdown);
    expect(html).toContain('<strong>Highlights:</strong>');
    expect(html).toContain('<li>Why every programmer should write an interpreter once</li>');
    expect(html).toContain('<li>The Monkey programming language</li>');
    expect(ep.showNotes.markdown).not.toContain('craftinginterpreters.com');
  });

  it('does not take **Highlights:** for a speaker', () => {
    expect(speakerNames(ep)).toEqual(['Beyang Liu', 'Thorsten Ball']);
    expect(turnSpeakerNames(ep)).toEqual(['Beyang Liu', 'Thorsten Ball', 'Beyang Liu', 'Thorsten Ball']);
    expect(paragraphCounts(ep)).toEqual([1, 1, 1, 1]);
  });
});

describe('youtube-iframe.md: YouTube <iframe> in <center> with JSX style, styled card-body div', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('youtube-iframe.md');
  });

  it('has no audio and a YouTube video', () => {
    expect(ep.audio).toBeNull();
    expect(ep.video?.youtubeId).toBe('kX3nB4PpJko');
    expect(ep.video?.url).toContain('kX3nB4PpJko');
  });

  it('reads notes and transcript', () => {
    expect(ep.showNotes.links).toEqual([
      { label: 'Kat Cosgrove', urls: ['https://twitter.com/dixie3flatline'] },
    ]);
    expect(speakerNames(ep)).toEqual(['Beyang Liu', 'Kat Cosgrove']);
    expect(turnSpeakerNames(ep)).toEqual(['Beyang Liu', 'Kat Cosgrove', 'Beyang Liu']);
    expect(paragraphCounts(ep)).toEqual([1, 1, 1]);
  });
});

describe('guest-not-in-authors.md: a guest missing from the authors, full name then first name', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = load('guest-not-in-authors.md');
  });

  it('resolves the guest’s first name to the full name used earlier', () => {
    expect(speakerNames(ep)).toEqual(['Beyang Liu', 'Thorsten Ball']);
    expect(speakerByName(ep, 'Thorsten Ball').id).toBe('thorsten-ball');
    expect(speakerByName(ep, 'Thorsten Ball').aliases).toContain('Thorsten');
    expect(turnSpeakerNames(ep)).toEqual(['Beyang Liu', 'Thorsten Ball', 'Beyang Liu', 'Thorsten Ball']);
    expect(paragraphCounts(ep)).toEqual([1, 1, 1, 1]);
  });
});

describe('episodes/kelsey-hightower.md (real page)', () => {
  let ep: Episode;
  beforeAll(() => {
    ep = loadKelsey();
  });

  it('reads the front matter', () => {
    expect(ep.slug).toBe('kelsey-hightower');
    expect(ep.title).toBe('Episode 16: Kelsey Hightower, Kubernetes and Google Cloud');
    expect(ep.publishDate).toBe('2020-12-16T10:01-07:00');
    expect(ep.tags).toEqual(['podcast']);
    expect(ep.published).toBe(true);
  });

  it('reads the audio', () => {
    expect(ep.audio?.src).toBe('https://www.buzzsprout.com/1097978/6755608-kelsey-hightower.mp3');
    expect(ep.video).toBeNull();
  });

  // How many turns and paragraphs the page has is pinned in importer.test.ts, counted from its labels.
  it('has two speakers who take turns', () => {
    expect(speakerNames(ep)).toEqual(['Beyang Liu', 'Kelsey Hightower']);
    expect(speakerByName(ep, 'Beyang Liu').id).toBe('beyang-liu');
    expect(speakerByName(ep, 'Kelsey Hightower').id).toBe('kelsey-hightower');
    expect(speakerByName(ep, 'Kelsey Hightower').aliases).toContain('Kelsey');
    expect(speakerByName(ep, 'Beyang Liu').aliases).toContain('Beyang');
    const names = turnSpeakerNames(ep);
    names.forEach((name, i) => expect(name).toBe(i % 2 === 0 ? 'Beyang Liu' : 'Kelsey Hightower'));
    expect(ep.turns[0]!.paragraphs).toHaveLength(1);
    expect(ep.turns[0]!.paragraphs[0]).toMatch(/^Alright, I'm here with Kelsey Hightower/);
    expect(ep.turns[1]!.paragraphs).toEqual(['Hey, thanks for having me.']);
    expect(ep.turns.at(-1)!.paragraphs).toEqual(['Awesome. Thanks for having me.']);
  });

  it('reads the 54 show-note links', () => {
    const links = ep.showNotes.links;
    expect(links).toHaveLength(54);
    for (const link of links) expect(link.urls.length).toBeGreaterThan(0);
    expect(links[0]).toEqual({ label: 'Kelsey Hightower', urls: ['https://twitter.com/kelseyhightower'] });
    expect(links[53]).toEqual({
      label: 'AVX-512 extensions to x86 instruction set',
      urls: ['https://en.wikipedia.org/wiki/AVX-512'],
    });
    const byLabel = (label: string) => links.find((l) => l.label === label)?.urls;
    expect(byLabel('Kismatic')).toEqual([
      'https://www.crunchbase.com/organization/kismatic',
      'https://github.com/apprenda/kismatic',
    ]);
    expect(byLabel('Mesosphere (now D2iQ)')).toEqual([
      'https://en.wikipedia.org/wiki/Mesosphere,_Inc.',
      'https://d2iq.com',
    ]);
    expect(byLabel("Kelsey's talk at the first GopherCon (2014)")).toEqual([
      'https://www.youtube.com/watch?v=wyRbHhHFZh8',
    ]);
    expect(byLabel('PaaS, Platform as a Service')).toEqual([
      'https://en.wikipedia.org/wiki/Platform_as_a_service',
    ]);
    expect(byLabel('Patrick Reilly')).toEqual(['https://twitter.com/oreilly___']);
    expect(byLabel('Docker')).toEqual(['https://en.wikipedia.org/wiki/Docker_(software)']);
    expect(byLabel('WebAssembly ("Wasm")')).toEqual(['https://webassembly.org']);
    expect(ep.showNotes.markdown.trim()).toBe('');
  });

  it('has no chapters, anchors or notes', () => {
    expect(ep.chapters).toEqual([]);
    expect(ep.anchors).toEqual([]);
    expect(ep.notes).toEqual([]);
  });
});

describe('rejects input that is not an episode page', () => {
  const cases: [string, string, RegExp][] = [
    ['empty string', '', /empty|front[- ]?matter|content/i],
    ['whitespace only', '  \n\n\t \n', /empty|front[- ]?matter|content/i],
    ['binary bytes', '\u0000\u0001PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000\u0001', /binary/i],
    [
      'markdown without front matter',
      '# Episode 16\n\nSome notes.\n\n**Beyang Liu:**\nHello there.\n\n**Kelsey Hightower:**\nHi!\n',
      /front[- ]?matter/i,
    ],
  ];

  it.each(cases)('%s', (_name, input, pattern) => {
    let result: ReturnType<typeof importEpisodePage> | undefined;
    expect(() => {
      result = importEpisodePage(input, { fileName: 'not-an-episode.md' });
    }).not.toThrow();
    expect(result).toBeDefined();
    expect(result!.ok).toBe(false);
    if (result!.ok) return;
    const error = result!.error;
    expect(typeof error).toBe('string');
    expect(error.trim().length).toBeGreaterThan(0);
    expect(error).not.toContain('\n');
    expect(error).not.toMatch(/\bat \S+ \(|\.ts:\d+|[A-Z][a-z]*Error:/);
    expect(error.length).toBeLessThan(200);
    expect(error).toMatch(pattern);
  });
});
