// `npx tsx scripts/bench-words.ts` (after `npm run build`): what marking the word being spoken costs a playback
// frame. The three-hour episode of `npm run bench` is played in Chromium twice, without and with word times
// for all of its words (one every 0.316 s, as espeak-ng speaks the audio at 190 words a minute), and each
// frame's tick (`hark:tick`: position, lookups, DOM update) is recorded. Prints figures, asserts nothing.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { markdownToPlain } from '../src/lib/episode/text.ts';
import type { Episode, Turn, WordTime } from '../src/lib/episode/types.ts';
import { buildWordIndex, wordSpan } from '../src/lib/timing/word-times.ts';
import { launchBrowser, startStaticServer } from '../tests/e2e/harness.ts';
import { speechWav } from '../tests/e2e/fixtures.ts';

const SECONDS_PER_WORD = 60 / 190;
const PLAY_MS = 8000;

const episode: Episode = JSON.parse(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
const plainTurns = [...episode.turns, ...episode.turns, ...episode.turns];

/** Every word of every paragraph timed one after the other; each turn starts at its first word. */
function withWordTimes(turns: readonly Turn[]): Turn[] {
  let k = 0;
  return turns.map((turn) => {
    const start = k * SECONDS_PER_WORD;
    const words = turn.paragraphs.map((p) => {
      const list: WordTime[] = [];
      for (const m of markdownToPlain(p).matchAll(/\S+/g)) {
        const t = k++ * SECONDS_PER_WORD;
        list.push([m.index, m.index + m[0].length, Math.round(t * 1000) / 1000]);
      }
      return list;
    });
    return { ...turn, start: Math.round(start * 1000) / 1000, words };
  });
}

const timedTurns = withWordTimes(plainTurns);
const wordCount = timedTurns.reduce((n, t) => n + (t.words ?? []).reduce((m, w) => m + w.length, 0), 0);

// Node: building the index, and one lookup.
let t0 = performance.now();
const index = buildWordIndex(timedTurns);
const buildMs = performance.now() - t0;
let sink = 0;
t0 = performance.now();
for (let i = 0; i < 100_000; i++) sink += wordSpan(index, (i * 0.731) % (wordCount * SECONDS_PER_WORD)).word;
const lookupUs = ((performance.now() - t0) / 100_000) * 1000;

const wav = speechWav();
const base: Episode = {
  ...episode,
  slug: 'three-hours',
  title: 'Three hours',
  audio: { src: 'test-audio/kelsey-start.wav', type: 'audio/wav' },
  anchors: [],
};
const variants: Record<string, Episode> = {
  'three-hours': { ...base, turns: timedTurns.map(({ words: _words, ...t }) => t) },
  'three-hours-words': { ...base, slug: 'three-hours-words', turns: timedTurns },
};
const server = await startStaticServer('dist', {
  routes: Object.fromEntries(
    Object.entries(variants).map(([slug, e]) => [
      `/episodes/${slug}.json`,
      (_req: unknown, res: { setHeader(k: string, v: string): void; end(s: string): void }) => {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(e));
      },
    ]),
  ),
  extraDirs: { '/test-audio/': wav.replace(/[^/]+$/, '') },
});
const browser = await launchBrowser();

async function ticks(slug: string): Promise<{ ticks: number[]; marked: number }> {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    (globalThis as { __harkProfile?: boolean }).__harkProfile = true;
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/#/${slug}`);
  await page.waitForFunction(
    () => document.querySelector('input[aria-label="Seek"]')?.getAttribute('max') === '144',
  );
  // A string, so that tsx adds no helpers to it: which word is marked, sampled every frame.
  await page.evaluate(`(() => {
    const seen = new Set();
    const frame = () => {
      const range = [...(CSS.highlights.get('hark-word') ?? [])][0];
      if (range) seen.add(range.toString() + '@' + (performance.now() >> 8));
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    window.__seen = seen;
  })()`);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(PLAY_MS);
  const result = await page.evaluate(() => ({
    ticks: performance.getEntriesByName('hark:tick').map((e) => e.duration),
    marked: new Set([...(window as unknown as { __seen: Set<string> }).__seen].map((s) => s.split('@')[0]))
      .size,
  }));
  await context.close();
  return { ticks: result.ticks.sort((a, b) => a - b), marked: result.marked };
}

const q = (s: number[], p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
const mean = (s: number[]): number => s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);

console.log(`three-hour episode, ${wordCount} timed words`);
console.log(
  `word index build (Node): ${buildMs.toFixed(1)} ms; one lookup: ${lookupUs.toFixed(3)} µs (${sink})`,
);
for (let round = 0; round < 2; round++) {
  for (const slug of Object.keys(variants)) {
    const { ticks: s, marked } = await ticks(slug);
    console.log(
      `${slug.padEnd(18)} tick mean ${mean(s).toFixed(3)} ms, p95 ${q(s, 0.95).toFixed(3)}, p99 ${q(s, 0.99).toFixed(3)}, max ${(s[s.length - 1] ?? 0).toFixed(3)} ms over ${s.length} frames; ${marked} distinct words marked`,
    );
  }
}
await browser.close();
await server.close();
