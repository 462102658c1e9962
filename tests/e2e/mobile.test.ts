// The episode page on a phone (360×740, touch) and on a desktop: the transcript comes first on the phone, with
// the episode's details behind one button; "Sync here" can be seen without hovering. Geometry, not pixels: a
// screenshot is saved under test-results/ for a person to look at.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, startStaticServer, type StaticServer } from './harness.ts';
import { episodeWithLocalAudio, speechWav } from './fixtures.ts';

const rect = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return {
        top: Math.round(r.top),
        bottom: Math.round(r.bottom),
        width: Math.round(r.width),
        height: r.height,
      };
    }),
  );

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (ctx: Document) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const { violations } = await axe.run(document);
    return violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3)})`);
  });
}

describe('layout', () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startStaticServer('dist', episodeWithLocalAudio(speechWav()));
    browser = await launchBrowser();
    mkdirSync('test-results', { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(options: Parameters<Browser['newPage']>[0]): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage(options);
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/#/kelsey-hightower`);
    await page.getByRole('article').first().waitFor();
    return { page, errors };
  }

  it('on a 360 px phone: transcript first, details behind one button, full-width search, chips in a row', async () => {
    const { page, errors } = await open({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const [firstTurn] = await rect(page, 'article');
    expect(firstTurn!.top).toBeLessThan(740);
    const [player] = await rect(page, '.player-dock');
    expect(firstTurn!.top).toBeLessThan(player!.top);
    const [search] = await rect(page, '#search');
    expect(search!.width).toBeGreaterThanOrEqual(300);
    // The player (with its banner, when there is one) leaves most of the screen to the transcript.
    expect(740 - player!.top).toBeLessThanOrEqual(0.2 * 740);

    const details = page.getByRole('button', { name: 'Episode details' });
    await expect(details.getAttribute('aria-expanded')).resolves.toBe('false');
    const speakers = page.getByRole('heading', { name: 'Speakers' });
    await expect(speakers.isVisible()).resolves.toBe(false);
    await expect(page.getByText('As an engineer at Puppet').isVisible()).resolves.toBe(false);
    await page.screenshot({ path: 'test-results/mobile-360.png' });

    await details.click();
    await expect(details.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(speakers.isVisible()).resolves.toBe(true);
    await expect(page.getByText('As an engineer at Puppet').isVisible()).resolves.toBe(true);
    // The speaker chips sit side by side, each on one line.
    const chips = await rect(page, '.filter .toggle');
    expect(chips).toHaveLength(2);
    expect(new Set(chips.map((c) => c.top)).size).toBe(1);
    const lineHeight = await page
      .locator('.filter .toggle')
      .first()
      .evaluate((el) => {
        const style = getComputedStyle(el);
        return parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.6;
      });
    for (const c of chips) expect(c.height).toBeLessThan(2 * lineHeight);
    // The row scrolls sideways inside itself: the page is no wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'test-results/mobile-360-details.png', fullPage: false });

    // "Sync here" is there without a hover, on turns that are not playing.
    const sync = page.getByRole('article').nth(2).getByRole('button', { name: 'Sync here' });
    await expect(sync.evaluate((el) => getComputedStyle(el).opacity)).resolves.toBe('1');
    await expect(sync.isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('on a 360 px phone: the audio error banner and the player stay compact', async () => {
    // The episode's own audio address, which the test machine cannot reach.
    const offline = await startStaticServer('dist');
    const page = await browser.newPage({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      await page.goto(`${offline.url}/#/kelsey-hightower`);
      const banner = page.getByRole('region', { name: 'Player' }).getByRole('alert');
      await banner.waitFor();
      await expect(banner.textContent()).resolves.toContain('Open a local copy of the audio');
      const [player] = await rect(page, '.player-dock');
      expect(740 - player!.top).toBeLessThanOrEqual(0.2 * 740);
      const [firstTurn] = await rect(page, 'article');
      expect(firstTurn!.top).toBeLessThan(player!.top);
      await page.screenshot({ path: 'test-results/mobile-360-audio-error.png' });
    } finally {
      await page.close();
      await offline.close();
    }
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`on a 360 px phone in ${colorScheme} mode: no axe violations with the details and the results open`, async () => {
      // axe is injected as an inline script, which the app's Content-Security-Policy rightly refuses.
      const { page } = await open({
        viewport: { width: 360, height: 740 },
        isMobile: true,
        hasTouch: true,
        colorScheme,
        bypassCSP: true,
      });
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Episode details' }).click();
      await page.getByRole('searchbox', { name: 'Search transcript' }).fill('kubernets tatoo');
      await page.getByRole('region', { name: 'Search results' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    });
  }

  it('on a desktop: details shown as before, and "Sync here" visible without hover, with a visible focus', async () => {
    const { page, errors } = await open({ viewport: { width: 1280, height: 800 } });
    await expect(page.getByRole('button', { name: 'Episode details' }).isVisible()).resolves.toBe(false);
    await expect(page.getByRole('heading', { name: 'Speakers' }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('As an engineer at Puppet').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('list', { name: 'Speakers' }).isVisible()).resolves.toBe(true);

    await page.mouse.move(0, 0);
    const sync = page.getByRole('article').nth(2).getByRole('button', { name: 'Sync here' });
    await expect(sync.evaluate((el) => getComputedStyle(el).opacity)).resolves.toBe('1');
    await expect(sync.isVisible()).resolves.toBe(true);
    // Keyboard focus shows.
    await page
      .getByRole('article')
      .nth(2)
      .getByRole('button', { name: /^Jump to/ })
      .focus();
    await page.keyboard.press('Tab');
    await expect(sync.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(
      sync.evaluate((el) => el.matches(':focus-visible') && getComputedStyle(el).outlineStyle !== 'none'),
    ).resolves.toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
