/** Small text helpers shared by the importer, the formats and the search index. */

/** A URL- and id-safe slug: lowercase letters and digits (any script) joined by "-". */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('en')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Parses "1:02:03", "12:34" or "00:01:00" into seconds; undefined when it is not a clock time. */
export function parseClock(text: string): number | undefined {
  const m = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!m) return undefined;
  const [, h, min, s, frac] = m;
  const minutes = Number(min);
  const secs = Number(s);
  if (secs >= 60 || (h !== undefined && minutes >= 60)) return undefined;
  return Number(h ?? 0) * 3600 + minutes * 60 + secs + (frac ? Number(`0.${frac}`) : 0);
}

/** Formats seconds as "m:ss" or "h:mm:ss". */
export function formatClock(seconds: number): string {
  const total = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Spoken form of a duration for screen readers: "1 hour 2 minutes 3 seconds". */
export function spokenDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const parts: string[] = [];
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h) parts.push(`${h} hour${h === 1 ? '' : 's'}`);
  if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (s || parts.length === 0) parts.push(`${s} second${s === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/**
 * Plain text of a markdown paragraph, as a reader hears it: links become their text, emphasis markers and
 * escapes go. Used for search and for timing weights; rendering uses marked.
 */
export function markdownToPlain(markdown: string): string {
  // Escaped characters are literal: set them aside so they can't open or close emphasis.
  const escaped: string[] = [];
  return (
    markdown
      .replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, (_, c: string) => `\u{F0000}${escaped.push(c) - 1}\u{F0001}`)
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/(\*\*|\*|`)(?=\S)([^]*?\S)\1/g, '$2')
      // Underscores emphasise only at word edges: snake_case stays as written.
      .replace(/(^|[^\p{L}\p{N}_])(__|_)(?=\S)([^]*?\S)\2(?![\p{L}\p{N}_])/gu, '$1$3')
      .replace(/\u{F0000}(\d+)\u{F0001}/gu, (_, i: string) => escaped[Number(i)] ?? '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** MIME type of an audio URL or file name by its extension, if known. */
export function audioTypeOf(nameOrUrl: string): string | undefined {
  const path = nameOrUrl.split(/[?#]/)[0] ?? '';
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  const types: Record<string, string> = {
    mp3: 'audio/mpeg',
    m4a: 'audio/mp4',
    mp4: 'audio/mp4',
    aac: 'audio/aac',
    ogg: 'audio/ogg',
    oga: 'audio/ogg',
    opus: 'audio/ogg',
    webm: 'audio/webm',
    wav: 'audio/wav',
    flac: 'audio/flac',
  };
  return ext ? types[ext] : undefined;
}

/** Whether a URL from an episode may become a link: the one web address policy, in links/web-url.ts. */
export { isWebUrl } from '../links/web-url.ts';
