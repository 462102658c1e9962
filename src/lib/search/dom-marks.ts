import { passagePattern, tokenize } from './tokens.ts';

const MARK_CLASS = 'search-mark';
const QUOTE_CLASS = 'quote-mark';

/** Removes the marks this module added under `root`. */
export function clearMarks(root: HTMLElement): void {
  const marks = root.querySelectorAll(`mark.${MARK_CLASS}`);
  if (marks.length === 0) return;
  for (const m of marks) m.replaceWith(...m.childNodes);
  root.normalize();
}

/**
 * Wraps every word under `root` whose normalized form is in `words` in a `<mark>`, inside the text nodes
 * of the rendered markdown, so links and emphasis stay intact. Uses the search's own tokenizer, so what is
 * marked is what matched.
 */
export function markWords(root: HTMLElement, words: readonly string[]): number {
  clearMarks(root);
  if (words.length === 0) return 0;
  const wanted = new Set(words);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
  let count = 0;
  for (const text of texts) {
    const hits = tokenize(text.data).filter((t) => wanted.has(t.norm));
    // Right to left, so earlier offsets stay valid as the node is split.
    for (let i = hits.length - 1; i >= 0; i--) {
      const hit = hits[i]!;
      const word = text.splitText(hit.start);
      word.splitText(hit.end - hit.start);
      const mark = document.createElement('mark');
      mark.className = MARK_CLASS;
      word.replaceWith(mark);
      mark.append(word);
      count++;
    }
  }
  return count;
}

/** Marks one exact passage (a shared quote) under `root`; returns the mark, or null when not found. */
export function markPassage(root: HTMLElement, passage: string): HTMLElement | null {
  const full = root.textContent ?? '';
  if (passage.trim().length === 0) return null;
  const found = passagePattern(passage).exec(full);
  if (!found) return null;
  const at = found.index;
  const length = found[0].length;
  const range = document.createRange();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let offset = 0;
  let started = false;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const len = (n as Text).data.length;
    if (!started && at < offset + len) {
      range.setStart(n, at - offset);
      started = true;
    }
    if (started && at + length <= offset + len) {
      range.setEnd(n, at + length - offset);
      break;
    }
    offset += len;
  }
  const mark = document.createElement('mark');
  mark.className = QUOTE_CLASS;
  try {
    mark.append(range.extractContents());
    range.insertNode(mark);
  } catch {
    return null;
  }
  return mark;
}
