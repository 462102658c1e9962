import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importEpisodePage } from '../../src/lib/episode/importer.ts';
import { buildIndex, serializeEpisode } from '../../src/lib/episode/catalog.ts';
import type { Episode } from '../../src/lib/episode/types.ts';
import { validateEpisode } from '../../src/lib/episode/validate.ts';

const PAGE = readFileSync('episodes/kelsey-hightower.md', 'utf8');

function imported(text: string, fileName?: string): Episode {
  const r = importEpisodePage(text, fileName === undefined ? {} : { fileName });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('the default episode page', () => {
  const e = imported(PAGE, 'kelsey-hightower.md');

  it('has its metadata', () => {
    expect(e.slug).toBe('kelsey-hightower');
    expect(e.title).toBe('Episode 16: Kelsey Hightower, Kubernetes and Google Cloud');
    expect(e.publishDate).toBe('2020-12-16T10:01-07:00');
    expect(e.published).toBe(true);
    expect(e.tags).toEqual(['podcast']);
    expect(e.description).toMatch(
      /^As an engineer at Puppet, CoreOS, and Google Cloud, \[Kelsey Hightower\]/,
    );
    expect(e.description).toMatch(/engineering\norganizations are like restaurants/);
  });

  it('has two speakers whose short labels are aliases', () => {
    expect(e.speakers).toEqual([
      { id: 'beyang-liu', name: 'Beyang Liu', aliases: ['Beyang'] },
      { id: 'kelsey-hightower', name: 'Kelsey Hightower', aliases: ['Kelsey'] },
    ]);
  });

  it('has 50 turns and 107 paragraphs, alternating speakers, as the page’s labels say', () => {
    // Counted from the page itself, not by the importer: each `**Label:**` line starts a paragraph, and
    // consecutive labels of one speaker ("Kelsey Hightower", then "Kelsey") make one turn.
    const labels = [...PAGE.matchAll(/^\*\*([^*\n]+):\*\*$/gm)].map((m) => m[1]!.split(' ')[0]);
    const runs = labels.filter((label, i) => label !== labels[i - 1]).length;
    expect([runs, labels.length]).toEqual([50, 107]);
    expect(e.turns).toHaveLength(runs);
    expect(e.turns.reduce((n, t) => n + t.paragraphs.length, 0)).toBe(labels.length);
    e.turns.forEach((t, i) => expect(t.speaker).toBe(i % 2 === 0 ? 'beyang-liu' : 'kelsey-hightower'));
    expect(e.turns[1]!.paragraphs).toEqual(['Hey, thanks for having me.']);
    expect(e.turns.at(-1)!.paragraphs).toEqual(['Awesome. Thanks for having me.']);
  });

  it('takes the audio from the audio tag', () => {
    expect(e.audio).toEqual({
      src: 'https://www.buzzsprout.com/1097978/6755608-kelsey-hightower.mp3',
      type: 'audio/mpeg',
    });
    expect(e.video).toBeNull();
  });

  it('has 54 labelled show-note links and no leftover HTML', () => {
    expect(e.showNotes.links).toHaveLength(54);
    expect(e.showNotes.links[0]).toEqual({
      label: 'Kelsey Hightower',
      urls: ['https://twitter.com/kelseyhightower'],
    });
    expect(e.showNotes.links.find((l) => l.label === 'Mesosphere (now D2iQ)')!.urls).toEqual([
      'https://en.wikipedia.org/wiki/Mesosphere,_Inc.',
      'https://d2iq.com',
    ]);
    const text = JSON.stringify(e);
    expect(text).not.toMatch(/<div|<h3|className|<\/?a\b|<audio|<p>/);
  });

  it('keeps curly quotes and dashes as written', () => {
    const all = e.turns.flatMap((t) => t.paragraphs).join('\n');
    expect(all).toContain('"Hey, this is all for the community."');
    expect(all).toContain('getting into--or maybe during your--initial');
  });
});

describe('committed episodes', () => {
  const pages = readdirSync('episodes').filter((n) => n.endsWith('.md'));

  it.each(pages)('episodes/%s matches its committed JSON (run `npm run episodes` if not)', (name) => {
    const e = imported(readFileSync(`episodes/${name}`, 'utf8'), name);
    expect(readFileSync(`episodes/${e.slug}.json`, 'utf8')).toBe(serializeEpisode(e));
  });

  it('has an index listing every page', () => {
    const episodes = pages.map((name) => imported(readFileSync(`episodes/${name}`, 'utf8'), name));
    expect(JSON.parse(readFileSync('episodes/index.json', 'utf8'))).toEqual(buildIndex(episodes));
  });
});

describe('input that is not an episode page', () => {
  it.each([
    ['', /the file is empty/],
    ['   \n\n', /the file is empty/],
    ['\u0000\u0001PNG\r\n\u001a\n\u0000\u0000', /binary file/],
    ['# Just a heading\n\n**Ann:** hello', /no front matter/],
  ])('rejects %j with one sentence', (text, message) => {
    const r = importEpisodePage(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(message);
    expect(r.error).not.toContain('\n');
    expect(r.error).toMatch(/^This is not an episode page: .+\.$/);
  });
});

/** Every answer of the importer is an episode the app accepts, or one sentence that is not a caught crash. */
function expectSound(r: ReturnType<typeof importEpisodePage>): void {
  if (r.ok) {
    expect(validateEpisode(JSON.parse(JSON.stringify(r.value)))).toEqual({ ok: true, value: r.value });
    for (const t of r.value.turns) expect(t.paragraphs.length).toBeGreaterThan(0);
  } else {
    expect(r.error).toMatch(/^[^\n]+\.$/);
    expect(r.error).not.toMatch(/Could not import this page/);
  }
}

describe('importer robustness (property test)', () => {
  const lines = PAGE.split('\n');

  it('never throws and always returns a valid result on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        expectSound(importEpisodePage(`---\ntitle: x\n---\n${text}`));
        expectSound(importEpisodePage(text));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on mutated real pages', () => {
    const mutation = fc.oneof(
      fc.record({
        kind: fc.constant('delete' as const),
        at: fc.nat(),
        count: fc.integer({ min: 1, max: 40 }),
      }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 60 }) }),
      fc.record({
        kind: fc.constant('duplicate' as const),
        at: fc.nat(),
        count: fc.integer({ min: 1, max: 20 }),
      }),
      fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
      fc.record({
        kind: fc.constant('snippet' as const),
        at: fc.nat(),
        text: fc.constantFrom(
          '**',
          '**Kelsey:**',
          '---',
          '</div>',
          '<!-- START TRANSCRIPT -->',
          '<!-- END SHOWNOTES -->',
          '## Transcript',
          '[00:12:34]',
          '[inaudible 99:99:99]',
          '(1:55-9:25)',
          '_This transcript was generated_',
          '<audio src="',
          '<iframe src="https://www.buzzsprout.com/1/2-x?client_source=small_player&iframe=true">',
          '<YouTube id="abc123def"/>',
          'Label:',
          '\u0000',
          '\uFEFF',
          '\r\n',
        ),
      }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 8 }), (mutations) => {
        const copy = [...lines];
        for (const m of mutations) {
          const at = m.at % (copy.length + 1);
          if (m.kind === 'delete') copy.splice(at, m.count);
          else if (m.kind === 'insert' || m.kind === 'snippet') copy.splice(at, 0, m.text);
          else if (m.kind === 'duplicate') copy.splice(at, 0, ...copy.slice(at, at + m.count));
          else {
            const b = m.other % Math.max(1, copy.length);
            [copy[at], copy[b]] = [copy[b] ?? '', copy[at] ?? ''];
          }
        }
        const r = importEpisodePage(copy.join('\n'), { fileName: 'mutated.md' });
        if (r.ok) {
          expect(r.value.format).toBe('hark-episode/1');
          for (const t of r.value.turns) expect(t.paragraphs.length).toBeGreaterThan(0);
        } else {
          expect(r.error).not.toContain('\n');
          expect(r.error).not.toMatch(/Could not import this page/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
