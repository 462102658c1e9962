/**
 * What the markdown renderer can format quickly and without running out of stack: checked by scanning, so the
 * CLI (`hark validate`) and the renderer agree without loading marked.
 */

/** Deeper than this, markdown is shown as written: marked recurses once per level and runs out of stack. */
const MAX_NESTING = 64;
/** A longer run of `*` or `_` is no emphasis anyone writes, and marked takes quadratic time over it. */
const MAX_DELIMITER_RUN = 128;

/**
 * Why a text's markup can't be formatted safely (too deeply nested quotes or lists, an absurd run of emphasis
 * markers), or null when it can. One pass over the text.
 */
export function markdownProblem(markdown: string): string | null {
  let run = 0;
  let runChar = '';
  let lineStart = true;
  let depth = 0;
  let indent = 0;
  let i = 0;
  while (i < markdown.length) {
    const c = markdown[i]!;
    if (c === '*' || c === '_') {
      run = c === runChar ? run + 1 : 1;
      runChar = c;
      if (run > MAX_DELIMITER_RUN) return `a run of ${MAX_DELIMITER_RUN}+ "${c}"`;
    } else runChar = '';
    if (c === '\n') {
      lineStart = true;
      depth = 0;
      indent = 0;
      i++;
      continue;
    }
    if (lineStart) {
      // Containers at the start of a line: quotes, list markers, indentation.
      if (c === ' ' || c === '\t') indent += c === '\t' ? 4 : 1;
      else if (c === '>') depth++;
      else if ((c === '-' || c === '+' || c === '*') && /\s/.test(markdown[i + 1] ?? '\n')) depth++;
      else if (c >= '0' && c <= '9') {
        let k = i;
        while (k < markdown.length && k - i < 9 && markdown[k]! >= '0' && markdown[k]! <= '9') k++;
        if ((markdown[k] === '.' || markdown[k] === ')') && /\s/.test(markdown[k + 1] ?? '\n')) {
          depth++;
          i = k + 1;
          if (depth + indent / 2 > MAX_NESTING) return `more than ${MAX_NESTING} levels of nesting`;
          continue;
        }
        lineStart = false;
      } else lineStart = false;
      if (depth + indent / 2 > MAX_NESTING) return `more than ${MAX_NESTING} levels of nesting`;
    }
    i++;
  }
  return null;
}

/**
 * marked takes time that grows faster than the text with the number of emphasis markers, brackets and tags
 * (a few thousand `**` in 20 KB take seconds), so one call gets at most this much text and markup.
 */
export const MAX_BLOCK_LENGTH = 10_000;
export const MAX_MARKUP = 100;

/** Emphasis and code runs, tag and link openers: what marked's inline parsing pays for. */
export function markupCount(text: string): number {
  let count = 0;
  let previous = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '<' || c === '[') count++;
    else if ((c === '*' || c === '_' || c === '`') && c !== previous) count++;
    previous = c;
  }
  return count;
}

/** Why a text is shown as written rather than formatted, or null when it is formatted. Linear time. */
export function markdownWarning(markdown: string): string | null {
  const problem = markdownProblem(markdown);
  if (problem) return problem;
  if (markdown.length <= MAX_BLOCK_LENGTH && markupCount(markdown) <= MAX_MARKUP) return null;
  for (const block of blocksOf(markdown) ?? [markdown]) {
    if (block.length > MAX_BLOCK_LENGTH) return `a paragraph of more than ${MAX_BLOCK_LENGTH} characters`;
    if (markupCount(block) > MAX_MARKUP) return `more than ${MAX_MARKUP} formatting marks in one paragraph`;
  }
  return null;
}

/** Paragraph-sized blocks of a text, or null when it has code fences or link definitions that span blocks. */
export function blocksOf(markdown: string): string[] | null {
  if (/```|~~~|^[ \t]*\[[^\]\n]*\]:/m.test(markdown)) return null;
  return markdown.split(/\n[ \t]*\n/);
}
