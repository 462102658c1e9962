/**
 * Which built chunks a visit loads before anything is asked for: the entry scripts and modulepreloads of
 * index.html and everything they import statically. The other chunks load on demand (dynamic `import()`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export function initialChunks(distDir = 'dist'): Set<string> {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.js)"/g)].map((m) =>
    basename(m[1]!),
  );
  const seen = new Set<string>();
  while (queue.length) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const file = join(distDir, 'assets', name);
    if (!existsSync(file)) continue;
    // Static imports only: `import("./x.js")` has a parenthesis where these have a quote.
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([\w.-]+\.js)["']/g))
      queue.push(m[1]!);
  }
  return seen;
}
