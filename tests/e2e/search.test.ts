// Finding in Chromium: typo-tolerant search with marks and a counter, the speaker filter, shared quotes.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, startStaticServer, type StaticServer } from './harness.ts';
import { defaultEpisode, episodeWithLocalAudio, speechWav } from './fixtures.ts';

describe('finding in Chromium', () => {
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startStaticServer('dist', episodeWithLocalAudio(speechWav()));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // Each test starts from the same place: a new browser context (empty storage) with the episode open.
  beforeEach(async () => {
    context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    errors = collectPageErrors(page);
    await page.goto(`${server.url}/#/kelsey-hightower`);
    await page.getByRole('article').first().waitFor();
  });

  afterEach(async () => {
    await context?.close();
  });

  const counter = (p: Page): Promise<string | null> => p.locator('.search [aria-live]').textContent();
  /**
   * Waits until the page stops scrolling: stepping to a match scrolls smoothly, and the sticky search bar rides
   * up with the page until it sticks, so a click meanwhile can press on one spot and release on another.
   */
  const scrollSettled = (p: Page) =>
    p.waitForFunction(
      () =>
        new Promise<boolean>((resolve) => {
          const y = scrollY;
          setTimeout(() => resolve(scrollY === y), 100);
        }),
    );

  it('finds a misspelt quote, marks it and counts the matches', async () => {
    const box = page.getByRole('searchbox', { name: 'Search transcript' });
    await page.keyboard.press('/');
    await expect(box.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.type('kubernets tatoo');
    await expect.poll(() => counter(page)).toBe('2 matches');
    // The tattoo paragraph has its words marked, links and markup intact.
    const quote = page.locator('article p', { hasText: "don't go out and get a Kubernetes tattoo" });
    await expect(quote.locator('mark').allTextContents()).resolves.toEqual(['Kubernetes', 'tattoo']);
    expect(new URL(page.url()).hash).toContain('q=kubernets+tatoo');
    await page.keyboard.press('Enter');
    await expect.poll(() => counter(page)).toBe('1 of 2');
    await scrollSettled(page);
    await page.getByRole('button', { name: 'Next match' }).click();
    await expect.poll(() => counter(page)).toBe('2 of 2');
    await expect(quote.evaluate((el) => el.classList.contains('current-match'))).resolves.toBe(true);
    await expect
      .poll(() =>
        quote.evaluate((el) => [
          Math.round(el.getBoundingClientRect().top),
          Math.round(el.getBoundingClientRect().bottom),
          window.innerHeight,
        ]),
      )
      .toSatisfy(([top, bottom, height]) => top! >= 0 && bottom! <= height!);
    await scrollSettled(page);
    await page.getByRole('button', { name: 'Previous match' }).click();
    await expect.poll(() => counter(page)).toBe('1 of 2');
    await box.focus();
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => counter(page)).toBe('2 of 2');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#transcript mark').count()).toBe(0);
    await expect(box.inputValue()).resolves.toBe('');
    expect(errors).toEqual([]);
  });

  it('lists results with speaker, time and snippet; choosing one jumps there', async () => {
    await page.getByRole('searchbox', { name: 'Search transcript' }).fill('raft protocl etcd');
    const results = page.getByRole('region', { name: 'Search results' });
    await results.waitFor();
    const first = results.getByRole('listitem').first();
    await expect(first.textContent()).resolves.toMatch(
      /Kelsey Hightower\s*≈ \d+:\d\d.*live demo of etcd and how the Raft protocol/s,
    );
    await expect(first.locator('mark').allTextContents()).resolves.toEqual(['etcd', 'Raft', 'protocol']);
    await first.getByRole('button').first().click();
    await expect.poll(() => counter(page)).toBe('1 of 1');
    const paragraph = page.locator('article p.current-match');
    await expect(paragraph.textContent()).resolves.toContain('live demo of etcd');
    // Choosing a result closes the list; back in the search field it is there again.
    await page.getByRole('searchbox', { name: 'Search transcript' }).click();
    await first.getByRole('button', { name: 'Play from here' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await expect.poll(() => page.locator('article[aria-current="true"] p.current-match').count()).toBe(1);
    await page.getByRole('button', { name: 'Pause' }).click();
    // The match is marked on the seek bar.
    await expect(page.locator('.match-marks span').count()).resolves.toBe(1);
  });

  it('hides and reveals a speaker’s turns, and keeps the filter in the URL', async () => {
    const kelsey = page.getByRole('button', { name: 'Kelsey Hightower', exact: true });
    await expect(kelsey.getAttribute('aria-pressed')).resolves.toBe('true');
    await kelsey.click();
    await expect(kelsey.getAttribute('aria-pressed')).resolves.toBe('false');
    await expect(page.getByRole('article').count()).resolves.toBe(
      defaultEpisode.turns.filter((t) => t.speaker === 'beyang-liu').length,
    );
    await expect(page.getByRole('article', { name: /^Kelsey Hightower/ }).count()).resolves.toBe(0);
    expect(new URL(page.url()).hash).toContain('speakers=beyang-liu');
    // A hidden run opens in place, and closes again.
    const divider = page.getByRole('button', { name: '1 turn hidden' }).first();
    await divider.click();
    await expect(page.getByRole('article', { name: /^Kelsey Hightower/ }).count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Hide 1 turn again' }).click();
    await expect(page.getByRole('article', { name: /^Kelsey Hightower/ }).count()).resolves.toBe(0);
    // Search respects the filter.
    await page.getByRole('searchbox', { name: 'Search transcript' }).fill('tattoo');
    await expect.poll(() => counter(page)).toBe('No matches');
    await page.getByRole('button', { name: 'All speakers' }).click();
    await expect(page.getByRole('article').count()).resolves.toBe(defaultEpisode.turns.length);
    await expect.poll(() => counter(page)).toBe('2 matches');
    await page.getByRole('button', { name: 'Only Kelsey Hightower' }).click();
    await expect(page.getByRole('article').count()).resolves.toBe(
      defaultEpisode.turns.filter((t) => t.speaker === 'kelsey-hightower').length,
    );
    // Opening the URL restores the filter and the search.
    await page.reload();
    await page.getByRole('article').first().waitFor();
    await expect(page.getByRole('article', { name: /^Beyang Liu/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('searchbox', { name: 'Search transcript' }).inputValue()).resolves.toBe(
      'tattoo',
    );
  });

  it('shows that the playing turn is in a hidden run', async () => {
    await page.goto(`${server.url}/#/kelsey-hightower?speakers=kelsey&t=30`);
    await page.getByRole('article').first().waitFor();
    await expect.poll(() => page.getByRole('slider', { name: 'Seek' }).inputValue()).toBe('30');
    // Read in one go: while the audio arrives at 30 s the playing place can still move between two reads.
    const playingPlace = () =>
      page.evaluate(() => {
        const run = document.querySelectorAll('.hidden-run[aria-current="true"]');
        const turn = document.querySelectorAll('article[aria-current="true"]');
        if (run.length + turn.length !== 1) return `${run.length} runs and ${turn.length} turns current`;
        if (run.length)
          return run[0]!.textContent?.includes('playing now') ? 'hidden run, playing now' : 'run';
        return turn[0]!.getAttribute('aria-label')?.startsWith('Kelsey Hightower') ? 'a Kelsey turn' : 'turn';
      });
    await expect.poll(playingPlace).toMatch(/^(hidden run, playing now|a Kelsey turn)$/);
  });

  it('copies a quote with a link that opens at the quote', async () => {
    const paragraph = page.locator('article p', { hasText: 'live demo of etcd' });
    await paragraph.scrollIntoViewIfNeeded();
    // Select "a live demo of etcd and how the Raft protocol behaves" inside the paragraph.
    await paragraph.evaluate((el) => {
      const text = el.firstChild!.nodeType === Node.TEXT_NODE ? (el.firstChild as Text) : null;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const node = (text ?? walker.nextNode()) as Text;
      const start = node.data.indexOf('a live demo');
      const end = node.data.indexOf(' in the real world');
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, end);
      const sel = document.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
    });
    await page.getByRole('button', { name: 'Copy quote' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const [line, link] = copied.split('\n');
    expect(line).toMatch(
      /^“a live demo of etcd and how the Raft protocol behaves” — Kelsey Hightower, ≈ \d+:\d\d$/,
    );
    expect(link).toMatch(/#\/kelsey-hightower\?quote=a\+live\+demo.*&t=\d+$/);
    // Sync an earlier turn so every estimate moves; the link still finds the quote, and the audio goes to
    // the turn's time as it is now.
    await page.getByRole('slider', { name: 'Seek' }).fill('50');
    await page.getByRole('article').nth(3).getByRole('button', { name: 'Sync here' }).click();
    const other = await context.newPage();
    await other.goto(link!);
    const mark = other.locator('mark.quote-mark');
    await mark.waitFor();
    await expect(mark.textContent()).resolves.toBe('a live demo of etcd and how the Raft protocol behaves');
    await expect
      .poll(() =>
        mark.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= window.innerHeight;
        }),
      )
      .toBe(true);
    const turnTime = (await other
      .locator('article', { has: mark })
      .getByRole('button', { name: /^Jump to/ })
      .textContent())!;
    const [m, s] = turnTime.replace('≈ ', '').split(':').map(Number);
    const position = Number(await other.getByRole('slider', { name: 'Seek' }).inputValue());
    expect(position).toBeGreaterThanOrEqual(m! * 60 + s! - 1);
    expect(position).not.toBe(Number(new URL(link!).hash.split('t=')[1]));
    await other.close();
  });
});
