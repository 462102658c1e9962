/**
 * The one policy for addresses that come from episode files (links, audio, video): they are untrusted, so
 * only web addresses are used. Control characters and white space around an address are trimmed first,
 * because browsers ignore them too (`\u0001javascript:` is `javascript:` to a browser).
 */

/** Everything a URL parser strips from the ends: C0 controls, space, DEL and C1 controls. */
function isEdge(code: number): boolean {
  return code <= 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** The address with control characters and white space trimmed from both ends (a scan: linear time). */
export function trimAddress(raw: string): string {
  let start = 0;
  let end = raw.length;
  while (start < end && isEdge(raw.charCodeAt(start))) start++;
  while (end > start && isEdge(raw.charCodeAt(end - 1))) end--;
  return raw.slice(start, end);
}

/** An http(s) address with nothing hidden inside it, trimmed; null for anything else. */
export function webUrl(raw: string): string | null {
  const url = trimAddress(raw);
  // eslint-disable-next-line no-control-regex -- control characters inside an address are refused
  return /^https?:\/\/[^\s\u0000-\u001f\u007f-\u009f]+$/i.test(url) ? url : null;
}

/** Whether an episode's address may become a link or a video link: http(s) only. */
export function isWebUrl(raw: string): boolean {
  return webUrl(raw) !== null;
}

/**
 * An address the audio element may be given, trimmed: a web address, a blob: URL, or a path relative to the
 * app (no scheme at all). Null for javascript:, data: and every other scheme.
 */
export function playableUrl(raw: string): string | null {
  const url = trimAddress(raw);
  if (!url) return null;
  // eslint-disable-next-line no-control-regex -- as above
  if (/[\u0000-\u001f\u007f-\u009f]/.test(url)) return null;
  const scheme = /^([a-z][\w+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return url;
  return scheme === 'http' || scheme === 'https' || scheme === 'blob' ? url : null;
}

/** The host of a web address, for "Loading audio from …" messages; '' when there is none. */
export function hostOf(src: string): string {
  return /^https?:\/\/([^/?#]+)/i.exec(src)?.[1] ?? '';
}
