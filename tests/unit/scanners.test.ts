/**
 * The scanning rewrites give what the regexes they replaced gave, on every short string of the characters that
 * matter (the regexes are kept here as the reference; they are quadratic or worse on long hostile input).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownToPlain, slugify } from '../../src/lib/episode/text.ts';
import { importEpisodePage } from '../../src/lib/episode/importer.ts';
import { scanTags, stripHtml } from '../../src/lib/episode/html.ts';

/** markdownToPlain as it was: one regex per step. */
function oldMarkdownToPlain(markdown: string): string {
  const escaped: string[] = [];
  return markdown
    .replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, (_, c: string) => `\u{F0000}${escaped.push(c) - 1}\u{F0001}`)
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|\*|`)(?=\S)([^]*?\S)\1/g, '$2')
    .replace(/(^|[^\p{L}\p{N}_])(__|_)(?=\S)([^]*?\S)\2(?![\p{L}\p{N}_])/gu, '$1$3')
    .replace(/\u{F0000}(\d+)\u{F0001}/gu, (_, i: string) => escaped[Number(i)] ?? '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

const PIECES = [
  '*',
  '**',
  '_',
  '__',
  '`',
  ' ',
  'a',
  'b',
  '[',
  ']',
  '(',
  ')',
  '!',
  '<',
  '>',
  '\\',
  'é',
  '😀',
  '\n',
  '-',
];

describe('markdownToPlain', () => {
  it('agrees with the regex version on short strings', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }), (parts) => {
        const text = parts.join('');
        expect(markdownToPlain(text)).toBe(oldMarkdownToPlain(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it('keeps snake_case and reads links, emphasis and escapes', () => {
    expect(
      markdownToPlain('a snake_case **bold** [link](https://x) \\*not em\\* ![alt](i.png) <b>tag</b>'),
    ).toBe('a snake_case bold link *not em* alt tag');
  });
});

describe('slugify', () => {
  it('trims dashes at both ends', () => {
    expect(slugify('--Hello, World!--')).toBe('hello-world');
    expect(slugify('-'.repeat(50_000) + 'x')).toBe('x');
  });
});

describe('tag scanning', () => {
  it('skips quoted values and JSX expressions, and leaves a lone < as text', () => {
    const text = `a < b <div style={{a: '>'}} title="x>y">t</div> <Tweet id={"1"} /> <a {{}}{{}}`;
    expect(scanTags(text).map((t) => `${t.closing ? '/' : ''}${t.name}`)).toEqual(['div', '/div', 'tweet']);
    expect(stripHtml(text)).toBe(`a < b  t   <a {{}}{{}}`);
  });

  it('reads the 141-byte page that hung the importer', () => {
    const page = `---\ntitle: x\n---\n<a ${'{{}}'.repeat(30)}\n\n**Ann:** Hi.\n\n**Bob:** Yo.\n`;
    const result = importEpisodePage(page);
    expect(result.ok && result.value.turns.length).toBe(2);
  });
});
