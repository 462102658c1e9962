// Measures timing-model variants on the timed transcripts in ../shared/data/timed (or the folder given):
//   npx tsx scripts/timing-experiments.ts [dir]
// Prints, per variant, mean accuracy without anchors and with a sync every ten minutes. docs/timing.md
// records the results.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateTiming, mergeSegments, type TrueTurn } from '../src/lib/timing/evaluate.ts';
import { BASELINE_MODEL, type TimingModel } from '../src/lib/timing/timeline.ts';
import {
  byLetters,
  byLettersAndPauses,
  bySpokenLetters,
  bySyllables,
  byWords,
} from '../src/lib/timing/weights.ts';
import type { Weigher } from '../src/lib/timing/timeline.ts';

const WEIGHERS: Record<string, Weigher> = {
  characters: (text) => Math.max(1, text.length),
  words: byWords,
  letters: byLetters,
  syllables: bySyllables,
  spokenLetters: bySpokenLetters,
  'letters+s4': byLettersAndPauses(4, 0),
  'letters+s4c2': byLettersAndPauses(4, 2),
  'letters^0.95': (t) => Math.max(1, byLetters(t) ** 0.95),
  'letters>=25': (t) => Math.max(25, byLetters(t)),
};

const dir = process.argv[2] ?? '../shared/data/timed';
const files = readdirSync(dir)
  .filter((n) => n.endsWith('.json'))
  .sort();
const episodes: [string, TrueTurn[]][] = files.map((f) => {
  const data = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  const segments = data.segments.map(
    (s: { speaker?: string; startTime: number; endTime?: number; body: string }) => ({
      speaker: s.speaker ?? null,
      start: Number(s.startTime),
      end: s.endTime === undefined ? null : Number(s.endTime),
      text: String(s.body ?? ''),
    }),
  );
  return [f, mergeSegments(segments)];
});

export const VARIANTS: Record<string, Partial<TimingModel>> = {
  baseline: BASELINE_MODEL,
};

function run(name: string, model: Partial<TimingModel>): void {
  const model_ = { ...BASELINE_MODEL, ...model };
  const plain = episodes.map(([, t]) => evaluateTiming(t, { model: model_ }));
  const synced = episodes.map(([, t]) => evaluateTiming(t, { model: model_, syncEvery: 600 }));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(6);
  if (process.env.MARKDOWN) {
    const f = (x: number): string => (100 * x).toFixed(1);
    console.log(
      `| ${name} | ${f(mean(plain.map((s) => s.accuracy)))} % | ${f(mean(synced.map((s) => s.accuracy)))} % | ` +
        `${plain.map((s) => f(s.accuracy)).join(', ')} | ${synced.map((s) => f(s.accuracy)).join(', ')} |`,
    );
    return;
  }
  console.log(
    `${name.padEnd(34)} ${pct(mean(plain.map((s) => s.accuracy)))} ${pct(mean(synced.map((s) => s.accuracy)))}   ` +
      `med err ${mean(plain.map((s) => s.medianStartError))
        .toFixed(1)
        .padStart(6)} s / ${mean(synced.map((s) => s.medianStartError))
        .toFixed(1)
        .padStart(5)} s   ` +
      plain.map((s) => pct(s.accuracy)).join(' ') +
      ' |' +
      synced.map((s) => pct(s.accuracy)).join(' '),
  );
}

type VariantSpec = Omit<Partial<TimingModel>, 'weigh'> & { weigh?: string };
/** The ideas in docs/timing.md, one change at a time from the baseline, then the combination the app uses. */
const DEFAULT_SPECS: [string, VariantSpec][] = [
  ['baseline: characters, sync = turn start', {}],
  ['sync placed mid-turn', { syncPlacement: 'middle' }],
  ['sync placed minimally', { syncPlacement: 'minimal' }],
  ['sync minimal, 20% margin', { syncPlacement: 'minimal', syncMargin: 0.2 }],
  ['weights: words', { weigh: 'words', syncPlacement: 'minimal', syncMargin: 0.2 }],
  ['weights: syllables', { weigh: 'syllables', syncPlacement: 'minimal', syncMargin: 0.2 }],
  ['weights: letters', { weigh: 'letters', syncPlacement: 'minimal', syncMargin: 0.2 }],
  ['weights: numbers/abbrev. spoken', { weigh: 'spokenLetters', syncPlacement: 'minimal', syncMargin: 0.2 }],
  ['weights: letters + sentence pauses', { weigh: 'letters+s4', syncPlacement: 'minimal', syncMargin: 0.2 }],
  ['weights: letters^0.95', { weigh: 'letters^0.95', syncPlacement: 'minimal', syncMargin: 0.2 }],
  ['weights: letters, floor 25', { weigh: 'letters>=25', syncPlacement: 'minimal', syncMargin: 0.2 }],
  [
    'letters + turn overhead 8',
    { weigh: 'letters', turnOverhead: 8, syncPlacement: 'minimal', syncMargin: 0.2 },
  ],
  [
    'letters + turn overhead 12',
    { weigh: 'letters', turnOverhead: 12, syncPlacement: 'minimal', syncMargin: 0.2 },
  ],
  [
    'letters + turn overhead 16',
    { weigh: 'letters', turnOverhead: 16, syncPlacement: 'minimal', syncMargin: 0.2 },
  ],
  [
    'overhead 12 + 4 s intro',
    { weigh: 'letters', turnOverhead: 12, syncPlacement: 'minimal', syncMargin: 0.2, introSeconds: 4 },
  ],
  [
    'overhead 12 + speaker pace (app default)',
    { weigh: 'letters', turnOverhead: 12, syncPlacement: 'minimal', syncMargin: 0.2, speakerRates: 10 },
  ],
  [
    'overhead 12 + speaker pace, strong',
    { weigh: 'letters', turnOverhead: 12, syncPlacement: 'minimal', syncMargin: 0.2, speakerRates: 1000 },
  ],
];
const specs: [string, VariantSpec][] = JSON.parse(process.env.VARIANTS ?? 'null') ?? DEFAULT_SPECS;
const variants: [string, Partial<TimingModel>][] = specs.map(([name, spec]) => [
  name,
  { ...spec, weigh: WEIGHERS[spec.weigh ?? 'characters'] },
]);
console.log(
  `${'variant'.padEnd(34)}  plain  sync10   median start error (plain / sync)   per file: ${files.join(', ')}`,
);
for (const [name, model] of variants) run(name, model);
