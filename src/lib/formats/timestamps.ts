/**
 * Cue timestamps, read by scanning (no regular expressions, so no backtracking on hostile input): the strict
 * WebVTT form and the lenient forms real caption files use.
 */

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** A run of ASCII digits in `s` from `from`: its end and value (as a number, exact up to 2^53). */
function digits(s: string, from: number): { end: number; value: number } {
  let end = from;
  let value = 0;
  while (end < s.length && isDigit(s.charCodeAt(end))) {
    value = value * 10 + (s.charCodeAt(end) - 0x30);
    end++;
  }
  return { end, value };
}

/**
 * The WebVTT spec's "collect a WebVTT timestamp" at `at`: `[h*:]mm:ss.ttt`, hours of two or more digits (a
 * first field over 59 or longer than two digits is hours), exactly three fraction digits. Returns the
 * seconds and the position after the timestamp, or undefined.
 */
export function collectVttTimestamp(s: string, at: number): { seconds: number; end: number } | undefined {
  if (at >= s.length || !isDigit(s.charCodeAt(at))) return undefined;
  const first = digits(s, at);
  const hoursFirst = first.end - at !== 2 || first.value > 59;
  if (s[first.end] !== ':') return undefined;
  const second = digits(s, first.end + 1);
  if (second.end - first.end - 1 !== 2) return undefined;
  let h = 0;
  let m: number;
  let sec: number;
  let pos = second.end;
  if (hoursFirst || s[pos] === ':') {
    if (s[pos] !== ':') return undefined;
    const third = digits(s, pos + 1);
    if (third.end - pos - 1 !== 2) return undefined;
    h = first.value;
    m = second.value;
    sec = third.value;
    pos = third.end;
  } else {
    m = first.value;
    sec = second.value;
  }
  if (s[pos] !== '.') return undefined;
  const frac = digits(s, pos + 1);
  if (frac.end - pos - 1 !== 3) return undefined;
  if (m > 59 || sec > 59) return undefined;
  return { seconds: h * 3600 + m * 60 + sec + frac.value / 1000, end: frac.end };
}

/**
 * A timestamp as real files write it, the whole of `text` (surrounding white space allowed):
 * `h:mm:ss.ttt`, `mm:ss.ttt` or seconds alone (`7.380`, `12`), with "." or "," before the fraction, which
 * may have any number of digits (rounded to milliseconds) or be missing; hours of any length. Minutes and
 * seconds after a colon are below 60. Undefined when it is not one.
 */
export function parseLenientTimestamp(text: string): number | undefined {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  const fields: number[] = [];
  let pos = start;
  for (;;) {
    const run = digits(text, pos);
    if (run.end === pos || run.end - pos > 15) return undefined;
    fields.push(run.value);
    pos = run.end;
    if (text[pos] !== ':' || fields.length === 3) break;
    pos++;
  }
  let fraction = 0;
  if (pos < end && (text[pos] === '.' || text[pos] === ',')) {
    const run = digits(text, pos + 1);
    const n = run.end - pos - 1;
    if (n > 0) fraction = Math.round(Number(`0.${text.slice(pos + 1, Math.min(run.end, pos + 10))}`) * 1000);
    pos = run.end;
  }
  if (pos !== end) return undefined;
  const [a = 0, b = 0, c = 0] = fields;
  let seconds: number;
  if (fields.length === 3) {
    if (b > 59 || c > 59) return undefined;
    seconds = a * 3600 + b * 60 + c;
  } else if (fields.length === 2) {
    if (b > 59) return undefined;
    seconds = a * 60 + b;
  } else seconds = a;
  return (seconds * 1000 + fraction) / 1000;
}

/**
 * A lenient cue timing line, "start --> end [settings]" (white space around the arrow optional), each
 * side read by `parseLenientTimestamp`. Undefined when the line has no "-->" or a side is not a time.
 */
export function parseLenientTiming(line: string): { start: number; end: number; rest: string } | undefined {
  const arrow = line.indexOf('-->');
  if (arrow < 0) return undefined;
  const start = parseLenientTimestamp(line.slice(0, arrow));
  let from = arrow + 3;
  while (from < line.length && line.charCodeAt(from) <= 0x20) from++;
  let to = from;
  while (to < line.length && line.charCodeAt(to) > 0x20) to++;
  const end = parseLenientTimestamp(line.slice(from, to));
  if (start === undefined || end === undefined) return undefined;
  return { start, end, rest: line.slice(to) };
}
