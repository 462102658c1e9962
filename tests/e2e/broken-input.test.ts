// Broken and extreme input in Chromium: every case gets a clear message or renders, never a blank page or a
// freeze.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dirname } from 'node:path';
import {
  collectPageErrors,
  launchBrowser,
  startStaticServer,
  type RouteHandler,
  type StaticServer,
} from './harness.ts';
import { defaultEpisode, speechWav, tenThousandTurns } from './fixtures.ts';

function json(body: string | Buffer): RouteHandler {
  return (_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(body);
  };
}

// Its audio is the generated speech, so that a click on a turn's time has something to seek in.
const TEN_THOUSAND = tenThousandTurns({ src: 'test-audio/kelsey-start.wav', type: 'audio/wav' });

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
    server = await startStaticServer('dist', {
      routes: ROUTES,
      extraDirs: { '/test-audio/': dirname(speechWav()) },
    });
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
    ['binary', 'This episode file is damaged', 'The episode file is not text (it looks like binary data)'],
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
    await expect(page.getByRole('article').count()).resolves.toBe(defaultEpisode.turns.length);
    await page.close();
  });

  // How fast is for `npm run bench` (a speed asserted here would fail on a busy machine); this proves it works.
  it('renders ten thousand turns, and the page answers: a search finds, a click on a time seeks', async () => {
    const { page, errors } = await open('ten-thousand');
    page.setDefaultTimeout(60_000);
    await page.getByRole('article').first().waitFor();
    // The first turns come at once; the rest follow without blocking the page (35 s measured on two cores
    // with a load average of 15; the e2e project's timeout leaves room for more).
    await page.waitForFunction(() => document.querySelectorAll('article').length === 10_000, null, {
      timeout: 90_000,
    });
    await expect(page.locator('#turn-9999').textContent()).resolves.toContain('Turn 10000:');
    await page.getByRole('searchbox', { name: 'Search transcript' }).fill('Turn 9999');
    await expect
      .poll(() => page.locator('#turn-9998 mark', { hasText: '9999' }).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect(page.locator('.search [aria-live]').textContent()).resolves.toMatch(
      /^\d+ match(es)?$|of \d+/,
    );
    await page.waitForFunction(
      () => document.querySelector('input[aria-label="Seek"]')?.getAttribute('max') === '144',
    );
    const seek = page.getByRole('slider', { name: 'Seek' });
    const time = page.locator('#turn-7499').getByRole('button', { name: /^Jump to/ });
    const [m, s] = (await time.textContent())!.trim().replace('≈ ', '').split(':').map(Number);
    expect(m! * 60 + s!).toBeGreaterThan(60);
    await time.click();
    await expect
      .poll(async () => Math.abs(Number(await seek.inputValue()) - (m! * 60 + s!)), { timeout: 30_000 })
      .toBeLessThanOrEqual(2);
    expect(errors.filter((e) => !/HTML5 Audio pool/.test(e))).toEqual([]);
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
    await expect(page.getByRole('article').count()).resolves.toBe(defaultEpisode.turns.length);
    expect(warnings.some((w) => w.includes('hark:anchors:kelsey-hightower'))).toBe(true);
    expect(warnings.some((w) => w.includes('hark:settings'))).toBe(true);
    expect(errors.filter((e) => !/net::ERR_/.test(e))).toEqual([]);
    await page.close();
  });
});
