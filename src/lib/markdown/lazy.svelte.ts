import { markdownToPlain } from '../episode/text.ts';

/**
 * Markdown rendering (marked and DOMPurify, a third of the app's JavaScript) loaded on demand: plain
 * paragraphs, most of any transcript, never need it; until it is here, the rest show as plain text and are
 * rendered once it arrives.
 */
type Renderer = typeof import('./render.ts');

let renderer: Renderer | null = null;
let loading: Promise<Renderer> | null = null;
const status = $state({ ready: false });

/** Starts loading the renderer (once); resolves when it is there. */
export function loadMarkdown(): Promise<Renderer> {
  loading ??= import('./render.ts').then(
    (m) => {
      renderer = m;
      status.ready = true;
      return m;
    },
    (e: unknown) => {
      // Offline before the chunk came: paragraphs stay plain text, and the transcript goes on growing.
      console.warn('Hark: markdown rendering could not be loaded; showing plain text', e);
      status.ready = true;
      throw e;
    },
  );
  return loading;
}

/** Whether the renderer is here, or failed to come (reactive). */
export function markdownReady(): boolean {
  return status.ready;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Whether markdown or HTML could make anything of the text (generous: a false "yes" only waits). */
function hasMarkup(text: string): boolean {
  return /[\\`*_[\]<>&!~|#\n]|https?:|www\./.test(text) || /^\s*(?:\d+[.)]|[-+=])\s/.test(text);
}

/** One paragraph as inline HTML: escaped text when it is plain, sanitized markdown once the renderer is here. */
export function paragraphHtml(markdown: string): string {
  if (!hasMarkup(markdown)) return escape(markdown);
  if (status.ready && renderer) return renderer.renderParagraph(markdown);
  if (!status.ready) void loadMarkdown().catch(() => {});
  return escape(markdownToPlain(markdown));
}

/** Block markdown as HTML: sanitized once the renderer is here, paragraphs of plain text until then. */
export function markdownHtml(markdown: string): string {
  if (status.ready && renderer) return renderer.renderMarkdown(markdown);
  if (!status.ready) void loadMarkdown().catch(() => {});
  return markdown
    .split(/\n\s*\n/)
    .map((block) => markdownToPlain(block))
    .filter(Boolean)
    .map((text) => `<p>${escape(text)}</p>`)
    .join('');
}
