/**
 * HTML transcripts (`<podcast:transcript type="text/html">` in Podcasting 2.0): the speaker in `<cite>`,
 * the time in `<time>`, the words in `<p>`. Read by one scan over the markup; everything becomes plain
 * text (tags dropped, character references decoded), so it goes through the same markdown escaping and
 * sanitizing as every other transcript.
 */
import type { Result } from '../episode/types.ts';
import { cleanText, failure, prepareText, quote, sortByStart } from './common.ts';
import { decodeEntities } from './entities.ts';
import { parseLenientTimestamp } from './timestamps.ts';
import type { TimedSegment, TimedTranscript } from './types.ts';

/** Elements whose content is not text to read. */
const SKIPPED = new Set(['script', 'style', 'template', 'head', 'title', 'noscript', 'svg', 'math']);
/** Elements that end a paragraph where they start or end. */
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'body',
  'blockquote',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'tr',
  'hr',
]);

/** Whether text looks like an HTML document or fragment rather than another transcript format. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4096).trimStart().toLowerCase();
  if (!head.startsWith('<')) return false;
  return (
    head.startsWith('<!doctype html') ||
    head.startsWith('<html') ||
    head.includes('<cite') ||
    head.includes('<time') ||
    head.includes('<p>') ||
    head.includes('<p ')
  );
}

/**
 * Parses an HTML transcript. Each paragraph (a `<p>`, or text between other blocks) is a segment starting
 * at the latest `<time>` before it and spoken by the latest `<cite>` ("Name:" with or without the colon).
 * Paragraphs before the first time start at 0:00. A `<time>` that is not a time is reported and ignored.
 * Fails when the file has no `<time>` at all or no text.
 */
export function parseHtmlTranscript(text: string): Result<TimedTranscript> {
  const prepared = prepareText(text, 'HTML transcript');
  if (!prepared.ok) return prepared;
  const html = prepared.value;
  const lower = html.toLowerCase();
  const warnings: string[] = [];
  const segments: TimedSegment[] = [];
  let speaker: string | null = null;
  let time: number | undefined;
  let sawTime = false;
  let capture: 'cite' | 'time' | null = null;
  let captured = '';
  let paragraph = '';
  // Line numbers for warnings, each line break found once (positions only grow), so the scan stays linear.
  let line = 1;
  let nextBreak = html.indexOf('\n');
  const lineAt = (index: number): number => {
    while (nextBreak >= 0 && nextBreak < index) {
      line++;
      nextBreak = html.indexOf('\n', nextBreak + 1);
    }
    return line;
  };
  const endParagraph = (): void => {
    const words = cleanText(decodeEntities(paragraph));
    paragraph = '';
    if (words !== '') segments.push({ speaker, start: time ?? 0, end: null, text: words });
  };
  const addText = (raw: string): void => {
    if (capture) captured += raw;
    else paragraph += raw;
  };
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      addText(html.slice(i));
      break;
    }
    addText(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) {
      addText(html.slice(lt));
      break;
    }
    let k = lt + 1;
    const closing = html[k] === '/';
    if (closing) k++;
    let nameEnd = k;
    while (nameEnd < gt && /[a-z0-9-]/i.test(html[nameEnd]!)) nameEnd++;
    const name = lower.slice(k, nameEnd);
    i = gt + 1;
    if (name === '' || html[lt + 1] === '!' || html[lt + 1] === '?') {
      if (name === '' && !closing && html[lt + 1] !== '!' && html[lt + 1] !== '?')
        addText(html.slice(lt, gt + 1));
      continue;
    }
    if (!closing && SKIPPED.has(name) && html[gt - 1] !== '/') {
      const end = lower.indexOf(`</${name}`, i);
      i = end < 0 ? html.length : end;
      continue;
    }
    if (name === 'cite' || name === 'time') {
      if (!closing) {
        endParagraph();
        capture = name;
        captured = '';
        continue;
      }
      if (capture !== name) continue;
      const value = cleanText(decodeEntities(captured));
      capture = null;
      if (name === 'cite') {
        const bare = value.endsWith(':') ? value.slice(0, -1).trim() : value;
        speaker = bare === '' ? null : bare;
      } else {
        const seconds = parseLenientTimestamp(value);
        if (seconds === undefined) {
          warnings.push(
            `Line ${lineAt(lt)}: ${quote(value)} is not a time; the text after it keeps the time before.`,
          );
        } else {
          time = seconds;
          sawTime = true;
        }
      }
      continue;
    }
    if (name === 'br') addText(' ');
    else if (BLOCKS.has(name)) {
      if (capture) addText(' ');
      else endParagraph();
    }
  }
  if (capture) paragraph += captured;
  endParagraph();
  if (!sawTime) {
    return failure(
      'The HTML transcript has no times: a Podcasting 2.0 HTML transcript has a <time> per turn.',
    );
  }
  if (segments.length === 0) return failure('The HTML transcript has no text.');
  return { ok: true, value: { format: 'html', segments: sortByStart(segments), warnings } };
}
