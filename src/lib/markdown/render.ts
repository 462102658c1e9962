import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { isSpaceCode } from '../episode/scan.ts';
import { MAX_BLOCK_LENGTH, MAX_MARKUP, blocksOf, markdownProblem, markupCount } from './limits.ts';

const marked = new Marked({ gfm: true, breaks: false, async: false });

let hooked = false;

/** Links from episode text open in a new tab and cannot reach back into Hark. */
function installLinkHook(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
}

const OPTIONS = {
  // Episode text is untrusted: only plain content markup survives, and only http(s)/mailto links.
  ALLOWED_TAGS: [
    'a',
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'code',
    'pre',
    'ul',
    'ol',
    'li',
    'blockquote',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'del',
    's',
    'sup',
    'sub',
    'mark',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  ALLOWED_ATTR: ['href', 'title', 'target', 'rel'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const AS_WRITTEN = '<em class="as-written">(shown as written: too much formatting to display)</em>';

function asWritten(markdown: string): string {
  return `<p>${escapeHtml(markdown).split('\n').join('<br>')}</p>`;
}

/** A block's HTML from marked (not yet sanitized), or null when it is too much for marked. */
function formatBlock(markdown: string): string | null {
  if (markdownProblem(markdown) || markdown.length > MAX_BLOCK_LENGTH || markupCount(markdown) > MAX_MARKUP)
    return null;
  try {
    return marked.parse(markdown) as string;
  } catch {
    // A stack overflow in marked on input the checks let through: shown as written.
    return null;
  }
}

/**
 * Markdown (block) to sanitized HTML. Never throws and never takes long: a text too large or too marked-up for
 * one pass is formatted paragraph by paragraph, and a paragraph that is still too much is shown as written.
 */
export function renderMarkdown(markdown: string): string {
  installLinkHook();
  const whole = formatBlock(markdown);
  if (whole !== null) return DOMPurify.sanitize(whole, OPTIONS);
  const blocks = markdownProblem(markdown) ? null : blocksOf(markdown);
  if (!blocks) return `${asWritten(markdown)}<p>${AS_WRITTEN}</p>`;
  // Runs of formatted blocks are sanitized together; blocks shown as written are escaped, so need no sanitizing.
  const parts: string[] = [];
  let run: string[] = [];
  let plain = false;
  const endRun = (): void => {
    if (run.length) parts.push(DOMPurify.sanitize(run.join('\n'), OPTIONS));
    run = [];
  };
  for (const block of blocks) {
    const formatted = formatBlock(block);
    if (formatted !== null) run.push(formatted);
    else {
      endRun();
      parts.push(asWritten(block));
      plain = true;
    }
  }
  endRun();
  return parts.join('\n') + (plain ? `<p>${AS_WRITTEN}</p>` : '');
}

/** One paragraph's markdown to sanitized inline HTML (no wrapping <p>). Never throws. */
export function renderInline(markdown: string): string {
  installLinkHook();
  if (
    markdownProblem(markdown) === null &&
    markdown.length <= MAX_BLOCK_LENGTH &&
    markupCount(markdown) <= MAX_MARKUP
  ) {
    try {
      return DOMPurify.sanitize(marked.parseInline(markdown) as string, OPTIONS);
    } catch {
      // As in renderMarkdown.
    }
  }
  return `${escapeHtml(markdown)} ${AS_WRITTEN}`;
}

/** Anything markdown or HTML could make something of: without it, a paragraph is just text. */
const MARKUP_CHARS = /[\\`*_[\]<>&!~|#]|https?:|www\./;

/** Whether a line of the text starts like a list item or ends with a hard line break (two spaces). */
function hasLineMarkup(text: string): boolean {
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    let k = start;
    while (k < end && isSpaceCode(text.charCodeAt(k))) k++;
    if (/^(?:\d+[.)]|[-+=])\s/.test(text.slice(k, Math.min(end + 1, k + 40)))) return true;
    // Two white space characters before a line's end (a hard break; the line break before may be one).
    if (end >= 2 && /\s/.test(text[end - 1]!) && /\s/.test(text[end - 2]!)) return true;
    if (newline === -1) break;
    start = newline + 1;
  }
  return false;
}

/**
 * One paragraph as sanitized inline HTML. Most transcript paragraphs are plain speech: those are escaped
 * rather than parsed and sanitized, which is what makes a three-hour transcript appear quickly.
 */
export function renderParagraph(markdown: string): string {
  return mayHaveMarkup(markdown) ? renderInline(markdown) : escapeHtml(markdown);
}

/** Whether markdown or HTML could make something of a text; false means it is plain text. Linear time. */
export function mayHaveMarkup(text: string): boolean {
  return MARKUP_CHARS.test(text) || hasLineMarkup(text);
}
