/** Hash routes: `#/` (home), `#/<slug>` (an episode), with query parameters such as `?t=754`. */
export interface Route {
  slug: string | null;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = body.split('?', 2);
  let slug: string | null;
  try {
    const decoded = decodeURIComponent(path);
    let end = decoded.length;
    while (end > 0 && decoded[end - 1] === '/') end--;
    slug = decoded.slice(0, end) || null;
  } catch {
    slug = path || null;
  }
  return { slug, params: new URLSearchParams(query) };
}

export function formatHash(slug: string | null, params?: URLSearchParams | Record<string, string>): string {
  const search = params instanceof URLSearchParams ? params : new URLSearchParams(params ?? {});
  const query = search.toString();
  return `#/${slug ? encodeURIComponent(slug) : ''}${query ? `?${query}` : ''}`;
}
