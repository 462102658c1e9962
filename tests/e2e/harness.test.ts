// Proves the e2e harness works end to end: static server (incl. Range requests), Chromium, audio playback.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectPageErrors,
  generatedPath,
  launchBrowser,
  makeSpeechWav,
  makeToneWav,
  startStaticServer,
} from './harness.ts';
import type { StaticServer } from './harness.ts';

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Harness</title><link rel="icon" href="data:," /></head>
  <body><main><button type="button">Play</button></main></body>
</html>
`;

type AudioWindow = { harnessAudio?: HTMLAudioElement };

describe('e2e harness', () => {
  let dir: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let speechWav: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hark-harness-'));
    writeFileSync(join(dir, 'index.html'), INDEX_HTML);
    makeToneWav(join(dir, 'tone.wav'), 3);
    speechWav = makeSpeechWav(generatedPath('harness-hello.wav'), 'Hello from the Hark test harness.');
    server = await startStaticServer(dir, {
      extraDirs: { '/test-audio/': join(speechWav, '..') },
      routes: { '/ping': (_req, res) => res.end('pong') },
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and shows the button', async () => {
    await page.goto(server.url + '/');
    await expect(page.getByRole('button', { name: 'Play' }).isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
  });

  it('answers Range requests with 206 and the right bytes', async () => {
    const wav = readFileSync(join(dir, 'tone.wav'));
    const res = await fetch(server.url + '/tone.wav', { headers: { Range: 'bytes=100-199' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(res.headers.get('content-range')).toBe(`bytes 100-199/${wav.length}`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(wav.subarray(100, 200));

    const tail = await fetch(server.url + '/tone.wav', { headers: { Range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(wav.subarray(wav.length - 10));

    const past = await fetch(server.url + '/tone.wav', { headers: { Range: `bytes=${wav.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${wav.length}`);
  });

  it('serves extra dirs and routes, 404s missing files and blocks traversal', async () => {
    const speech = await fetch(server.url + '/test-audio/harness-hello.wav');
    expect(speech.status).toBe(200);
    expect(Buffer.from(await speech.arrayBuffer())).toEqual(readFileSync(speechWav));
    expect(Buffer.from(readFileSync(speechWav).subarray(0, 4)).toString('ascii')).toBe('RIFF');

    await expect((await fetch(server.url + '/ping')).text()).resolves.toBe('pong');
    expect((await fetch(server.url + '/missing.js')).status).toBe(404);
    expect((await fetch(server.url + '/..%2f..%2fetc%2fpasswd')).status).toBe(404);
    expect((await fetch(server.url + '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('plays audio in headless Chromium (currentTime advances)', async () => {
    await page.evaluate(async () => {
      const audio = new Audio('/tone.wav');
      (window as unknown as AudioWindow).harnessAudio = audio;
      await audio.play();
    });
    await page.waitForFunction(
      () => ((window as unknown as AudioWindow).harnessAudio?.currentTime ?? 0) > 0.5,
      undefined,
      { timeout: 10_000, polling: 100 },
    );
    const state = await page.evaluate(() => {
      const audio = (window as unknown as AudioWindow).harnessAudio;
      return { paused: audio?.paused, duration: audio?.duration, currentTime: audio?.currentTime };
    });
    expect(state.paused).toBe(false);
    expect(state.duration).toBeCloseTo(3, 1);
    expect(state.currentTime).toBeGreaterThan(0.5);
    expect(errors).toEqual([]);
  });
});
