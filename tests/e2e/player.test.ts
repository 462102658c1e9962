// The player in real Chromium with real audio: Howler (html5) streams a generated speech WAV over HTTP.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, startStaticServer, type StaticServer } from './harness.ts';
import { defaultEpisode, episodeWithLocalAudio, speechWav } from './fixtures.ts';

/** Seconds from the seek slider's value. */
async function position(page: Page): Promise<number> {
  return Number(await page.getByRole('slider', { name: 'Seek' }).inputValue());
}

async function activeTurnIndex(page: Page): Promise<number> {
  return page.evaluate(() => {
    const el = document.querySelector('article[aria-current="true"]');
    return el ? Number(el.id.replace('turn-', '')) : -1;
  });
}

/** Starts playback and waits until the audio has really moved. */
async function play(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
  await expect.poll(() => position(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
}

/** Seconds of a turn's "Jump to" label ("≈ 1:23" → 83). */
async function turnTime(page: Page, turn: number): Promise<number> {
  const label = await page
    .getByRole('article')
    .nth(turn)
    .getByRole('button', { name: /^Jump to/ })
    .textContent();
  const [m, s] = label!.trim().replace('≈ ', '').split(':').map(Number);
  return m! * 60 + s!;
}

/** Where an element is against the viewport, in CSS pixels. */
function placement(page: Page, selector: string): Promise<{ top: number; bottom: number; height: number }> {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: window.innerHeight };
  });
}

/** Wholly inside the viewport, or (if taller than it) across its middle: where "scroll into view" puts it. */
function inView({ top, bottom, height }: { top: number; bottom: number; height: number }): boolean {
  return bottom - top <= height ? top >= 0 && bottom <= height : top <= height / 2 && bottom >= height / 2;
}

describe('listening in Chromium', () => {
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

  // Each test starts from the same place: a new browser context (empty storage), the episode opened, paused at 0.
  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    errors = collectPageErrors(page);
    await page.goto(`${server.url}/#/kelsey-hightower`);
    await page.getByRole('article').first().waitFor();
    // The WAV's duration arrives with its metadata; the slider's maximum follows it.
    await page.waitForFunction(
      () => document.querySelector('input[aria-label="Seek"]')?.getAttribute('max') === '144',
    );
  });

  afterEach(async () => {
    expect(errors.filter((e) => !/HTML5 Audio pool/.test(e))).toEqual([]);
    await context?.close();
  });

  it('plays, and the highlight moves with the audio', async () => {
    await play(page);
    await expect.poll(() => position(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const first = await activeTurnIndex(page);
    expect(first).toBeGreaterThanOrEqual(0);
    await expect.poll(() => activeTurnIndex(page), { timeout: 15_000 }).toBeGreaterThan(first);
    const slider = page.getByRole('slider', { name: 'Seek' });
    await expect(slider.getAttribute('aria-valuetext')).resolves.toMatch(/^\d+:\d\d of 2:24$/);
  });

  it('changes only the turns that stop or start being active while playing', async () => {
    await play(page);
    // Record DOM mutations inside the transcript while the active turn changes twice (at most 20 s).
    const report = await page.evaluate(async () => {
      const transcript = document.getElementById('transcript')!;
      const records: MutationRecord[] = [];
      const observer = new MutationObserver((list) => records.push(...list));
      observer.observe(transcript, { subtree: true, childList: true, attributes: true, characterData: true });
      const activeSeen = new Set<string>();
      const start = performance.now();
      await new Promise<void>((resolve) => {
        const frame = (): void => {
          const a = document.querySelector('article[aria-current="true"]');
          if (a) activeSeen.add(a.id);
          if (activeSeen.size < 3 && performance.now() - start < 20_000) requestAnimationFrame(frame);
          else resolve();
        };
        requestAnimationFrame(frame);
      });
      observer.disconnect();
      const touched = new Set(
        records.map(
          (r) =>
            ((r.target as Element).closest?.('article') ?? r.target.parentElement?.closest('article'))?.id ??
            'outside',
        ),
      );
      return {
        total: records.length,
        childList: records.filter((r) => r.type === 'childList').length,
        text: records.filter((r) => r.type === 'characterData').length,
        touched: [...touched],
        activeSeen: [...activeSeen],
      };
    });
    expect(report.activeSeen.length).toBe(3);
    expect(report.childList).toBe(0);
    expect(report.text).toBe(0);
    // Only articles that were active during the window were touched.
    expect(report.touched.length).toBeLessThanOrEqual(report.activeSeen.length);
    expect(report.touched).not.toContain('outside');
    // Per change: the old and new article's class and aria-current, and their speaking paragraph.
    expect(report.total).toBeLessThanOrEqual(8 * report.activeSeen.length);
  });

  it('jumps to a turn when its time is activated, and keeps it in view', async () => {
    // Far below the first screen to begin with.
    const before = await placement(page, '#turn-20');
    expect(before.top).toBeGreaterThan(before.height);
    const turn = page.getByRole('article').nth(20);
    const timeButton = turn.getByRole('button', { name: /^Jump to/ });
    await expect(timeButton.textContent()).resolves.toMatch(/^\s*≈ \d+:\d\d\s*$/);
    const time = await turnTime(page, 20);
    await timeButton.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => activeTurnIndex(page)).toBe(20);
    await expect.poll(async () => Math.abs((await position(page)) - time)).toBeLessThanOrEqual(2);
    // In view: wholly inside the viewport, or across its middle if it is taller than the viewport.
    await expect.poll(async () => inView(await placement(page, '#turn-20'))).toBe(true);
  });

  it('pauses following when the reader scrolls away, and "Back to now" returns', async () => {
    await play(page);
    await page.mouse.move(400, 300);
    await page.mouse.wheel(0, 3000);
    const back = page.getByRole('button', { name: 'Back to now' });
    await back.waitFor();
    // Scrolled away: the playing turn is out of view.
    await expect
      .poll(async () => {
        const { top, bottom, height } = await placement(page, 'article[aria-current="true"]');
        return bottom <= 0 || top >= height;
      })
      .toBe(true);
    await back.click();
    await back.waitFor({ state: 'detached' });
    await expect
      .poll(async () => {
        const { top, bottom, height } = await placement(page, 'article[aria-current="true"]');
        return bottom > 0 && top < height;
      })
      .toBe(true);
  });

  it('"Sync here" anchors a turn at the current time and later estimates move', async () => {
    await page.getByRole('slider', { name: 'Seek' }).fill('30');
    await play(page);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    const now = await position(page);
    const target = page.getByRole('article').nth(5);
    const later = page
      .getByRole('article')
      .nth(30)
      .getByRole('button', { name: /^Jump to/ });
    const laterBefore = await later.textContent();
    await target.getByRole('button', { name: 'Sync here' }).click();
    // The synced turn starts now: it is highlighted, its start is shown exactly, and it says so.
    await expect.poll(() => activeTurnIndex(page)).toBe(5);
    const label = (await target.getByRole('button', { name: /^Jump to/ }).textContent())!.trim();
    expect(label).not.toMatch(/≈/);
    const [m, s] = label.split(':').map(Number);
    expect(m! * 60 + s!).toBeLessThanOrEqual(now + 1);
    await expect(target.getByText('synced', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(later.textContent()).resolves.not.toBe(laterBefore);
    await page.getByRole('region', { name: 'Your sync points' }).waitFor();
    // It is stored per episode and survives a reload.
    const stored = await page.evaluate(() => localStorage.getItem('hark:anchors:kelsey-hightower'));
    expect(JSON.parse(stored!)).toEqual([{ turn: 5, paragraph: 0, offset: 0, time: expect.any(Number) }]);
    await page.reload();
    await page.getByRole('region', { name: 'Your sync points' }).waitFor();
    await expect(
      page.getByRole('article').nth(5).getByText('synced', { exact: true }).isVisible(),
    ).resolves.toBe(true);
  });

  it('remembers the position and offers to resume after a reload', async () => {
    await page.getByRole('slider', { name: 'Seek' }).fill('37');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.reload();
    const resume = page.getByRole('button', { name: /^Resume at 0:3[7-9]$/ });
    await resume.waitFor();
    await resume.click();
    await expect.poll(() => position(page)).toBeGreaterThanOrEqual(37);
  });

  it('opens at the moment in the URL, also when the link is followed on the same page', async () => {
    // A new hash on the page that is already open: the view opens afresh at the moment.
    await page.goto(`${server.url}/#/kelsey-hightower?t=90`);
    await page.getByRole('article').first().waitFor();
    await expect.poll(() => position(page)).toBe(90);
    // The moment is where to arrive, once: it leaves the address, so a reload resumes instead.
    await expect.poll(() => new URL(page.url()).hash).toBe('#/kelsey-hightower');
    await expect
      .poll(async () => {
        const { top, bottom, height } = await placement(page, 'article[aria-current="true"]');
        return bottom > 0 && top < height;
      })
      .toBe(true);
  });

  it('has keyboard shortcuts and a help overlay', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('k');
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await page.keyboard.press('k');
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    const before = await position(page);
    await page.keyboard.press('l');
    await expect.poll(() => position(page)).toBeGreaterThanOrEqual(before + 29);
    // Shift+← goes to the start of the turn before the active one. From the middle of a turn at least four
    // seconds long, so that no turn boundary is near wherever the audio element settles.
    const starts = await Promise.all(Array.from({ length: 30 }, (_, i) => turnTime(page, i)));
    const turn = starts.findIndex((start, i) => i >= 2 && i < 29 && starts[i + 1]! - start >= 4);
    expect(turn).toBeGreaterThanOrEqual(2);
    await page.getByRole('slider', { name: 'Seek' }).fill(String(starts[turn]! + 2));
    await expect.poll(() => activeTurnIndex(page)).toBe(turn);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(() => activeTurnIndex(page)).toBe(turn - 1);
    expect(Math.abs((await position(page)) - starts[turn - 1]!)).toBeLessThanOrEqual(1);
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('Skip back 15 seconds');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: 'Playback speed' }).selectOption('1.5');
    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Playback speed' }).inputValue()).resolves.toBe('1.5');
  });
});

describe('when the episode audio is unreachable', () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startStaticServer('dist', {
      routes: {
        '/episodes/kelsey-hightower.json': (_req, res) => {
          const episode = JSON.parse(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
          // A closed port on loopback: refused at once, like a server that is down.
          episode.audio.src = 'http://127.0.0.1:9/episode.mp3';
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify(episode));
        },
      },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says so plainly, and a local file then plays', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/audio server can’t be reached.*Open a local copy/);
    // The transcript stays usable.
    await expect(page.getByRole('article').count()).resolves.toBe(defaultEpisode.turns.length);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open a local audio file' }).click();
    await (await chooser).setFiles(speechWav());
    // Opened audio loads paused, as for every episode; Play starts it.
    await page.getByText('Ready to play your file kelsey-start.wav').waitFor();
    await page.getByRole('button', { name: 'Play' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await alert.waitFor({ state: 'detached' });
    await expect.poll(() => position(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => activeTurnIndex(page)).toBeGreaterThanOrEqual(0);
  });
});
