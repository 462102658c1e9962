// Broken and extreme input in Chromium: every case gets a clear message or renders, never a blank page or a
// freeze.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Episode } from '../../src/lib/episode/types.ts';
import {
  collectPageErrors,
  launchBrowser,
  startStaticServer,
  type RouteHandler,
  type StaticServer,
} from './harness.ts';
import { defaultEpisode } from './fixtures.ts';

function json(body: string | Buffer): RouteHandler {
  return (_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(body);
  };
}

const TEN_THOUSAND: Episode = {
  ...defaultEpisode,
  slug: 'ten-thousand',
  title: 'Ten thousand turns',
  audio: null,
  anchors: [],
  turns: Array.from({ length: 10_000 }, (_, i) => ({
    speaker: defaultEpisode.speakers[i % 2]!.id,
    paragraphs: [
      `Turn ${i + 1}: ${defaultEpisode.turns[i % 50]!.paragraphs[0]!.slice(0, 120)} **and** more.`,
    ],
  })),
};

const ROUTES: Record<string, RouteHandler> = {
  '/episodes/wrong-types.json': json(JSON.stringify({ ...defaultEpisode, title: 42 })),
  '/episodes/future.json': json(JSON.stringify({ ...defaultEpisode, format: 'hark-episode/9' })),
  '/episodes/undeclared.json': json(
    JSON.stringify({ ...defaultEpisode, turns: [{ speaker: 'bob', paragraphs: ['Hi.'] }], anchors: [] }),
  ),
  '/episodes/empty.json': json(JSON.stringify({ ...defaultEpisode, slug: 'empty', turns: [], anchors: [] })),
  '/episodes/binary.json': json(
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49]),
  ),
  '/episodes/bom-crlf.json': json(
    `\uFEFF${JSON.stringify({ ...defaultEpisode, slug: 'bom-crlf' }, null, 2).replace(/\n/g, '\r\n')}`,
  ),
  // 50 MB of valid JSON: a giant transcript.
  '/episodes/huge.json': (_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    const filler = 'x'.repeat(1024 * 1024);
    res.write(`{"format":"hark-episode/1","slug":"huge","title":"Huge","speakers":[],"turns":[],"notes":[`);
    for (let i = 0; i < 50; i++) res.write(`${i ? ',' : ''}"${filler}"`);
    res.end(']}');
  },
  '/episodes/ten-thousand.json': json(JSON.stringify(TEN_THOUSAND)),
};

describe('broken and extreme input', () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startStaticServer('dist', { routes: ROUTES });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(slug: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/#/${slug}`);
    return { page, errors };
  }

  it.each([
    ['wrong-types', 'This episode file is damaged', 'title: expected a string, got a number'],
    ['future', 'This episode file is damaged', 'format: unsupported version "hark-episode/9"'],
    ['undeclared', 'This episode file is damaged', 'turns[0].speaker: unknown speaker "bob"'],
    ['binary', 'This episode file is damaged', 'The episode file is not valid JSON'],
    ['huge', 'The episode could not be loaded', 'is 50 MB: Hark opens episode files up to 20 MB'],
  ])('explains %s', async (slug, title, message) => {
    const { page, errors } = await open(slug);
    await page.getByRole('heading', { name: title }).waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(message);
    await expect(page.getByRole('link', { name: 'Back to the episodes' }).isVisible()).resolves.toBe(true);
    expect(errors.filter((e) => !/404|Failed to load resource/.test(e))).toEqual([]);
    await page.close();
  });

  it('shows an episode without a transcript, and one with a byte-order mark and CRLF', async () => {
    const { page } = await open('empty');
    await page.getByText('This episode has no transcript yet.').waitFor();
    await page.goto(`${server.url}/#/bom-crlf`);
    await page.getByRole('article').first().waitFor();
    await expect(page.getByRole('article').count()).resolves.toBe(50);
    await page.close();
  });

  it('renders ten thousand turns without freezing the page', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    await page.addInitScript(() => {
      const w = window as unknown as { __longest: number };
      w.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${server.url}/#/ten-thousand`);
    await page.getByRole('article').first().waitFor();
    // The first turns come at once; the rest follow without blocking the page.
    await page.waitForFunction(() => document.querySelectorAll('article').length === 10_000);
    await page.getByRole('searchbox', { name: 'Search transcript' }).fill('Turn 9999');
    await expect
      .poll(() => page.locator('.search [aria-live]').textContent(), { timeout: 15_000 })
      .toMatch(/of \d+/);
    const longest = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
    // No single task long enough to feel like a freeze.
    console.log(`ten thousand turns: longest task ${longest.toFixed(0)} ms`);
    expect(longest).toBeLessThan(1000);
    await page.close();
  });

  it('ignores corrupted saved state with a warning, never a crash', async () => {
    const page = await browser.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    const errors = collectPageErrors(page);
    await page.addInitScript(() => {
      localStorage.setItem('hark:anchors:kelsey-hightower', '{not json');
      localStorage.setItem('hark:settings', '[1,2,3]');
      localStorage.setItem('hark:position:kelsey-hightower', '"soon"');
    });
    await page.goto(`${server.url}/#/kelsey-hightower`);
    await page.getByRole('article').first().waitFor();
    await expect(page.getByRole('article').count()).resolves.toBe(50);
    expect(warnings.some((w) => w.includes('hark:anchors:kelsey-hightower'))).toBe(true);
    expect(warnings.some((w) => w.includes('hark:settings'))).toBe(true);
    expect(errors.filter((e) => !/net::ERR_/.test(e))).toEqual([]);
    await page.close();
  });
});
