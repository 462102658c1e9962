// Timed transcripts in the app: drop a WebVTT file and see exact times; open a transcript with its audio;
// download the transcript.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportTranscript } from '../../src/lib/formats/index.ts';
import { buildTimeline, layoutText } from '../../src/lib/timing/timeline.ts';
import { collectPageErrors, launchBrowser, startStaticServer, type StaticServer } from './harness.ts';
import { defaultEpisode, episodeWithLocalAudio, speechWav } from './fixtures.ts';

/**
 * A WebVTT transcript of the default episode with real-looking times: 150 s, spread by the text. With
 * `known`, the turn times are written as known ones (as a transcription service would); without, they are
 * Hark's estimates and the file says so.
 */
function vttOfDefaultEpisode(known = true): string {
  const timeline = buildTimeline(defaultEpisode.turns, layoutText(defaultEpisode.turns), { duration: 150 });
  return exportTranscript(
    defaultEpisode,
    {
      turnStarts: timeline.turnStarts,
      paragraphStarts: timeline.paragraphStarts,
      duration: 150,
      ...(known ? { exact: defaultEpisode.turns.map(() => true) } : {}),
    },
    'vtt',
  );
}

/** Drops files on the page the way a browser does: a DataTransfer with File objects. */
async function dropFiles(page: Page, files: { name: string; type: string; base64: string }[]): Promise<void> {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

describe('timed transcripts in Chromium', () => {
  let server: StaticServer;
  let browser: Browser;
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

  beforeEach(async () => {
    page = await browser.newPage({ acceptDownloads: true });
    page.setDefaultTimeout(10_000);
    errors = collectPageErrors(page);
    await page.goto(`${server.url}/#/kelsey-hightower`);
    await page.getByRole('article').first().waitFor();
  });

  afterEach(async () => {
    await page?.close();
  });

  const timeLabel = (p: Page, turn: number): Promise<string | null> =>
    p
      .getByRole('article')
      .nth(turn)
      .getByRole('button', { name: /^Jump to/ })
      .textContent();

  it('gives the turns exact times when a WebVTT transcript of the episode is dropped', async () => {
    await expect(timeLabel(page, 10)).resolves.toMatch(/^≈ /);
    const vtt = vttOfDefaultEpisode();
    await dropFiles(page, [
      { name: 'kelsey.vtt', type: 'text/vtt', base64: Buffer.from(vtt).toString('base64') },
    ]);
    await page
      .getByRole('status')
      .filter({ hasText: 'turns now have exact times from kelsey.vtt' })
      .waitFor();
    // Exact times show without "≈", and match the file.
    const label = (await timeLabel(page, 10))!.trim();
    expect(label).toMatch(/^\d+:\d\d$/);
    const cue = vtt
      .split('\n\n')
      .find((block) => block.includes(defaultEpisode.turns[10]!.paragraphs[0]!.slice(0, 40)))!;
    const [, mm, ss] = /^00:(\d\d):(\d\d)\.\d{3} -->/m.exec(cue)!;
    expect(label).toBe(`${Number(mm)}:${ss}`);
    await expect(page.getByRole('article').nth(10).getAttribute('aria-label')).resolves.toMatch(/, at \d/);
    expect(errors.filter((e) => !/net::ERR_/.test(e))).toEqual([]);
  });

  it('shows what it left out of a dropped file it could otherwise read', async () => {
    const vtt = `${vttOfDefaultEpisode()}\n99:99:99.999 --> x\nA cue with a broken timing.\n`;
    await dropFiles(page, [
      { name: 'kelsey.vtt', type: 'text/vtt', base64: Buffer.from(vtt).toString('base64') },
    ]);
    const alert = page.getByRole('alert').filter({ hasText: 'turns now have exact times from kelsey.vtt' });
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(
      /One problem in the file: Line \d+: cue left out: "99:99:99\.999 --> x" is not a cue timing\./,
    );
    await expect(timeLabel(page, 10)).resolves.toMatch(/^\d+:\d\d$/);
  });

  it('does not take the times of an export of estimated times for exact ones', async () => {
    await dropFiles(page, [
      {
        name: 'estimated.vtt',
        type: 'text/vtt',
        base64: Buffer.from(vttOfDefaultEpisode(false)).toString('base64'),
      },
    ]);
    await page.getByRole('alert').filter({ hasText: 'estimated.vtt are marked as estimated' }).waitFor();
    await expect(timeLabel(page, 10)).resolves.toMatch(/^≈ /);
  });

  it('says clearly what is wrong with a broken transcript file, and keeps everything else', async () => {
    await dropFiles(page, [
      {
        name: 'broken.vtt',
        type: 'text/vtt',
        base64: Buffer.from('WEBVTT\n\n00:01 --> x\nHello').toString('base64'),
      },
    ]);
    const alert = page.getByRole('alert').filter({ hasText: 'broken.vtt' });
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/broken\.vtt: .*line/i);
    await expect(page.getByRole('article').count()).resolves.toBe(defaultEpisode.turns.length);
  });

  it('opens a transcript of another episode with its audio, from the picker', async () => {
    const srt = [
      '1\n00:00:00,000 --> 00:00:04,000\nAda Lovelace: Welcome to a tiny test episode.\n',
      '2\n00:00:04,000 --> 00:00:09,500\nGrace Hopper: Thanks. A ship in port is safe, but that is not what ships are for.\n',
      '3\n00:00:09,500 --> 00:00:14,000\nAda Lovelace: Well said.\n',
    ].join('\n');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open a local audio file' }).click();
    await (
      await chooser
    ).setFiles([
      { name: 'tiny-test.srt', mimeType: 'application/x-subrip', buffer: Buffer.from(srt) },
      { name: 'kelsey-start.wav', mimeType: 'audio/wav', buffer: readFileSync(speechWav()) },
    ]);
    await page.getByRole('heading', { level: 1, name: 'tiny-test' }).waitFor();
    await expect(page.getByRole('article').count()).resolves.toBe(3);
    await expect(page.getByRole('article', { name: /^Grace Hopper, at 4 seconds/ }).count()).resolves.toBe(1);
    await page.getByText('Ready to play your file kelsey-start.wav').waitFor();
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => page.locator('article[aria-current="true"]').count()).toBe(1);
    expect(new URL(page.url()).hash).toMatch(/^#\/local-tiny-test/);
  });

  it('downloads the transcript in each format, and the menu closes after each', async () => {
    const menu = page.locator('details', { has: page.getByText('Download transcript') });
    const isOpen = (): Promise<boolean> => menu.evaluate((d) => (d as HTMLDetailsElement).open);
    for (const [label, ext, check] of [
      // The times are estimates, and the files say so.
      [
        'WebVTT',
        'vtt',
        /^WEBVTT\n\nNOTE Times after .*\n\nNOTE estimated\n\n00:00:00\.000 --> .*\n<v Beyang Liu>Alright, I'm here/,
      ],
      [
        'SubRip',
        'srt',
        /^# Hark: estimated times in cues 1-\d+\n\n1\n00:00:00,000 --> .*\nBeyang Liu: Alright/,
      ],
      ['Podcasting 2.0 JSON', 'json', /"speaker": "Beyang Liu",[^}]*"estimated": true/],
      ['Plain text', 'txt', /Beyang Liu \(≈ 0:00\)/],
      ['Markdown', 'md', /^# Episode 16/],
    ] as const) {
      await page.getByText('Download transcript').click();
      await expect.poll(isOpen).toBe(true);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: new RegExp(`^${label}`) }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(`kelsey-hightower.${ext}`);
      const text = readFileSync((await file.path())!, 'utf8');
      expect(text).toMatch(check);
      await expect.poll(isOpen).toBe(false);
      await expect(page.getByRole('button', { name: /^WebVTT/ }).isVisible()).resolves.toBe(false);
    }
  });
});
