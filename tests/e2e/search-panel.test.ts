// Searching from the middle of an episode: the results open where the reader is looking, under the search field.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, startStaticServer, type StaticServer } from './harness.ts';
import { episodeWithLocalAudio, speechWav } from './fixtures.ts';

describe('search results panel', () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startStaticServer('dist', episodeWithLocalAudio(speechWav()));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The element's box and the viewport, rounded to whole pixels. */
  const boxOf = (page: Page, selector: string) =>
    page.locator(selector).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return {
        top: Math.round(r.top),
        bottom: Math.round(r.bottom),
        left: Math.round(r.left),
        right: Math.round(r.right),
        width: window.innerWidth,
        height: window.innerHeight,
      };
    });

  it('stays above the player when searching from the top of the page on a phone', async () => {
    const page = await browser.newPage({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    await page.goto(`${server.url}/#/kelsey-hightower`);
    await page.getByRole('article').first().waitFor();
    await page.getByRole('searchbox', { name: 'Search transcript' }).fill('kubernetes');
    await page.getByRole('region', { name: 'Search results' }).waitFor();
    const box = await boxOf(page, 'section.results');
    const player = await boxOf(page, '.player-dock');
    expect(box.top).toBeGreaterThan(0);
    expect(box.bottom).toBeLessThanOrEqual(player.top);
    // Scrolled on, the field sticks at the top and the panel grows into the room.
    await page.evaluate(() => window.scrollBy(0, 1500));
    await expect
      .poll(async () => {
        const now = await boxOf(page, 'section.results');
        return now.bottom - now.top > box.bottom - box.top && now.bottom <= player.top;
      })
      .toBe(true);
    await page.close();
  });

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 360, height: 740 },
  ]) {
    it(`opens in view when searching mid-episode at ${viewport.width}×${viewport.height}`, async () => {
      const page = await browser.newPage({ viewport });
      const errors = collectPageErrors(page);
      await page.goto(`${server.url}/#/kelsey-hightower`);
      await page.getByRole('article').first().waitFor();
      // Halfway down the transcript.
      await page.getByRole('article').nth(25).scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, 200));
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(2000);
      const place = page.getByRole('article').nth(25);
      const before = await place.evaluate((el) => Math.round(el.getBoundingClientRect().top));

      await page.getByRole('searchbox', { name: 'Search transcript' }).fill('kubernets tatoo');
      const counter = page.locator('.search [aria-live]');
      await expect.poll(() => counter.textContent()).toBe('2 matches');
      const results = page.getByRole('region', { name: 'Search results' });
      await results.waitFor();
      // The reader's place did not move, and the whole panel is on screen, above the player.
      const after = await place.evaluate((el) => Math.round(el.getBoundingClientRect().top));
      expect(Math.abs(after - before)).toBeLessThanOrEqual(1);
      const box = await boxOf(page, 'section.results');
      const player = await boxOf(page, '.player-dock');
      expect(box.top).toBeGreaterThanOrEqual(0);
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(box.width);
      expect(box.bottom).toBeLessThanOrEqual(player.top);
      expect(box.bottom - box.top).toBeGreaterThan(100);
      // Its results are visible and usable.
      const first = results.getByRole('listitem').first();
      const item = await first.evaluate((el) => el.getBoundingClientRect().bottom);
      expect(item).toBeLessThanOrEqual(box.bottom);
      await expect(first.textContent()).resolves.toContain('Kubernetes tattoo');

      // Escape closes the panel and keeps the search; choosing a match shows it.
      await page.keyboard.press('Escape');
      await expect.poll(() => results.count()).toBe(0);
      await expect.poll(() => counter.textContent()).toBe('2 matches');
      await page.getByRole('searchbox', { name: 'Search transcript' }).click();
      await results.getByRole('listitem').nth(1).getByRole('button').first().click();
      await expect.poll(() => counter.textContent()).toBe('2 of 2');
      await expect.poll(() => results.count()).toBe(0);
      const match = page.locator('article p.current-match');
      await expect
        .poll(() =>
          match.evaluate((el) => {
            const r = el.getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight;
          }),
        )
        .toBe(true);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
