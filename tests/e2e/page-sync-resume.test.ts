// Issue 12's findings on the episode page, in Chromium: what "Sync here" did is shown exactly; the saved
// place survives opening audio and links; opened audio behaves the same everywhere; unknown and local
// episodes; turn steps skip hidden speakers. Issue 10: a link opened without playing keeps the saved place.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, startStaticServer, type StaticServer } from './harness.ts';
import { episodeWithLocalAudio, speechWav } from './fixtures.ts';

const POSITION_KEY = 'hark:position:kelsey-hightower';

/** A WebVTT transcript of a talk other than the default episode: it opens as an episode of its own. */
const OTHER_TALK = [
  'WEBVTT',
  '',
  '00:00.000 --> 00:20.000',
  '<v Alice>Hello there, friends, and welcome to a very different show.',
  '',
  '00:20.000 --> 01:00.000',
  '<v Bob>Thanks Alice. Today we talk about gardening and tomatoes.',
  '',
].join('\n');

describe('the episode page in Chromium', () => {
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let wav: string;

  beforeAll(async () => {
    wav = speechWav();
    server = await startStaticServer('dist', episodeWithLocalAudio(wav));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    errors = collectPageErrors(page);
  });

  afterEach(async () => {
    // A link to an episode that isn't there fetches a file that isn't there: the browser logs the 404.
    expect(errors.filter((e) => !/404|Failed to load resource/.test(e))).toEqual([]);
    await context?.close();
  });

  async function open(hash = '#/kelsey-hightower'): Promise<void> {
    await page.goto(`${server.url}/${hash}`);
    await page.getByRole('article').first().waitFor();
  }

  /** Waits for the audio's duration (the generated speech is 144 s long). */
  async function audioReady(): Promise<void> {
    await page.waitForFunction(
      () => document.querySelector('input[aria-label="Seek"]')?.getAttribute('max') === '144',
    );
  }

  const slider = (): Promise<number> => page.getByRole('slider', { name: 'Seek' }).inputValue().then(Number);

  async function seekTo(seconds: number): Promise<void> {
    await page.getByRole('slider', { name: 'Seek' }).evaluate((el, s) => {
      (el as HTMLInputElement).value = String(s);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, seconds);
  }

  const timeButton = (turn: number) =>
    page
      .getByRole('article')
      .nth(turn)
      .getByRole('button', { name: /^Jump to/ });

  it('finding 1: "Sync here" shows the synced start exactly, in the turn, its label and the list; ±2 s moves it', async () => {
    await open();
    await audioReady();
    await expect(timeButton(20).textContent()).resolves.toMatch(/^≈ /);
    await seekTo(60);
    const turn = page.getByRole('article').nth(20);
    await turn.getByRole('button', { name: 'Sync here' }).click();
    await expect.poll(() => timeButton(20).textContent()).toBe('1:00');
    await expect(timeButton(20).getAttribute('aria-label')).resolves.toBe('Jump to 1:00');
    await expect(turn.getAttribute('aria-label')).resolves.toMatch(/, at 1 minute$/);
    // Other turns keep their "≈".
    await expect(timeButton(21).textContent()).resolves.toMatch(/^≈ /);
    const points = page.getByRole('region', { name: 'Your sync points' });
    await expect(points.getByRole('link').first().textContent()).resolves.toMatch(/^1:00 · .*turn 21/);
    await points.getByRole('button', { name: /2 seconds later/ }).click();
    await expect.poll(() => timeButton(20).textContent()).toBe('1:02');
    await expect(points.getByRole('link').first().textContent()).resolves.toMatch(/^1:02 /);
  });

  it('finding 1: in sync mode, a tap on a sentence anchors that sentence at the current time', async () => {
    await open();
    await audioReady();
    await seekTo(90);
    await page.getByRole('button', { name: 'Sync mode' }).click();
    const paragraph = page.locator('#turn-30 [data-paragraph="0"]');
    await paragraph.click({ position: { x: 5, y: 5 } });
    // The first sentence of turn 31 is its start: the turn now starts exactly at 1:30.
    await expect.poll(() => timeButton(30).textContent()).toBe('1:30');
    const stored = await page.evaluate(() =>
      JSON.parse(localStorage.getItem('hark:anchors:kelsey-hightower')!),
    );
    expect(stored).toEqual([{ turn: 30, paragraph: 0, offset: 0, time: 90 }]);
  });

  it('finding 2: opening the audio after a reload continues from the saved place and keeps it', async () => {
    await open();
    await page.evaluate((key) => localStorage.setItem(key, JSON.stringify({ t: 100 })), POSITION_KEY);
    await page.reload();
    await page.getByRole('button', { name: 'Resume at 1:40' }).waitFor();
    await page.locator('input[type="file"]').setInputFiles(wav);
    await page.getByText('Ready to play your file kelsey-start.wav').waitFor();
    await expect.poll(slider).toBe(100);
    await expect(page.getByRole('button', { name: 'Play' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: /^Resume at/ }).count()).resolves.toBe(0);
    await page.reload();
    await page.getByRole('article').first().waitFor();
    const saved = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)!), POSITION_KEY);
    expect(saved).toMatchObject({ t: 100 });
  });

  it('issue 10: a link to a moment opened without playing leaves the saved place alone; a time past the end is the end', async () => {
    await open();
    await page.evaluate((key) => localStorage.setItem(key, JSON.stringify({ t: 100 })), POSITION_KEY);
    await page.goto('about:blank');
    await open('#/kelsey-hightower?t=30');
    await audioReady();
    await expect.poll(slider).toBe(30);
    await page.goto('about:blank');
    await open('#/kelsey-hightower?t=999999999');
    await audioReady();
    // Howler stops a hair before the end: the clock reads 2:23 or 2:24, never hours.
    await expect.poll(slider).toBeGreaterThanOrEqual(143);
    await expect(page.getByText('277777:46:39').count()).resolves.toBe(0);
    await page.goto('about:blank');
    await open();
    await page.getByRole('button', { name: 'Resume at 1:40' }).waitFor();
  });

  it('finding 3: audio opened with a transcript of another talk loads the same way, with no stale banner', async () => {
    await open();
    // The included episode does not start by itself either.
    await audioReady();
    await expect(page.getByRole('button', { name: 'Play' }).isVisible()).resolves.toBe(true);
    await page.locator('input[type="file"]').setInputFiles([
      { name: 'kelsey-start.wav', mimeType: 'audio/wav', buffer: readFileSync(wav) },
      { name: 'garden.vtt', mimeType: 'text/vtt', buffer: Buffer.from(OTHER_TALK) },
    ]);
    await page.getByRole('heading', { level: 1, name: 'garden' }).waitFor();
    await page.getByText('Ready to play your file kelsey-start.wav').waitFor();
    await expect(page.getByText('This episode has no audio Hark can play').count()).resolves.toBe(0);
    await expect(page.getByText(/^Playing your file/).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Play' }).isVisible()).resolves.toBe(true);
  });

  it('finding 4: an unknown episode says so and offers the list; a local one is kept on this device', async () => {
    await page.goto(`${server.url}/#/no-such-episode`);
    await page.getByRole('heading', { name: 'No episode called “no-such-episode” here' }).waitFor();
    await expect(page.getByText(/damaged/).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: /Kelsey Hightower/ }).count()).resolves.toBe(1);

    await page.goto('about:blank');
    await open();
    await page.locator('input[type="file"]').setInputFiles([
      { name: 'kelsey-start.wav', mimeType: 'audio/wav', buffer: readFileSync(wav) },
      { name: 'garden.vtt', mimeType: 'text/vtt', buffer: Buffer.from(OTHER_TALK) },
    ]);
    await page.getByRole('heading', { level: 1, name: 'garden' }).waitFor();
    expect(page.url()).toMatch(/#\/local-garden$/);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'garden' }).waitFor();
    await page.getByText('open your audio file “kelsey-start.wav” again').waitFor();
    await expect(page.getByText(/damaged/).count()).resolves.toBe(0);

    await page.goto(`${server.url}/#/`);
    const device = page.getByRole('list', { name: 'On this device' });
    await device.getByRole('link', { name: 'garden' }).waitFor();
    await device.getByRole('button', { name: 'Remove garden from this device' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'On this device' }).count()).toBe(0);
    await page.goto('about:blank');
    await page.goto(`${server.url}/#/local-garden`);
    await page.getByRole('heading', { name: 'No episode called “local-garden” here' }).waitFor();
  });

  it('finding 8: with a speaker filter on, Shift+→ and Shift+← step through shown turns only', async () => {
    await open();
    await audioReady();
    await page.getByRole('button', { name: 'Beyang Liu', exact: true }).click();
    const active = () =>
      page.evaluate(() => {
        const el = document.querySelector('article[aria-current="true"]');
        return el ? { turn: Number(el.id.replace('turn-', '')), name: el.getAttribute('aria-label')! } : null;
      });
    await page.locator('body').focus();
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift+ArrowRight');
      await expect.poll(async () => (await active())?.turn ?? -1).toBeGreaterThan(seen.at(-1) ?? 0);
      const now = (await active())!;
      expect(now.name).toMatch(/^Kelsey Hightower/);
      seen.push(now.turn);
    }
    await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(async () => (await active())?.turn).toBe(seen[1]);
  });
});
