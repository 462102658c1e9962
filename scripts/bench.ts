// `npm run bench`: figures measured on this machine, printed (never asserted: speed targets are not tests).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Fuse from 'fuse.js';
import { importEpisodePage } from '../src/lib/episode/importer.ts';
import { markdownToPlain } from '../src/lib/episode/text.ts';
import type { Episode } from '../src/lib/episode/types.ts';
import { parseEpisodeJson } from '../src/lib/episode/validate.ts';
import { SearchIndex } from '../src/lib/search/search-index.ts';
import { quoteQueries, TYPED_QUERIES } from '../tests/fixtures/search-queries.ts';
import { readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { launchBrowser, startStaticServer } from '../tests/e2e/harness.ts';
import { hundredThousandTurns, speechWav, tenThousandTurns } from '../tests/e2e/fixtures.ts';
import { buildTimeline, findActive, layoutText } from '../src/lib/timing/timeline.ts';
import { initialChunks } from './initial-chunks.ts';

const episode: Episode = JSON.parse(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
/** The three-hour episode: the default one three times over. */
const threeHours: Episode = {
  ...episode,
  turns: [...episode.turns, ...episode.turns, ...episode.turns],
  anchors: [],
};

function quantile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function timeRuns(runs: number, fn: () => void): number[] {
  for (let i = 0; i < 3; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

function row(label: string, times: number[], budget = ''): void {
  const f = (n: number): string => n.toFixed(2).padStart(7);
  console.log(
    `${label.padEnd(52)} p50 ${f(quantile(times, 0.5))} ms  p95 ${f(quantile(times, 0.95))} ms  ${budget}`,
  );
}

const words = threeHours.turns
  .flatMap((t) => t.paragraphs.map(markdownToPlain))
  .join(' ')
  .split(/\s+/).length;
const paragraphs = threeHours.turns.reduce((n, t) => n + t.paragraphs.length, 0);
console.log(`Hark benchmark · Node ${process.version} · ${new Date().toISOString()}`);
console.log(`three-hour episode: the default one ×3, ${words} words in ${paragraphs} paragraphs\n`);

// --- Import and validation -------------------------------------------------------------------------------
console.log('Import');
const page = readFileSync('episodes/kelsey-hightower.md', 'utf8');
const json = readFileSync('episodes/kelsey-hightower.json', 'utf8');
row(
  'import default page (50 turns)',
  timeRuns(30, () => importEpisodePage(page)),
);
row(
  'parse + validate default episode JSON',
  timeRuns(100, () => parseEpisodeJson(json)),
);
row(
  'parse + validate three-hour episode JSON',
  timeRuns(50, () => parseEpisodeJson(JSON.stringify(threeHours))),
);

// --- Search ------------------------------------------------------------------------------------------------
console.log('\nSearch (three-hour episode; queries typed letter by letter, one search per keystroke)');

/** The naive setup the issue compares against: Fuse with one record per paragraph. */
function naiveIndex(e: Episode): Fuse<{ text: string; turn: number; paragraph: number }> {
  const records = e.turns.flatMap((t, turn) =>
    t.paragraphs.map((p, paragraph) => ({ text: markdownToPlain(p), turn, paragraph })),
  );
  return new Fuse(records, { keys: ['text'], ignoreLocation: true, includeMatches: true });
}

const buildHark = timeRuns(20, () => SearchIndex.fromEpisode(threeHours));
const buildNaive = timeRuns(20, () => naiveIndex(threeHours));
row('index build, Hark', buildHark, '(budget 50 ms)');
row('index build, naive Fuse', buildNaive);

function typedLatencies(search: (q: string) => unknown, fresh: () => void): number[] {
  const times: number[] = [];
  for (const q of TYPED_QUERIES) {
    fresh();
    for (let i = 1; i <= q.length; i++) {
      const t0 = performance.now();
      search(q.slice(0, i));
      times.push(performance.now() - t0);
    }
  }
  return times.sort((a, b) => a - b);
}

let hark = SearchIndex.fromEpisode(threeHours);
const naive = naiveIndex(threeHours);
// Warm up the JIT on both, as a page would be after its first few keystrokes.
typedLatencies(
  (q) => hark.search(q),
  () => (hark = SearchIndex.fromEpisode(threeHours)),
);
typedLatencies(
  (q) => naive.search(q),
  () => {},
);
const harkTimes = typedLatencies(
  (q) => hark.search(q),
  () => (hark = SearchIndex.fromEpisode(threeHours)),
);
const naiveTimes = typedLatencies(
  (q) => naive.search(q),
  () => {},
);
row(`per keystroke, Hark (${harkTimes.length} searches)`, harkTimes, '(target p95 < 4 ms)');
row(`per keystroke, naive Fuse (${naiveTimes.length} searches)`, naiveTimes);

// --- Search quality ---------------------------------------------------------------------------------------
const quotes = quoteQueries(episode);
console.log(
  `\nSearch quality (${quotes.length} quote queries with a typo and a missing word, default episode)`,
);
const single = SearchIndex.fromEpisode(episode);
const singleNaive = naiveIndex(episode);
let harkFirst = 0;
let harkTop3 = 0;
let naiveFirst = 0;
let naiveTop3 = 0;
for (const q of quotes) {
  const h = single.search(q.query).slice(0, 3);
  const rank = h.findIndex((x) => x.turn === q.turn && x.paragraph === q.paragraph);
  if (rank === 0) harkFirst++;
  if (rank >= 0) harkTop3++;
  const n = singleNaive.search(q.query).slice(0, 3);
  const nRank = n.findIndex((x) => x.item.turn === q.turn && x.item.paragraph === q.paragraph);
  if (nRank === 0) naiveFirst++;
  if (nRank >= 0) naiveTop3++;
}
const pct = (n: number): string => `${((100 * n) / quotes.length).toFixed(1)} %`.padStart(7);
console.log(
  `${'right paragraph ranked first, Hark / naive'.padEnd(52)} ${pct(harkFirst)} / ${pct(naiveFirst)}`,
);
console.log(
  `${'right paragraph in the top three, Hark / naive'.padEnd(52)} ${pct(harkTop3)} / ${pct(naiveTop3)}`,
);

// --- Playback tick (Node: the lookup alone) ----------------------------------------------------------------
const layout3 = layoutText(threeHours.turns);
const timeline3 = buildTimeline(threeHours.turns, layout3, { duration: 3 * 3717 });
let sink = 0;
const lookups = timeRuns(5, () => {
  for (let i = 0; i < 10_000; i++) sink += findActive(timeline3.turnStarts, (i * 1.117) % (3 * 3717));
});
console.log(
  `\nActive-turn lookup (binary search, three-hour episode): ${((quantile(lookups, 0.5) / 10_000) * 1000).toFixed(3)} µs per lookup (${sink > 0 ? 'ok' : ''})`,
);

// --- The built app in Chromium ------------------------------------------------------------------------------
const wav = speechWav();
const threeHoursWithAudio: Episode = {
  ...threeHours,
  slug: 'three-hours',
  title: 'Three hours (the default episode ×3)',
  audio: { src: 'test-audio/kelsey-start.wav', type: 'audio/wav' },
};
const hundredThousandJson = JSON.stringify(hundredThousandTurns());
const server = await startStaticServer('dist', {
  routes: {
    '/episodes/three-hours.json': (_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(threeHoursWithAudio));
    },
    '/episodes/ten-thousand.json': (_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(tenThousandTurns()));
    },
    '/episodes/hundred-thousand.json': (_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(hundredThousandJson);
    },
  },
  extraDirs: { '/test-audio/': wav.replace(/[^/]+$/, '') },
});
const browser = await launchBrowser();

/** Milliseconds from navigation to the transcript's first paint, and to every turn being on the page. */
async function paintTimes(slug: string): Promise<[number, number]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/#/${slug}`);
  await page.waitForFunction(
    () => performance.getEntriesByName('hark:transcript-complete').length > 0,
    null,
    {
      timeout: 30_000,
    },
  );
  const t = await page.evaluate(() => [
    performance.getEntriesByName('hark:transcript-painted')[0]!.startTime,
    performance.getEntriesByName('hark:transcript-complete')[0]!.startTime,
  ]);
  await context.close();
  return [t[0]!, t[1]!];
}
const completeTimes: Record<string, number[]> = {};

const RUNS = 7;
const paint = async (slug: string): Promise<number[]> => {
  await paintTimes(slug); // warm the server's file cache and Chromium's code cache alike for every run
  const times: number[] = [];
  const complete: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const [first, all] = await paintTimes(slug);
    times.push(first);
    complete.push(all);
  }
  completeTimes[slug] = complete.sort((a, b) => a - b);
  return times.sort((a, b) => a - b);
};
const paintDefault = await paint('kelsey-hightower');
const paintThree = await paint('three-hours');

// Heap after loading the three-hour episode, after a garbage collection.
const heapContext = await browser.newContext();
const heapPage = await heapContext.newPage();
await heapPage.goto(`${server.url}/#/three-hours`);
await heapPage.waitForFunction(() => performance.getEntriesByName('hark:transcript-painted').length > 0);
await heapPage.waitForTimeout(2500); // the search index builds while idle: count it
const cdp = await heapContext.newCDPSession(heapPage);
await cdp.send('HeapProfiler.enable');
await cdp.send('HeapProfiler.collectGarbage');
const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
await heapContext.close();

// One playback tick on the three-hour episode: lookup and DOM update, measured by the app per frame.
const tickContext = await browser.newContext();
await tickContext.addInitScript(() => {
  (globalThis as { __harkProfile?: boolean }).__harkProfile = true;
});
const tickPage = await tickContext.newPage();
await tickPage.goto(`${server.url}/#/three-hours`);
await tickPage.waitForFunction(
  () => document.querySelector('input[aria-label="Seek"]')?.getAttribute('max') === '144',
);
await tickPage.getByRole('button', { name: 'Play', exact: true }).click();
await tickPage.waitForTimeout(4000);
const ticks = (
  await tickPage.evaluate(() => performance.getEntriesByName('hark:tick').map((e) => e.duration))
).sort((a, b) => a - b);
const turnChanges = await tickPage.evaluate(
  () => document.querySelector('article[aria-current="true"]')?.id ?? '',
);
await tickContext.close();

/**
 * Ten thousand and a hundred thousand turns (tests/e2e/broken-input.test.ts checks that they work):
 * milliseconds from navigation to the transcript's first paint, from typing a search (into a field focused
 * at first paint, so the index is still being built) to its results, from choosing the last turn's result to
 * its marks, and the longest task in all of it (PerformanceObserver "longtask", from navigation on).
 */
interface HugeFigures {
  painted: number;
  search: number;
  jump: number;
  /** Longest task while loading, searching and jumping. */
  longest: number;
  /** Longest task while scrolling from the end to the start, a screen-full of turns changed each frame. */
  scrolling: number;
}
async function hugeFigures(slug: string, n: number): Promise<HugeFigures> {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/#/${slug}`);
  await page.waitForFunction(() => performance.getEntriesByName('hark:transcript-painted').length > 0, null, {
    timeout: 120_000,
  });
  const painted = await page.evaluate(
    () => performance.getEntriesByName('hark:transcript-painted')[0]!.startTime,
  );
  const [search, jump] = await page.evaluate(async (last) => {
    const box = document.querySelector<HTMLInputElement>('input[type="search"]')!;
    box.focus();
    const t0 = performance.now();
    box.value = `Turn ${last + 1}`;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    while (!document.querySelector('.results li .jump')) await new Promise((r) => setTimeout(r, 5));
    const t1 = performance.now();
    document.querySelector<HTMLButtonElement>('.results li .jump')!.click();
    while (!document.querySelector(`#turn-${last} mark`)) await new Promise((r) => setTimeout(r, 5));
    return [t1 - t0, performance.now() - t1];
  }, n - 1);
  await page.waitForTimeout(500);
  const longest = await page.evaluate(() => {
    const w = window as unknown as { __longest: number };
    const at = w.__longest;
    w.__longest = 0;
    return at;
  });
  // Scroll from the end back to the start and let the page settle: the chunks follow the view.
  await page.evaluate(async () => {
    for (let y = document.documentElement.scrollHeight; y > 0; y -= 40_000) {
      window.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
  });
  await page.waitForTimeout(500);
  const scrolling = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
  await context.close();
  return { painted, search, jump, longest, scrolling };
}
const hugeRuns: Record<string, HugeFigures[]> = { 'ten-thousand': [], 'hundred-thousand': [] };
for (let i = 0; i < 3; i++) {
  hugeRuns['ten-thousand']!.push(await hugeFigures('ten-thousand', 10_000));
  hugeRuns['hundred-thousand']!.push(await hugeFigures('hundred-thousand', 100_000));
}
const hugeMedian = (slug: string, f: (r: HugeFigures) => number): number =>
  quantile(
    hugeRuns[slug]!.map(f).sort((a, b) => a - b),
    0.5,
  );

await browser.close();
await server.close();

// JavaScript shipped, gzipped: what a visit loads at once, and the chunks loaded on demand.
const jsFiles = readdirSync('dist/assets').filter((n) => n.endsWith('.js'));
const initial = initialChunks('dist');
const gzipOf = (f: string): number => gzipSync(readFileSync(`dist/assets/${f}`), { level: 9 }).length;
const jsGzip = jsFiles.filter((f) => initial.has(f)).reduce((n, f) => n + gzipOf(f), 0);
const lazyFiles = jsFiles.filter((f) => !initial.has(f));
const lazyGzip = lazyFiles.reduce((n, f) => n + gzipOf(f), 0);

const median = (xs: number[]): number => quantile(xs, 0.5);
// Chromium rounds performance.now() to 0.1 ms: single frames read as 0, 0.1, 0.2 … ms; the mean over all
// frames is the meaningful figure.
const meanTick = ticks.reduce((a, b) => a + b, 0) / Math.max(1, ticks.length);
const budgetRows: [string, string, string, boolean][] = [
  [
    'initial JavaScript, gzipped (loaded by index.html)',
    `${(jsGzip / 1024).toFixed(1)} KB (${jsFiles.length - lazyFiles.length} chunk${jsFiles.length - lazyFiles.length === 1 ? '' : 's'})`,
    '≤ 75 KB',
    jsGzip <= 75 * 1024,
  ],
  [
    'JavaScript loaded on demand, gzipped',
    `${(lazyGzip / 1024).toFixed(1)} KB (${lazyFiles.map((f) => `${f.replace(/-[\w-]{8}\.js$/, '')} ${(gzipOf(f) / 1024).toFixed(1)}`).join(', ')})`,
    '—',
    true,
  ],
  [
    'navigation → transcript painted, default episode',
    `${median(paintDefault).toFixed(0)} ms (median of ${RUNS})`,
    '—',
    true,
  ],
  [
    'navigation → transcript painted, three-hour episode',
    `${median(paintThree).toFixed(0)} ms (median of ${RUNS})`,
    '≤ 400 ms',
    median(paintThree) <= 400,
  ],
  [
    '  … until every turn is on the page, three hours',
    `${median(completeTimes['three-hours']!).toFixed(0)} ms (median of ${RUNS})`,
    '—',
    true,
  ],
  [
    'JS heap after loading the three-hour episode',
    `${(heap.usedSize / 1024 / 1024).toFixed(1)} MB`,
    '≤ 30 MB',
    heap.usedSize <= 30 * 1024 * 1024,
  ],
  [
    'search per keystroke, p50 / p95',
    `${quantile(harkTimes, 0.5).toFixed(2)} / ${quantile(harkTimes, 0.95).toFixed(2)} ms`,
    'p95 < 4 ms',
    quantile(harkTimes, 0.95) < 4,
  ],
  [
    'search index build, three-hour episode',
    `${median(buildHark).toFixed(1)} ms`,
    '< 50 ms',
    median(buildHark) < 50,
  ],
  [
    '10,000 turns: navigation → transcript painted',
    `${hugeMedian('ten-thousand', (r) => r.painted).toFixed(0)} ms (median of 3)`,
    '—',
    true,
  ],
  [
    '  … a search typed → its results (index built meanwhile)',
    `${hugeMedian('ten-thousand', (r) => r.search).toFixed(0)} ms (median of 3)`,
    '—',
    true,
  ],
  [
    '  … the last turn’s result chosen → its marks shown',
    `${hugeMedian('ten-thousand', (r) => r.jump).toFixed(0)} ms (median of 3)`,
    '—',
    true,
  ],
  [
    '  … longest task: load, search, jump',
    `${hugeMedian('ten-thousand', (r) => r.longest).toFixed(0)} ms (median of 3, worst ${Math.max(...hugeRuns['ten-thousand']!.map((r) => r.longest)).toFixed(0)})`,
    '< 200 ms',
    hugeMedian('ten-thousand', (r) => r.longest) < 200,
  ],
  [
    '  … longest task: scrolling end to start',
    `${hugeMedian('ten-thousand', (r) => r.scrolling).toFixed(0)} ms (median of 3, worst ${Math.max(...hugeRuns['ten-thousand']!.map((r) => r.scrolling)).toFixed(0)})`,
    '< 200 ms',
    hugeMedian('ten-thousand', (r) => r.scrolling) < 200,
  ],
  [
    '100,000 turns: navigation → transcript painted',
    `${hugeMedian('hundred-thousand', (r) => r.painted).toFixed(0)} ms (median of 3)`,
    '—',
    true,
  ],
  [
    '  … a search typed → its results (index built meanwhile)',
    `${hugeMedian('hundred-thousand', (r) => r.search).toFixed(0)} ms (median of 3)`,
    '—',
    true,
  ],
  [
    '  … the last turn’s result chosen → its marks shown',
    `${hugeMedian('hundred-thousand', (r) => r.jump).toFixed(0)} ms (median of 3)`,
    '—',
    true,
  ],
  [
    '  … longest task: load, search, jump',
    `${hugeMedian('hundred-thousand', (r) => r.longest).toFixed(0)} ms (median of 3, worst ${Math.max(...hugeRuns['hundred-thousand']!.map((r) => r.longest)).toFixed(0)})`,
    '< 200 ms',
    hugeMedian('hundred-thousand', (r) => r.longest) < 200,
  ],
  [
    '  … longest task: scrolling end to start',
    `${hugeMedian('hundred-thousand', (r) => r.scrolling).toFixed(0)} ms (median of 3, worst ${Math.max(...hugeRuns['hundred-thousand']!.map((r) => r.scrolling)).toFixed(0)})`,
    '< 200 ms',
    hugeMedian('hundred-thousand', (r) => r.scrolling) < 200,
  ],
  [
    'playback tick (lookup + DOM update), mean / p95',
    `${meanTick.toFixed(3)} / ${quantile(ticks, 0.95).toFixed(1)} ms (${ticks.length} frames)`,
    'mean < 0.1 ms',
    meanTick < 0.1,
  ],
];
console.log('\nPerformance budget (this machine, one run)\n');
console.log(`${'measure'.padEnd(52)} ${'figure'.padEnd(34)} ${'budget'.padEnd(12)} met`);
for (const [label, figure, budget, ok] of budgetRows) {
  console.log(`${label.padEnd(52)} ${figure.padEnd(34)} ${budget.padEnd(12)} ${ok ? 'yes' : 'NO'}`);
}
console.log(
  `\n(playback ended on ${turnChanges || 'no turn'}; tick p95 / max: ${quantile(ticks, 0.95).toFixed(3)} / ${(ticks[ticks.length - 1] ?? 0).toFixed(3)} ms)`,
);
