// public/ holds the app's icon and web-app manifest: the built page links them and its CSP lets them load.
import { existsSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { episodeWithLocalAudio, speechWav } from './fixtures.ts';
import { collectPageErrors, launchBrowser, startStaticServer, type StaticServer } from './harness.ts';

describe('icon and web-app manifest', () => {
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

  it('are in public/ and copied into the build', () => {
    for (const name of ['icon.svg', 'manifest.webmanifest']) {
      expect(existsSync(`public/${name}`)).toBe(true);
      expect(readFileSync(`dist/${name}`, 'utf8')).toBe(readFileSync(`public/${name}`, 'utf8'));
    }
  });

  it('load in the built app under its Content-Security-Policy', async () => {
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/#/kelsey-hightower`);
    await page.getByRole('article').first().waitFor();
    await expect(page.locator('meta[http-equiv="Content-Security-Policy"]').count()).resolves.toBe(1);

    const cdp = await page.context().newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as {
      url: string;
      errors: { message: string }[];
      data?: string;
    };
    expect(manifest.url).toBe(`${server.url}/manifest.webmanifest`);
    expect(manifest.errors).toEqual([]);
    const data = JSON.parse(manifest.data ?? '{}') as { name?: string; icons?: { src: string }[] };
    expect(data.name).toBe('Hark');

    // The icon, as the page itself would load it: an image from the link's address, allowed by img-src.
    const icon = await page.evaluate(async () => {
      const href = document.querySelector<HTMLLinkElement>('link[rel="icon"]')!.href;
      const img = new Image();
      img.src = href;
      await img.decode();
      return { href, width: img.naturalWidth };
    });
    expect(icon.href).toBe(`${server.url}/icon.svg`);
    expect(icon.width).toBeGreaterThan(0);
    expect(new URL(data.icons![0]!.src, manifest.url).href).toBe(icon.href);
    expect(errors).toEqual([]);
    await page.close();
  });
});
