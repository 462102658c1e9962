import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderInline, renderParagraph } from '../../src/lib/markdown/render.ts';

describe('renderParagraph', () => {
  const episode = JSON.parse(readFileSync('episodes/kelsey-hightower.json', 'utf8')) as {
    turns: { paragraphs: string[] }[];
  };

  it('renders every paragraph of the default episode exactly as marked + DOMPurify would', () => {
    for (const p of episode.turns.flatMap((t) => t.paragraphs))
      expect(renderParagraph(p)).toBe(renderInline(p));
  });

  it('agrees with marked + DOMPurify on random text, markup or not', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        '**bold**',
        '_em_',
        '[a](https://x.y)',
        '<b>x</b>',
        'a & b',
        '"q"',
        "it's",
        'www.x.com',
        '\\_',
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (parts) => {
        const text = parts.join(' ');
        expect(renderParagraph(text)).toBe(renderInline(text));
      }),
      { numRuns: 300 },
    );
  });

  it('escapes what it does not parse', () => {
    expect(renderParagraph('Plain speech, with "quotes" and it\'s fine')).toBe(
      'Plain speech, with &quot;quotes&quot; and it&#39;s fine',
    );
  });
});
