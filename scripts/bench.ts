// `npm run bench`: figures measured on this machine, printed (never asserted: speed targets are not tests).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { importEpisodePage } from '../src/lib/episode/importer.ts';
import { parseEpisodeJson } from '../src/lib/episode/validate.ts';

function measure(label: string, runs: number, fn: () => void): void {
  for (let i = 0; i < 3; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const q = (p: number): string =>
    times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
  console.log(
    `${label.padEnd(46)} p50 ${q(0.5).padStart(7)} ms   p95 ${q(0.95).padStart(7)} ms   (${runs} runs)`,
  );
}

const page = readFileSync('episodes/kelsey-hightower.md', 'utf8');
const threeHours =
  page.replace(/(\n \s*<\/div>\s*)$/, '') + '\n' + transcriptOf(page) + '\n' + transcriptOf(page);
const json = readFileSync('episodes/kelsey-hightower.json', 'utf8');

function transcriptOf(text: string): string {
  const start = text.indexOf('**Beyang Liu:**');
  const end = text.lastIndexOf('</div>');
  return text.slice(start, end);
}

console.log(`Hark benchmark · Node ${process.version} · ${new Date().toISOString()}\n`);
measure('import default page (50 turns)', 50, () => importEpisodePage(page));
measure('import three-hour page (150 turns)', 20, () => importEpisodePage(threeHours));
measure('parse + validate default episode JSON', 100, () => parseEpisodeJson(json));
