/**
 * Plain scanning helpers for untrusted text. Everything here runs in time linear in its input: episode pages
 * and transcripts come from anywhere, and a regex that backtracks can hang the app on a few hundred bytes.
 */

/** Whether a UTF-16 code unit is white space as `\s` means it. */
export function isSpaceCode(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * `indexOf(needle, from)` for calls whose `from` never decreases: remembers the last answer, so a scan that asks
 * at every position costs one pass over the text in all rather than one per call.
 */
export function forwardFinder(text: string, needle: string): (from: number) => number {
  let queried = -1;
  let found = -2;
  return (from) => {
    if (found === -1 && from >= queried) return -1;
    if (found >= from && from >= queried) return found;
    queried = from;
    found = text.indexOf(needle, from);
    return found;
  };
}

/** `text` without spaces and tabs at the end. */
export function trimEndSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** `text` without any of `chars` at either end. */
export function trimChars(text: string, chars: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && chars.includes(text[start]!)) start++;
  while (end > start && chars.includes(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/** `text` without white space (as `\s`) at its end. */
export function trimEndWhite(text: string): string {
  let end = text.length;
  while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end);
}

/** `text` without the characters `drop` accepts at its end. */
export function trimEndWhere(text: string, drop: (c: string) => boolean): string {
  let end = text.length;
  while (end > 0 && drop(text[end - 1]!)) end--;
  return text.slice(0, end);
}
