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
