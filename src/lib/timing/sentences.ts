/**
 * Sentence starts in a paragraph's text, so a reader's tap on a sentence can anchor where it begins. A
 * sentence starts at the text's start and after ".", "!", "?" or "…" (with any closing quotes or brackets)
 * followed by white space. Linear scan, no regex backtracking.
 */
export function sentenceStarts(text: string): number[] {
  const starts: number[] = [];
  let i = 0;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (i < text.length) starts.push(i);
  let ended = false;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (c === '.' || c === '!' || c === '?' || c === '…') ended = true;
    else if (/\s/.test(c)) {
      if (!ended) continue;
      let j = i;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      if (j < text.length) starts.push(j);
      ended = false;
      i = j - 1;
    } else if (!/["'”’)\]»]/.test(c)) ended = false;
  }
  return starts;
}

/** Index of the sentence that holds character `index` of `text` (0 when there is none). */
export function sentenceAt(text: string, index: number): number {
  const starts = sentenceStarts(text);
  let n = 0;
  for (let k = 0; k < starts.length; k++) if (starts[k]! <= index) n = k;
  return n;
}

/**
 * Where the sentence at character `index` of `shownText` (the paragraph as the page shows it) starts in
 * `plainText` (the paragraph as the timing model measures it): the same sentence, counted in each.
 */
export function sentenceOffset(shownText: string, index: number, plainText: string): number {
  const starts = sentenceStarts(plainText);
  const n = Math.min(sentenceAt(shownText, index), starts.length - 1);
  return n <= 0 ? 0 : starts[n]!;
}
