import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Serves episodes/*.json at ./episodes/ during development and copies them into the build, so the app
 * fetches episodes as data (kept out of the JavaScript bundle) and static hosting just works.
 */
export function episodesPlugin(dir = 'episodes'): Plugin {
  const root = resolve(dir);
  const jsonFiles = (): string[] => readdirSync(root).filter((n) => n.endsWith('.json'));
  return {
    name: 'hark-episodes',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /^\/episodes\/([\w.-]+\.json)(?:\?.*)?$/.exec(req.url ?? '');
        if (!m || !jsonFiles().includes(m[1]!)) return next();
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.setHeader('Cache-Control', 'no-cache');
        res.end(readFileSync(join(root, m[1]!)));
      });
    },
    // A Content-Security-Policy for the built app: scripts and styles only from the app itself; images and the
    // requests that diagnose audio errors only from the app and the hosts the episodes point at. Audio may
    // also come from the reader's own files (blob:) and over https from elsewhere, because podcast hosts
    // redirect their MP3 URLs to CDNs (Buzzsprout → a CDN host) and CSP checks the redirect's target too.
    // Not in development, where Vite injects styles and scripts of its own.
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (ctx.server) return html;
        const hosts = audioOrigins(jsonFiles().map((n) => join(root, n)));
        // data: too: Howler releases an audio element by pointing it at a tiny silent data: WAV.
        const media = ["'self'", 'blob:', 'data:', 'https:'].join(' ');
        const policy = [
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          `img-src 'self' data: ${hosts.join(' ')}`.trim(),
          `media-src ${media}`,
          `connect-src 'self' ${hosts.join(' ')}`.trim(),
          "object-src 'none'",
          "frame-src 'none'",
          "base-uri 'none'",
          "form-action 'none'",
        ].join('; ');
        return html.replace(
          '<meta charset="UTF-8" />',
          `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
        );
      },
    },
    generateBundle() {
      for (const name of jsonFiles()) {
        this.emitFile({
          type: 'asset',
          fileName: `episodes/${name}`,
          source: readFileSync(join(root, name)),
        });
      }
    },
  };
}

/** The https origins of the episodes' audio files, sorted and without duplicates. */
export function audioOrigins(files: string[]): string[] {
  const origins = new Set<string>();
  for (const file of files) {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { audio?: { src?: unknown } | null };
      const src = data.audio?.src;
      if (typeof src !== 'string') continue;
      const m = /^(https:\/\/[a-z0-9.-]+(?::\d+)?)\//i.exec(src);
      if (m) origins.add(m[1]!.toLowerCase());
    } catch {
      // index.json and broken files have no audio to allow
    }
  }
  return [...origins].sort();
}
