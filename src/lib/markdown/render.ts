import DOMPurify from 'dompurify';
import { Marked } from 'marked';

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

/** Markdown (block) to sanitized HTML. */
export function renderMarkdown(markdown: string): string {
  installLinkHook();
  return DOMPurify.sanitize(marked.parse(markdown) as string, OPTIONS);
}

/** One paragraph's markdown to sanitized inline HTML (no wrapping <p>). */
export function renderInline(markdown: string): string {
  installLinkHook();
  return DOMPurify.sanitize(marked.parseInline(markdown) as string, OPTIONS);
}

/** Anything markdown or HTML could make something of: without it, a paragraph is just text. */
const MARKUP = /[\\`*_[\]<>&!~|#]|https?:|www\.|^\s*(\d+[.)]|[-+=])\s|\s{2,}$/m;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * One paragraph as sanitized inline HTML. Most transcript paragraphs are plain speech: those are escaped
 * rather than parsed and sanitized, which is what makes a three-hour transcript appear quickly.
 */
export function renderParagraph(markdown: string): string {
  if (!MARKUP.test(markdown)) return markdown.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
  return renderInline(markdown);
}
