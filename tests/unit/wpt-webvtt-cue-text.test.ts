/**
 * The W3C web-platform-tests WebVTT cue-text parsing tests (tests/fixtures/wpt-webvtt/cue-text, as the
 * w3c/webvtt.js project extracted them; BSD-3-Clause). Hark keeps a cue's plain text, not its DOM tree, so
 * each test checks the characters a reader gets: the text nodes of the expected tree, outside ruby
 * annotations (`<rt>`, which Hark leaves out on purpose), compared without white space (Hark collapses it).
 * Each cue goes through the whole file parser, as in a real file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cueTextParts } from '../../src/lib/formats/cue-text.ts';
import { parseWebVttFile } from '../../src/lib/formats/webvtt.ts';

const DIR = join(import.meta.dirname, '../fixtures/wpt-webvtt/cue-text');
const CASES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .flatMap((f) =>
    (JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { text: string; expectedTree: string }[]).map(
      (c, k) => ({ name: `${f.slice(0, -5)} ${k + 1}: ${JSON.stringify(c.text.slice(0, -1))}`, ...c }),
    ),
  );

/** Cases where Hark keeps text the spec drops, on purpose (see docs/timed-transcripts.md). */
const EXPECTED_FAILURES: Record<string, string> = {};

const noSpace = (s: string): string => s.replace(/[\t\n\f\r ]/g, '');

/** The text nodes of a tree dump ("| <span>", '|   "text"'), outside <rt>, without white space. */
function expectedText(tree: string): string {
  const open: string[] = [];
  let out = '';
  let i = 0;
  while (i < tree.length) {
    // Each node starts a line with "| " and two spaces per level.
    i += 2;
    let depth = 0;
    while (tree.startsWith('  ', i)) {
      depth++;
      i += 2;
    }
    open.length = depth;
    if (tree[i] === '"') {
      let end = tree.indexOf('"\n', i + 1);
      while (end >= 0 && end + 2 < tree.length && !tree.startsWith('| ', end + 2))
        end = tree.indexOf('"\n', end + 1);
      if (!open.includes('rt')) out += tree.slice(i + 1, end);
      i = end + 2;
    } else {
      const lineEnd = tree.indexOf('\n', i);
      const line = tree.slice(i, lineEnd);
      if (line.startsWith('<') && !line.startsWith('<?')) open[depth] = line.slice(1, -1);
      i = lineEnd + 1;
    }
  }
  return noSpace(out);
}

function actualText(cueText: string): string {
  const file = parseWebVttFile(`WEBVTT\n\n00:00.000 --> 00:01.000\n${cueText}\n`);
  if (!file.ok) throw new Error(file.error);
  const cue = file.value.cues[0];
  return cue
    ? noSpace(
        cueTextParts(cue.text)
          .map((p) => p.text)
          .join(''),
      )
    : '';
}

describe('WPT webvtt/parsing/cue-text-parsing, as plain text', () => {
  it('has the vendored cases', () => {
    expect(CASES).toHaveLength(77);
  });

  for (const c of CASES) {
    const expectedFailure = EXPECTED_FAILURES[c.name];
    it(`${c.name}${expectedFailure ? ' (known exception)' : ''}`, () => {
      const passed = actualText(c.text) === expectedText(c.expectedTree);
      if (expectedFailure) expect(passed, expectedFailure).toBe(false);
      else expect(actualText(c.text)).toBe(expectedText(c.expectedTree));
    });
  }
});
