/**
 * Audio alignment benchmark: generates a conversation of the given length from a real timed transcript
 * (scripts/make-conversation.ts) and aligns it with `hark align-eval`, which runs `hark align` in a child
 * process: prints throughput (× real time), peak memory and accuracy.
 *
 *   tsx scripts/bench-align.ts [--minutes 10] [--timed ../shared/data/timed] [--variant plain]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const minutes = Number(option('--minutes', '10'));
const variant = option('--variant', 'plain');
const timed = [
  option('--timed', ''),
  '../shared/data/timed',
  '../../shared/data/timed',
  '/work/shared/data/timed',
].find((d) => d && existsSync(join(d, 'lennys-podcast--julia-schottenstein--transcript.json')));
if (!timed) {
  console.error('bench-align: no timed transcripts found; pass --timed <folder of shared/data/timed>');
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'hark-bench-align-'));
try {
  const source = join(timed, 'lennys-podcast--julia-schottenstein--transcript.json');
  const made = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/make-conversation.ts',
      source,
      join(work, 'talk'),
      '--minutes',
      String(minutes),
      '--variant',
      variant,
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(made.stderr.trim());
  const evaluated = spawnSync(
    process.execPath,
    ['bin/hark.js', 'align-eval', join(work, 'talk.segments.json'), '--json'],
    {
      encoding: 'utf8',
    },
  );
  if (evaluated.status !== 0) throw new Error(evaluated.stderr.trim());
  const result = JSON.parse(evaluated.stdout) as {
    cases: {
      duration: number;
      turns: number;
      seconds: number;
      timesRealTime: number;
      peakMemoryMB: number;
      aligned: { rightSegment: number; medianStartError: number; p90StartError: number };
      textOnly: { rightSegment: number };
    }[];
  };
  const c = result.cases[0]!;
  console.log(
    `align (${resolve(source).split('/').pop()}, ${(c.duration / 60).toFixed(1)} min generated, ${c.turns} turns, ${variant}): ` +
      `${c.seconds.toFixed(1)} s, ${c.timesRealTime.toFixed(0)}× real time, peak ${c.peakMemoryMB} MB; ` +
      `right segment ${(100 * c.aligned.rightSegment).toFixed(1)} % (text only ${(100 * c.textOnly.rightSegment).toFixed(1)} %), ` +
      `start error median ${c.aligned.medianStartError.toFixed(2)} s, p90 ${c.aligned.p90StartError.toFixed(2)} s`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
