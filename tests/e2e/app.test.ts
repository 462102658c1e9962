// The built app in real Chromium: the default episode, the error views, a damaged episode file.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Episode } from '../../src/lib/episode/types.ts';
import { collectPageErrors, launchBrowser, startStaticServer, type StaticServer } from './harness.ts';

const episode = JSON.parse(readFileSync('episodes/kelsey-hightower.json', 'utf8')) as Episode;
const TURNS = episode.turns.length;
const turnsBy = (speaker: string): number => episode.turns.filter((t) => t.speaker === speaker).length;

describe('the app in Chromium', () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startStaticServer('dist', {
      routes: {
        '/episodes/broken.json': (_req, res) => {
          res.setHeader('Content-Type', 'application/json');
          res.end(
            JSON.stringify({ ...episode, slug: 'broken', turns: [{ speaker: 'bob', paragraphs: ['hi'] }] }),
          );
        },
        '/episodes/truncated.json': (_req, res) => {
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify(episode).slice(0, 5000));
        },
      },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    errors = collectPageErrors(page);
  });

  /** Page errors, less the failed requests for the episode's remote audio (this machine is offline). */
  const appErrors = (): string[] => errors.filter((e) => !/Failed to load resource: net::ERR_/.test(e));

  it('opens on the default episode with every turn by Beyang Liu and Kelsey Hightower', async () => {
    await page.goto(`${server.url}/`);
    await page
      .getByRole('heading', { level: 1, name: /Kelsey Hightower, Kubernetes and Google Cloud/ })
      .waitFor();
    await expect(page.getByRole('article').count()).resolves.toBe(TURNS);
    await expect(page.getByRole('article', { name: /^Beyang Liu/ }).count()).resolves.toBe(
      turnsBy('beyang-liu'),
    );
    await expect(page.getByRole('article', { name: /^Kelsey Hightower/ }).count()).resolves.toBe(
      turnsBy('kelsey-hightower'),
    );
    await expect(page.locator('article p').count()).resolves.toBe(
      episode.turns.reduce((n, t) => n + t.paragraphs.length, 0),
    );
    // The only episode opens directly, and its slug goes into the URL so the link can be shared.
    await expect.poll(() => new URL(page.url()).hash).toBe('#/kelsey-hightower');
    expect(await page.title()).toBe('Episode 16: Kelsey Hightower, Kubernetes and Google Cloud · Hark');
    expect(appErrors()).toEqual([]);
    await page.close();
  });

  it('opens an episode by its URL', async () => {
    await page.goto(`${server.url}/#/kelsey-hightower`);
    await page.getByRole('article').first().waitFor();
    await expect(page.getByRole('article').count()).resolves.toBe(TURNS);
    await page.getByText('Show notes').click();
    const link = page.getByRole('link', { name: 'Raft protocol' });
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    expect(appErrors()).toEqual([]);
    await page.close();
  });

  it('shows a clear error view for a missing episode, with a way back', async () => {
    await page.goto(`${server.url}/#/no-such-episode`);
    await page.getByRole('heading', { name: 'No episode called “no-such-episode” here' }).waitFor();
    await page.getByRole('link', { name: /Kelsey Hightower/ }).click();
    await page.getByRole('article').first().waitFor();
    await expect(page.getByRole('article').count()).resolves.toBe(TURNS);
    await page.close();
  });

  it('shows a failed episode again on going back, without retrying it over and over', async () => {
    let requests = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/episodes/no-such-episode.json')) requests++;
    });
    await page.goto(`${server.url}/#/no-such-episode`);
    await page.getByRole('heading', { name: 'No episode called “no-such-episode” here' }).waitFor();
    expect(requests).toBe(1);
    await page.getByRole('link', { name: /Kelsey Hightower/ }).click();
    await page.getByRole('article').first().waitFor();
    requests = 0;
    await page.goBack();
    await page.getByRole('heading', { name: 'No episode called “no-such-episode” here' }).waitFor();
    // Long enough to see a loop that retries every second or two: going back asks at most once.
    await page.waitForTimeout(3000);
    expect(requests).toBeLessThanOrEqual(1);
    await expect(
      page.getByRole('heading', { name: 'No episode called “no-such-episode” here' }).isVisible(),
    ).resolves.toBe(true);
    await page.close();
  });

  it('names the path and problem in a damaged episode, never a blank page', async () => {
    await page.goto(`${server.url}/#/broken`);
    await page.getByRole('heading', { name: 'This episode file is damaged' }).waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      'turns[0].speaker: unknown speaker "bob"',
    );
    await page.goto(`${server.url}/#/truncated`);
    await page.getByRole('alert').filter({ hasText: 'not valid JSON' }).waitFor();
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
    await page.close();
  });
});
