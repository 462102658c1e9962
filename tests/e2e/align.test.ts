// "Align with the audio" in Chromium: a conversation generated with espeak-ng (two voices, known turn starts),
// its episode and speech track made by the CLI, the recording opened as a local file and aligned in the
// browser's worker; then the highlighted turn is the one being spoken wherever the audio is.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav, parseWav } from '../../src/cli/align/synth.ts';
import { collectPageErrors, launchBrowser, startStaticServer, type StaticServer } from './harness.ts';

// Voices the aligner does not use, so the speech track and the recording differ as they do for real.
const TURNS = [
  {
    speaker: 'alice',
    voice: 'en-us+m2',
    text: 'Welcome back to the show. Today we talk about gardens in the city, and why so many people are starting one.',
  },
  {
    speaker: 'bob',
    voice: 'en-us+f5',
    text: 'Thanks for having me. I have grown tomatoes on my balcony for ten years, and peppers for five.',
  },
  {
    speaker: 'alice',
    voice: 'en-us+m2',
    text: 'Ten years! What is the hardest part of growing food so high up above the street?',
  },
  {
    speaker: 'bob',
    voice: 'en-us+f5',
    text: 'The wind, mostly. It dries the soil in an afternoon and it breaks the young plants before they are strong.',
  },
  {
    speaker: 'alice',
    voice: 'en-us+m2',
    text: 'So what would you tell someone who wants to start this spring with a small balcony?',
  },
];
/** Seconds before each turn: the first is a musical intro the transcript does not mention. */
const GAPS = [7, 0.6, 0.8, 4, 0.5];
/** Words a minute: one speaker slow, the other fast, so the text alone cannot tell the times. */
const PACE: Record<string, string> = { alice: '130', bob: '215' };
const SLUG = 'balcony-gardens';

describe('Align with the audio, in Chromium', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'hark-e2e-align-'));
  const recording = join(tmp, 'talk.mp3');
  /** Where each turn's speech starts and ends in the recording. */
  const truth: { start: number; end: number }[] = [];
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    const clips = TURNS.map((t) =>
      parseWav(execFileSync('espeak-ng', ['-v', t.voice, '-s', PACE[t.speaker]!, '--stdout', t.text]))!,
    );
    const rate = clips[0]!.sampleRate;
    const parts: Int16Array[] = [];
    let at = 0;
    clips.forEach((clip, i) => {
      const gap = Math.round(GAPS[i]! * rate);
      const pause = new Int16Array(gap);
      // The intro: a few notes, with a fade at the end.
      if (i === 0)
        for (let n = 0; n < gap - rate; n++) {
          const hz = [262, 330, 392, 523][Math.floor((n / rate) * 2) % 4]!;
          pause[n] = Math.round(6000 * Math.sin((2 * Math.PI * hz * n) / rate));
        }
      parts.push(pause);
      at += gap;
      const onset = clip.samples.findIndex((s) => Math.abs(s) > 500);
      truth.push({ start: (at + onset) / rate, end: (at + clip.samples.length) / rate });
      parts.push(clip.samples);
      at += clip.samples.length;
    });
    parts.push(new Int16Array(rate));
    const all = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
    let k = 0;
    for (const p of parts) {
      all.set(p, k);
      k += p.length;
    }
    writeFileSync(join(tmp, 'talk.wav'), encodeWav(all, rate));
    // Published as podcasts usually are: MP3, 44.1 kHz stereo (the app streams it through WebCodecs).
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-i',
      join(tmp, 'talk.wav'),
      '-ar',
      '44100',
      '-ac',
      '2',
      recording,
    ]);
    writeFileSync(
      join(tmp, `${SLUG}.json`),
      JSON.stringify({
        format: 'hark-episode/1',
        slug: SLUG,
        title: 'Balcony gardens',
        speakers: [
          { id: 'alice', name: 'Alice', aliases: [] },
          { id: 'bob', name: 'Bob', aliases: [] },
        ],
        turns: TURNS.map((t) => ({ speaker: t.speaker, paragraphs: [t.text] })),
        audio: null,
      }),
    );
    const made = spawnSync(process.execPath, ['bin/hark.js', 'speech', join(tmp, `${SLUG}.json`)], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (made.status !== 0) throw new Error(`hark speech failed: ${made.stderr}`);
    const serve =
      (file: string, type: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
        res.setHeader('Content-Type', type);
        res.end(readFileSync(join(tmp, file)));
      };
    server = await startStaticServer('dist', {
      routes: {
        [`/episodes/${SLUG}.json`]: serve(`${SLUG}.json`, 'application/json'),
        [`/episodes/${SLUG}.speech`]: serve(`${SLUG}.speech`, 'application/octet-stream'),
      },
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const activeTurn = (): Promise<number> =>
    page
      .getByRole('article')
      .evaluateAll((els) => els.findIndex((e) => e.getAttribute('aria-current') === 'true'));

  async function seekTo(seconds: number): Promise<void> {
    await page.getByRole('slider', { name: 'Seek' }).evaluate((el, s) => {
      (el as HTMLInputElement).value = String(s);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, seconds);
  }

  it('aligns a local recording in the worker and highlights the turn being spoken', async () => {
    await page.goto(`${server.url}/#/${SLUG}`);
    await page.getByRole('article').first().waitFor();
    // Not offered until a local recording is open.
    expect(await page.getByRole('button', { name: 'Align with the audio' }).count()).toBe(0);
    await page.locator('input[type="file"]').setInputFiles(recording);
    await page.getByText('Ready to play your file talk.mp3').waitFor();
    // The premise: from the text alone, the highlight is on the wrong turn at some of these moments.
    let wrong = 0;
    for (const [i, turn] of truth.entries()) {
      for (const at of [turn.start + 0.6, turn.end - 0.4]) {
        await seekTo(at);
        await expect
          .poll(() => page.getByRole('slider', { name: 'Seek' }).inputValue().then(Number))
          .toBeCloseTo(at, 0);
        if ((await activeTurn()) !== i) wrong++;
      }
    }
    expect(wrong).toBeGreaterThanOrEqual(2);

    await page.getByRole('button', { name: 'Align with the audio' }).click();
    await page
      .getByText(/^Aligned with the audio: \d of 5 turns placed exactly/)
      .waitFor({ timeout: 90_000 });
    expect(await page.getByRole('progressbar').count()).toBe(0);
    const placed = Number(/: (\d) of 5/.exec((await page.getByText(/^Aligned with/).textContent())!)![1]);
    expect(placed).toBeGreaterThanOrEqual(4);

    // Seek into each turn (just after it starts, and just before it ends).
    for (const [i, turn] of truth.entries()) {
      for (const at of [turn.start + 0.6, turn.end - 0.4]) {
        await seekTo(at);
        await expect.poll(activeTurn, { message: `at ${at.toFixed(2)} s` }).toBe(i);
      }
    }
    // Play across a turn change: the highlight moves on with the speech.
    await seekTo(truth[2]!.end - 1);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(activeTurn, { timeout: 10_000 }).toBe(3);
    const now = await page.getByRole('slider', { name: 'Seek' }).inputValue().then(Number);
    expect(now).toBeGreaterThanOrEqual(truth[3]!.start - 0.4);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();

    // Kept on this device: after a reload, without the recording, the placed starts are still exact.
    await page.reload();
    await page.getByRole('article').first().waitFor();
    const labels = await page
      .getByRole('button', { name: /^Jump to/ })
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(labels.filter((l) => !l.includes('about')).length).toBe(placed);
    expect(errors).toEqual([]);
  });
});
