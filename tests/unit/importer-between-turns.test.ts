/**
 * A turn is never dropped in silence (issue 11): whatever stands between two labelled turns of an episode page
 * (raw HTML or JSX blocks, embeds, iframes, MDX imports, comments, fenced code, tables), every label becomes a
 * turn, or the import result carries a warning naming it. Fixtures: tests/fixtures/pages/between-turns/.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importEpisodePage, type ImportResult } from '../../src/lib/episode/importer.ts';
import type { Episode } from '../../src/lib/episode/types.ts';

const DIR = 'tests/fixtures/pages/between-turns';
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith('.md'))
  .sort();

function load(name: string): { episode: Episode; warnings: string[] } {
  const result: ImportResult = importEpisodePage(readFileSync(join(DIR, name), 'utf8'), { fileName: name });
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return { episode: result.value, warnings: result.warnings };
}

/** The `**Name:**` label lines of a page, in order. */
function labelsOf(page: string): string[] {
  return [...page.matchAll(/^\*\*([^*\n]+):\*\*/gm)].map((m) => m[1]!);
}

function names(episode: Episode): string[] {
  const byId = new Map(episode.speakers.map((s) => [s.id, s.name]));
  return episode.turns.map((t) => byId.get(t.speaker)!);
}

/** Page markup that must never reach the text of a turn. */
const LEAKS = [
  '<div',
  '</div',
  '<iframe',
  '<blockquote',
  '<script',
  'style={{',
  '<!--',
  'import ',
  '```',
  '<Tweet',
];

/**
 * Every label is a turn (labels alternate speakers in these pages, so none merge) or is named in a warning;
 * returns the labels the warnings account for.
 */
function expectEveryLabelPlaced(page: string, episode: Episode, warnings: string[]): void {
  const labels = labelsOf(page);
  const named = labels.filter((l) => warnings.some((w) => w.includes(l)));
  const placed = names(episode);
  expect(placed.length).toBeGreaterThanOrEqual(labels.length - named.length);
  // The turns keep the order of the labels that were placed.
  let k = 0;
  for (const label of labels) if (placed[k] === label) k++;
  expect(k).toBe(placed.length);
}

describe('fixture set', () => {
  it('has at least ten pages with something between the turns', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(10);
  });
});

describe.each(FIXTURES)('%s', (name) => {
  const page = readFileSync(join(DIR, name), 'utf8');

  it('places every label or names it in a warning', () => {
    const { episode, warnings } = load(name);
    expectEveryLabelPlaced(page, episode, warnings);
  });

  it('leaks no page markup into the turns', () => {
    const { episode } = load(name);
    for (const p of episode.turns.flatMap((t) => t.paragraphs)) {
      for (const leak of LEAKS) expect(p, `${leak} in ${JSON.stringify(p)}`).not.toContain(leak);
    }
  });
});

describe('what each page keeps', () => {
  it('mdx-tweet-embed.md: all six turns after an embedded tweet in a <div> (59 of 84 before)', () => {
    const { episode, warnings } = load('mdx-tweet-embed.md');
    expect(names(episode)).toEqual([
      'Beyang Liu',
      'Ada Reyes',
      'Beyang Liu',
      'Ada Reyes',
      'Beyang Liu',
      'Ada Reyes',
    ]);
    expect(episode.turns[1]!.paragraphs[1]).toMatch(/^Code search is the best thing since sliced bread\./);
    expect(episode.turns[5]!.paragraphs).toEqual(['Then we shipped it again.']);
    expect(warnings).toEqual([]);
  });

  it('nested-divs-jsx.md: blocks opened and closed inside the transcript end nothing', () => {
    const { episode } = load('nested-divs-jsx.md');
    expect(episode.turns).toHaveLength(4);
    expect(episode.turns[0]!.paragraphs).toEqual(['Start.', 'An aside with a > sign.']);
    // The card's closing tags still end the transcript.
    expect(episode.turns.flatMap((t) => t.paragraphs)).not.toContain('Thanks for listening.');
  });

  it('iframe-unclosed.md: an iframe never closed loses its tag, not the turns after it', () => {
    const { episode, warnings } = load('iframe-unclosed.md');
    expect(names(episode)).toEqual(['Maya Chen', 'Tom Berg', 'Maya Chen', 'Tom Berg']);
    expect(episode.turns[2]!.paragraphs).toEqual(['Reload the page. It should appear.']);
    expect(warnings).toEqual([]);
  });

  it('fenced-code.md: code blocks are left out with a warning, and a </div> in them ends nothing', () => {
    const { episode, warnings } = load('fenced-code.md');
    expect(episode.turns).toHaveLength(5);
    expect(episode.turns[1]!.paragraphs).toEqual(['Something like this:']);
    expect(warnings).toEqual([
      'left out a fenced code block at line 14',
      'left out a fenced code block at line 24',
    ]);
  });

  it('html-comments.md: turns inside a comment are named in a warning', () => {
    const { episode, warnings } = load('html-comments.md');
    expect(episode.turns).toHaveLength(4);
    expect(episode.turns[3]!.paragraphs).toEqual(['Second answer. And more.']);
    expect(warnings).toEqual([
      'left out the turns of Lena Park, Omar Haddad inside an HTML comment at line 14',
    ]);
  });

  it('label-without-text.md: a label with nothing but an embed is named in a warning', () => {
    const { warnings } = load('label-without-text.md');
    expect(warnings).toEqual(['the label "Nora Falk" at line 10 has no text: no turn for it']);
  });

  it('mdx-imports.md: import and export lines are left out with a warning', () => {
    const { episode, warnings } = load('mdx-imports.md');
    expect(names(episode)).toEqual(['Lena Park', 'Omar Haddad', 'Lena Park', 'Omar Haddad']);
    expect(episode.turns[2]!.paragraphs).toEqual(['You tweeted about this.', 'Omar maintains the parser.']);
    expect(warnings).toEqual(['left out 3 MDX import/export lines (line 8, 9, 17)']);
  });

  it('jsx-spacers-breaks.md: a <br> separates words', () => {
    const { episode } = load('jsx-spacers-breaks.md');
    expect(episode.turns[1]!.paragraphs).toEqual(['Two. Still two.']);
  });

  it('script-style.md and video-audio-elements.md: scripts, styles and players go with their content', () => {
    for (const name of ['script-style.md', 'video-audio-elements.md']) {
      const { episode } = load(name);
      expect(episode.turns.map((t) => t.paragraphs.length)).toEqual([1, 1, 1, 1]);
    }
  });

  it('hark import prints the warnings on stderr and exits 0', () => {
    const r = spawnSync(process.execPath, ['bin/hark.js', 'import', join(DIR, 'label-without-text.md')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stderr.trim()).toBe(
      `${join(DIR, 'label-without-text.md')}: warning: the label "Nora Falk" at line 10 has no text: no turn for it`,
    );
    expect(JSON.parse(r.stdout).turns).toHaveLength(2);
  });
});

/** Blocks that real pages put between turns. */
const BLOCKS = [
  `<div style={{position: 'relative'}}>\n<blockquote class="twitter-tweet"><p lang="en">A tweet &gt; all.</p>&mdash; X (@x) <a href="https://twitter.com/x/status/1">May 1</a></blockquote> <script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>\n</div>`,
  '<iframe src="https://www.youtube.com/embed/abcdefghijk" allowfullscreen></iframe>',
  '<iframe src="https://player.example.com/1">',
  "import Tweet from '../components/Tweet'",
  'export const meta = { a: 1 }',
  '<!-- a note for the editor -->',
  '```html\n<div>\n</div>\n```',
  '| a | b |\n| - | - |\n| 1 | 2 |',
  '<details>\n<summary>More</summary>',
  '</details>',
  '<script type="application/ld+json">\n{ "a": "b > c" }\n</script>',
  '<style>\np > a { color: red }\n</style>',
  '<div className="aside" onClick={() => setOpen(a > b)}>',
  '</div>',
  '<video controls>\n<source src="https://example.com/a.webm" />\n</video>',
  '<YouTube id="abcdefghijk" />',
  "{' '}",
  '<br />',
  '<Callout type="info">\nA callout.\n</Callout>',
  '<center><h3>Part two</h3></center>',
];

describe('property: whatever stands between turns', () => {
  it('every label becomes its turn, with its text, in order', () => {
    const speakers = ['Ann Lee', 'Bo Kim', 'Cy Dunn'];
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...BLOCKS), { maxLength: 3 }), { minLength: 2, maxLength: 8 }),
        fc.boolean(),
        (between, wrapped) => {
          const parts: string[] = [];
          between.forEach((blocks, i) => {
            parts.push(`**${speakers[i % 3]}:** Said ${i}.`, ...blocks);
          });
          const transcript = parts.join('\n\n');
          const page = wrapped
            ? `---\ntitle: P\n---\n\n<div className="card">\n\n## Transcript\n\n${transcript}\n\n</div>\n`
            : `---\ntitle: P\n---\n\n## Transcript\n\n${transcript}\n`;
          const result = importEpisodePage(page);
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          const episode = result.value;
          expect(names(episode)).toEqual(between.map((_, i) => speakers[i % 3]));
          episode.turns.forEach((t, i) => expect(t.paragraphs[0]).toBe(`Said ${i}.`));
          for (const p of episode.turns.flatMap((t) => t.paragraphs)) {
            for (const leak of LEAKS) expect(p).not.toContain(leak);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
