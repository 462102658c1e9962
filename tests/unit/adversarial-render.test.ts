// @vitest-environment jsdom
/**
 * The markdown renderer on hostile text: linear time against plain text of the same size, and never a throw
 * (markup nested too deeply for marked is shown as written, with a note).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  mayHaveMarkup,
  renderInline,
  renderMarkdown,
  renderParagraph,
} from '../../src/lib/markdown/render.ts';
import { markdownProblem, markdownWarning } from '../../src/lib/markdown/limits.ts';
import { SHAPES, expectLinearTime, plainText } from './linear-time.ts';

// 30 KB: DOMPurify under jsdom is far slower than in a browser, on plain text too.
const SIZE = 30_000;
const plain = plainText(SIZE);

describe.each(Object.entries(SHAPES).map(([name, make]) => [name, make(SIZE)] as const))(
  '%s (30 KB)',
  (name, hostile) => {
    it('renders as a block and as a paragraph in linear time, without throwing', { timeout: 60_000 }, () => {
      const t = expectLinearTime(renderMarkdown, hostile, plain, {}, name);
      expectLinearTime(renderParagraph, hostile, plain, {}, name);
      if (process.env.ADVERSARIAL_TABLE) {
        console.log(`| renderMarkdown | ${name} | ${t.hostileMs.toFixed(1)} | ${t.plainMs.toFixed(1)} |`);
      }
    });
  },
);

describe('markdown nested too deeply for marked', () => {
  const deep = {
    '3,000 ">"': '>'.repeat(3_000),
    '2,500 "- "': `${'- '.repeat(2_500)}x`,
    '4,000 "_" around a letter': `${'_'.repeat(4_000)}a${'_'.repeat(4_000)}`,
    '4,000 "*" around a letter': `${'*'.repeat(4_000)}a${'*'.repeat(4_000)}`,
    '1,000 nested numbered items': `${'1. '.repeat(1_000)}x`,
  };

  it.each(Object.entries(deep))('%s renders as written with a note, never throws', (_, text) => {
    expect(markdownProblem(text)).not.toBeNull();
    expect(markdownWarning(text)).not.toBeNull();
    for (const render of [renderMarkdown, renderInline, renderParagraph]) {
      const html = render(text);
      expect(html).toContain('shown as written');
    }
  });

  it('formats ordinary nesting as before', () => {
    expect(markdownProblem('> > quoted twice\n\n- a\n  - b\n\n**bold** and _em_')).toBeNull();
    expect(renderMarkdown('> > quoted twice')).toContain('<blockquote>');
    expect(renderInline('**bold**')).toBe('<strong>bold</strong>');
  });
});

describe('the plain-text shortcut', () => {
  /** The regex the renderer used before: quadratic on a paragraph of spaces. */
  const OLD = /[\\`*_[\]<>&!~|#]|https?:|www\.|^\s*(\d+[.)]|[-+=])\s|\s{2,}$/m;

  it('agrees with the old regex on short strings', () => {
    const pieces = [' ', '\n', 'a', '1', '.', ')', '-', '+', '=', '\t', '2', '\u00a0', '12', '*', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 10 }), (parts) => {
        const text = parts.join('');
        expect(mayHaveMarkup(text)).toBe(OLD.test(text));
      }),
      { numRuns: 3_000 },
    );
  });
});
