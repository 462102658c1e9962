/**
 * The W3C web-platform-tests WebVTT file-parsing tests (tests/fixtures/wpt-webvtt, BSD-3-Clause), run against
 * Hark's WebVTT parser. Each `.assertions` file is the body the generated test page runs once the track has
 * loaded, with `cues` (and `document.styleSheets`) in scope.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWebVttFile } from '../../src/lib/formats/webvtt.ts';

const DIR = join(import.meta.dirname, '../fixtures/wpt-webvtt');
const NAMES = readdirSync(DIR)
  .filter((f) => f.endsWith('.vtt'))
  .map((f) => f.slice(0, -4))
  .sort();

/**
 * Tests Hark does not pass, each with the reason (also in docs/timed-transcripts.md). A test listed here must
 * fail, so an unexpected pass is noticed and the list kept true.
 */
const EXPECTED_FAILURES: Record<string, string> = {
  'regions-id':
    'the test asserts region1.lines four times (2, 1, 3, 4): no parser can pass it as written (a typo for region2..4)',
  'regions-regionanchor':
    'every invalid region has id 6, so cues region:7..20 have no region and the test reads a property of null',
  'regions-viewportanchor':
    'every invalid region has id 6, so cues region:7..20 have no region and the test reads a property of null',
  newlines:
    'expects "LF CR" to be one line break; the spec (and Hark) take LF, CR and CRLF as line breaks, so LF CR is two',
  nulls:
    'the generator (tools/build.py, Python unicode_escape) turns "\\03" into U+0003, where the test expects U+FFFD then "3"',
};

function sameValue(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? Object.is(a, b) || (a !== a && b !== b) : a === b;
}

/** The `testharness.js` assertions the tests use. */
const harness = {
  assert_equals(actual: unknown, expected: unknown, message?: string): void {
    if (!sameValue(actual, expected)) {
      throw new Error(`${message ?? 'assert_equals'}: expected ${String(expected)}, got ${String(actual)}`);
    }
  },
  assert_not_equals(actual: unknown, expected: unknown, message?: string): void {
    if (sameValue(actual, expected))
      throw new Error(`${message ?? 'assert_not_equals'}: got ${String(actual)}`);
  },
  assert_true(actual: unknown, message?: string): void {
    if (actual !== true) throw new Error(`${message ?? 'assert_true'}: got ${String(actual)}`);
  },
  assert_false(actual: unknown, message?: string): void {
    if (actual !== false) throw new Error(`${message ?? 'assert_false'}: got ${String(actual)}`);
  },
};

/** What a browser's CSS parser gives for a style block: its rules' selectors (comments removed). */
function styleSheet(css: string): { cssRules: { type: number; selectorText: string }[] } {
  const rules: { type: number; selectorText: string }[] = [];
  let text = '';
  for (let i = 0; i < css.length; i++) {
    if (css.startsWith('/*', i)) {
      const end = css.indexOf('*/', i + 2);
      i = end < 0 ? css.length : end + 1;
    } else text += css[i];
  }
  let depth = 0;
  let prelude = '';
  for (const ch of text) {
    if (ch === '{') {
      if (depth === 0) rules.push({ type: 1, selectorText: prelude.trim() });
      depth++;
      prelude = '';
    } else if (ch === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0) prelude += ch;
  }
  return {
    cssRules: rules.filter((r) => r.selectorText.startsWith('::cue') || r.selectorText.startsWith('.')),
  };
}

function runWpt(name: string): { passed: boolean; error?: string } {
  const vtt = new TextDecoder('utf-8').decode(readFileSync(join(DIR, `${name}.vtt`)));
  const assertions = readFileSync(join(DIR, `${name}.assertions`), 'utf8');
  const parsed = parseWebVttFile(vtt);
  if (!parsed.ok) return { passed: false, error: parsed.error };
  const document = { styleSheets: parsed.value.styles.map(styleSheet) };
  try {
    const body = new Function('cues', 'document', 'CSSRule', ...Object.keys(harness), assertions);
    body(parsed.value.cues, document, { STYLE_RULE: 1 }, ...Object.values(harness));
    return { passed: true };
  } catch (e) {
    return { passed: false, error: e instanceof Error ? e.message : String(e) };
  }
}

describe('WPT webvtt/parsing/file-parsing', () => {
  it('has the vendored tests', () => {
    expect(NAMES.length).toBe(40);
  });

  for (const name of NAMES) {
    const expectedFailure = EXPECTED_FAILURES[name];
    it(`${name}${expectedFailure ? ' (known exception)' : ''}`, () => {
      const result = runWpt(name);
      if (expectedFailure) expect(result.passed, expectedFailure).toBe(false);
      else expect(result.error).toBeUndefined();
    });
  }

  it('passes all but the documented exceptions', () => {
    const passed = NAMES.filter((n) => runWpt(n).passed);
    expect(passed.length).toBe(NAMES.length - Object.keys(EXPECTED_FAILURES).length);
  });
});
