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
