// Word-level read-along in Chromium: an episode made from a word-level transcript of real speech (each word
// spoken by espeak-ng in its own slot, so its time is known), played with Howler; the word being spoken is
// marked with the CSS Custom Highlight API and the transcript's DOM does not change.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { episodeFromTranscript } from '../../src/lib/formats/index.ts';
import type { TimedSegment } from '../../src/lib/formats/types.ts';
import {
  collectPageErrors,
  generatedPath,
  launchBrowser,
  startStaticServer,
  type StaticServer,
} from './harness.ts';
import { episodeWithLocalAudio } from './fixtures.ts';

/** Each word's slot in the recording, seconds: the word is spoken at its start, then silence. */
const SLOT = 1;
const SPOKEN: [speaker: string, text: string][] = [
  ['Priya Raman', 'Welcome to Hark radio.'],
  ['Tom Weir', 'Glad to be here.'],
  ['Priya Raman', 'Let us begin.'],
];

/** Writes the recording (unless it exists) and returns it with the word-level transcript of it. */
function wordRecording(): { wav: string; segments: TimedSegment[] } {
  const dir = generatedPath('words');
  mkdirSync(dir, { recursive: true });
  const wav = generatedPath('words/read-along.wav');
  const segments: TimedSegment[] = [];
  const slots: string[] = [];
  let k = 0;
  for (const [speaker, text] of SPOKEN) {
    text.split(' ').forEach((word) => {
      const bare = word.replace(/\W/g, '');
      const spoken = `${dir}/${k}-${bare}.wav`;
      const slot = `${dir}/${k}-${bare}-slot.wav`;
      if (!existsSync(spoken)) {
        // espeak-ng's silence before and after the word is cut, so the word is what the slot starts with.
        execFileSync('espeak-ng', ['-s', '150', '-w', `${spoken}.tmp.wav`, '--', bare]);
        const cut = ['silence', '1', '0.01', '0.5%', 'reverse'];
        execFileSync('sox', [`${spoken}.tmp.wav`, `${spoken}.cut.wav`, ...cut, ...cut]);
        renameSync(`${spoken}.cut.wav`, spoken);
        rmSync(`${spoken}.tmp.wav`);
      }
      const length = Number(execFileSync('soxi', ['-D', spoken], { encoding: 'utf8' }));
      if (!existsSync(slot)) {
        execFileSync('sox', [spoken, `${slot}.tmp.wav`, 'pad', '0', String(Math.max(0, SLOT - length))]);
        renameSync(`${slot}.tmp.wav`, slot);
      }
      segments.push({
        speaker,
        start: k * SLOT,
        end: k * SLOT + length,
        text: word,
      });
      slots.push(slot);
      k++;
    });
  }
  if (!existsSync(wav)) {
    execFileSync('sox', [...slots, `${wav}.tmp.wav`]);
    renameSync(`${wav}.tmp.wav`, wav);
  }
  return { wav, segments };
}

/**
 * Waits until `word` is marked, polling in the page every frame (a round trip from Node per poll could miss
 * a word spoken for half a second on a busy machine).
 */
async function waitForMarked(page: Page, word: string): Promise<void> {
  await page.waitForFunction((w) => [...(CSS.highlights.get('hark-word') ?? [])][0]?.toString() === w, word, {
    polling: 'raf',
    timeout: 15_000,
  });
}

/** The text of the range in the "hark-word" highlight, or null. */
function markedWord(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const range = [...(CSS.highlights.get('hark-word') ?? [])][0];
    return range ? range.toString() : null;
  });
}

describe('word-level read-along in Chromium', () => {
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    const { wav, segments } = wordRecording();
    const episode = episodeFromTranscript({ format: 'json', segments }, { slug: 'x', title: 'Read along' });
    expect(episode.turns.every((t) => t.words !== undefined)).toBe(true);
    const { turns, speakers, anchors } = episode;
    server = await startStaticServer(
      'dist',
      episodeWithLocalAudio(wav, { turns, speakers, anchors, chapters: [], title: 'Read along' }),
    );
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
    await page.goto(`${server.url}/#/kelsey-hightower`);
    await page.getByRole('article').first().waitFor();
    await page.waitForFunction(
      () => Number(document.querySelector('input[aria-label="Seek"]')?.getAttribute('max')) > 0,
    );
  });

  afterEach(async () => {
    expect(errors.filter((e) => !/HTML5 Audio pool/.test(e))).toEqual([]);
    await context?.close();
  });

  it('marks the word being spoken, in order, without changing the transcript', async () => {
    expect(await page.evaluate(() => typeof CSS.highlights)).toBe('object');
    // Every frame from here: the marked word whenever it changes, and any change to the transcript's nodes.
    await page.evaluate(() => {
      const seen: (string | null)[] = [];
      const changes: string[] = [];
      const observer = new MutationObserver((list) => {
        for (const r of list) if (r.type !== 'attributes') changes.push(r.type);
      });
      observer.observe(document.getElementById('transcript')!, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
      const frame = (): void => {
        const range = [...(CSS.highlights.get('hark-word') ?? [])][0];
        const word = range ? range.toString() : null;
        if (seen[seen.length - 1] !== word) seen.push(word);
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      Object.assign(window, { __words: { seen, changes } });
    });
    expect(await markedWord(page)).toBeNull();
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    // The second turn's words, then the third's (each word is spoken for about half a second).
    await waitForMarked(page, 'Glad');
    const turn = await page.evaluate(() => {
      const range = [...(CSS.highlights.get('hark-word') ?? [])][0];
      const article = range?.startContainer.parentElement?.closest('article');
      return `${article?.id}: ${range?.toString()}`;
    });
    expect(turn).toBe('turn-1: Glad');
    await waitForMarked(page, 'begin');
    // The recorder sees it at its next frame.
    await page.waitForFunction(() =>
      (window as unknown as { __words: { seen: (string | null)[] } }).__words.seen.includes('begin'),
    );
    const { seen, changes } = await page.evaluate(
      () => (window as unknown as { __words: { seen: (string | null)[]; changes: string[] } }).__words,
    );
    // Each word in turn, with nothing marked in the silence between two words.
    const words = SPOKEN.flatMap(([, text]) => text.split(' ').map((w) => w.replace(/\W/g, '')));
    expect(seen.filter((w) => w !== null)).toEqual(words);
    expect(seen.filter((w) => w === null).length).toBeGreaterThanOrEqual(words.length - 1);
    expect(changes).toEqual([]);
  });

  it('marks the word at a position the reader moves to, while paused', async () => {
    const slider = page.getByRole('slider', { name: 'Seek' });
    // The start of slot 6: "be", of "Glad to be here.".
    await slider.fill('6');
    await expect.poll(() => markedWord(page)).toBe('be');
    await expect(page.getByRole('button', { name: 'Play', exact: true }).isVisible()).resolves.toBe(true);
  });
});
