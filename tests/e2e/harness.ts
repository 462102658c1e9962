// Shared helpers for the e2e tests: a system Chromium driven by playwright-core, a tiny static file
// server (with HTTP Range support, which <audio> seeking relies on), page-error collection and
// generated audio fixtures (espeak-ng speech, sox tones).
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Directory for generated (gitignored) fixtures such as speech WAVs. */
export const GENERATED_DIR = resolve('tests/fixtures/generated');

/** Absolute path of a file inside {@link GENERATED_DIR}. */
export function generatedPath(name: string): string {
  return join(GENERATED_DIR, name);
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}; run \`node scripts/ensure-e2e-tools.js\` or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface StaticServerOptions {
  /** Exact URL pathnames (e.g. '/api/ping') answered by a custom handler before any file lookup. */
  routes?: Record<string, RouteHandler>;
  /** URL prefix (e.g. '/test-audio/') → filesystem directory served under that prefix. */
  extraDirs?: Record<string, string>;
}

export interface StaticServer {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.vtt': 'text/vtt; charset=utf-8',
  '.srt': 'application/x-subrip; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

type ByteRange = { start: number; end: number } | 'unsatisfiable' | null;

/** Parses a single `bytes=` range; null means "ignore the header and send the whole file". */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null; // malformed or multi-range: serving the full body is allowed
  const [, rawStart = '', rawEnd = ''] = match;
  if (rawStart === '' && rawEnd === '') return null;
  if (rawStart === '') {
    const suffix = Number(rawEnd);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(rawStart);
  const end = rawEnd === '' ? size - 1 : Math.min(Number(rawEnd), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Maps a URL pathname to a file under `dir`, or null if it would escape `dir`. */
function fileUnder(dir: string, relPath: string): string | null {
  const file = resolve(dir, '.' + (relPath.startsWith('/') ? relPath : '/' + relPath));
  return file === dir || file.startsWith(dir + sep) ? file : null;
}

function serveFile(req: IncomingMessage, res: ServerResponse, file: string): void {
  let stats;
  try {
    stats = statSync(file);
  } catch {
    return sendText(res, 404, 'Not found');
  }
  if (stats.isDirectory()) {
    const index = join(file, 'index.html');
    if (!existsSync(index)) return sendText(res, 404, 'Not found');
    return serveFile(req, res, index);
  }
  const size = stats.size;
  const headers: Record<string, string | number> = {
    'Content-Type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-store',
    'Last-Modified': stats.mtime.toUTCString(),
  };
  const range = parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': 0 });
    res.end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  headers['Content-Length'] = size === 0 ? 0 : end - start + 1;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  const stream = createReadStream(file, { start, end });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}

/**
 * Starts a static file server for `root` on 127.0.0.1 with a free port. Serves index.html for
 * directory URLs (including `/`), 404 for anything else missing, and answers Range requests with 206.
 */
export async function startStaticServer(
  root = 'dist',
  opts: StaticServerOptions = {},
): Promise<StaticServer> {
  const rootDir = resolve(root);
  const routes = opts.routes ?? {};
  const extraDirs = Object.entries(opts.extraDirs ?? {})
    .map(([prefix, dir]) => ({ prefix: prefix.endsWith('/') ? prefix : prefix + '/', dir: resolve(dir) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);

  const server = createServer((req, res) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return sendText(res, 400, 'Bad request');
    }
    if (pathname.includes('\0')) return sendText(res, 400, 'Bad request');

    const route = routes[pathname];
    if (route) {
      try {
        return route(req, res);
      } catch (error) {
        if (!res.headersSent) return sendText(res, 500, String(error));
        return void res.destroy();
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method not allowed');
    }
    const extra = extraDirs.find(({ prefix }) => pathname.startsWith(prefix));
    const file = extra
      ? fileUnder(extra.dir, pathname.slice(extra.prefix.length))
      : fileUnder(rootDir, pathname);
    if (!file) return sendText(res, 404, 'Not found');
    serveFile(req, res, file);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        server.close((error) => (error ? reject(error) : resolveClose()));
        server.closeAllConnections();
      }),
  };
}

/**
 * Collects uncaught page exceptions and console.error messages (which include failed resource loads).
 * The returned array fills up as the page runs; assert `toEqual([])` at the end of a test.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    errors.push(`console.error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
  });
  return errors;
}

function runTool(tool: string, args: string[], installHint: string): void {
  try {
    execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${tool} is not installed; run \`${installHint}\` to generate audio fixtures.`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Runs `make(tmpPath)` and moves the result to `path`, so an interrupted run leaves no half file. */
function generateOnce(path: string, make: (tmpPath: string) => void): string {
  if (existsSync(path)) return path;
  mkdirSync(dirname(path), { recursive: true });
  const tmpPath = `${path}.tmp-${process.pid}${extname(path)}`;
  try {
    make(tmpPath);
    renameSync(tmpPath, path);
  } finally {
    rmSync(tmpPath, { force: true });
  }
  return path;
}

export interface SpeechOptions {
  /** espeak-ng voice, e.g. 'en-us' (default 'en'). */
  voice?: string;
  /** Words per minute (espeak-ng default 175). */
  wordsPerMinute?: number;
  /** Pause between words in units of 10 ms (espeak-ng -g). */
  wordGap?: number;
}

/** Writes a real speech WAV (22.05 kHz mono) of `text` with espeak-ng, unless `path` exists. Returns `path`. */
export function makeSpeechWav(path: string, text: string, opts: SpeechOptions = {}): string {
  return generateOnce(path, (tmpPath) => {
    const args = ['-w', tmpPath];
    if (opts.voice) args.push('-v', opts.voice);
    if (opts.wordsPerMinute !== undefined) args.push('-s', String(opts.wordsPerMinute));
    if (opts.wordGap !== undefined) args.push('-g', String(opts.wordGap));
    args.push('--', text);
    runTool('espeak-ng', args, 'apt-get install -y espeak-ng');
  });
}

/** Writes a 440 Hz sine WAV of `seconds` length with sox, unless `path` exists. Returns `path`. */
export function makeToneWav(path: string, seconds: number): string {
  return generateOnce(path, (tmpPath) => {
    runTool(
      'sox',
      ['-n', tmpPath, 'synth', String(seconds), 'sine', '440', 'vol', '0.3'],
      'apt-get install -y sox',
    );
  });
}
