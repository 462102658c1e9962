// Accessibility of the episode view in Chromium: axe-core in light and dark mode, and the mobile layout.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startStaticServer, type StaticServer } from './harness.ts';
import { episodeWithLocalAudio, speechWav } from './fixtures.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: unknown[] }> } })
      .axe;
    return (await axe.run(document)).violations;
  });
  return (violations as AxeViolation[]).map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')})`,
  );
}

describe('accessibility', () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    // Chapters too, so that the chapter list and the player's current chapter are checked.
    const chapters = [
      { title: 'Getting started', start: 0 },
      { title: 'The first GopherCon', start: 40 },
      { title: 'Kubernetes', start: 100 },
    ];
    server = await startStaticServer('dist', episodeWithLocalAudio(speechWav(), { chapters }));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations on the episode view in ${colorScheme} mode, playing`, async () => {
      // axe is injected as an inline script, which the app's Content-Security-Policy rightly refuses.
      const page = await browser.newPage({ colorScheme, bypassCSP: true });
      page.setDefaultTimeout(15_000);
      await page.goto(`${server.url}/#/kelsey-hightower`);
      await page.getByRole('article').first().waitFor();
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
      const seek = page.getByRole('slider', { name: 'Seek' });
      await expect.poll(async () => Number(await seek.inputValue())).toBeGreaterThanOrEqual(1);
      await page.locator('article[aria-current="true"]').waitFor();
      await page.getByLabel('Current chapter').waitFor();
      // Everything that can be on screen at once: show notes, chapters, search results with marks, and
      // dividers for a hidden speaker's turns.
      await page.getByText('Show notes').click();
      const chapter = page.getByRole('button', { name: /The first GopherCon/ });
      if (!(await chapter.isVisible())) await page.getByText('Chapters', { exact: true }).click();
      await chapter.waitFor();
      await page.getByRole('searchbox', { name: 'Search transcript' }).fill('kubernetes');
      await page.getByRole('region', { name: 'Search results' }).waitFor();
      await page.locator('#transcript mark').first().waitFor();
      await page.getByRole('button', { name: 'Kelsey Hightower', exact: true }).click();
      await page
        .getByRole('button', { name: /^\d+ turns? hidden$/ })
        .first()
        .waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      // It was playing all along.
      await expect(page.getByRole('button', { name: 'Pause', exact: true }).count()).resolves.toBe(1);
      await page.close();
    });
  }

  it('docks the player at the bottom on a 360 px wide phone, with the transcript scrolling above it', async () => {
    const page = await browser.newPage({
      viewport: { width: 360, height: 740 },
      hasTouch: true,
      isMobile: true,
    });
    await page.goto(`${server.url}/#/kelsey-hightower`);
    await page.getByRole('article').first().waitFor();
    const player = page.getByRole('region', { name: 'Player' });
    const box = (await player.boundingBox())!;
    expect(Math.round(box.y + box.height)).toBe(740);
    expect(box.width).toBeLessThanOrEqual(360);
    // Nothing is wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // The last turn can be scrolled above the player.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const last = (await page.getByRole('article').last().boundingBox())!;
    expect(last.y + last.height).toBeLessThanOrEqual(box.y + 1);
    for (const name of [
      'Play',
      'Skip back 15 seconds',
      'Skip forward 30 seconds',
      'Open a local audio file',
    ]) {
      await expect(page.getByRole('button', { name, exact: true }).isVisible()).resolves.toBe(true);
    }
    await expect(page.getByRole('slider', { name: 'Seek' }).isVisible()).resolves.toBe(true);
    await page.close();
  });
});
