import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scoreStarts, snapToSpeech, type AlignScore } from '../../lib/align/score.ts';
import { serializeEpisode } from '../../lib/episode/catalog.ts';
import { slugify } from '../../lib/episode/text.ts';
import { EPISODE_FORMAT, type Episode } from '../../lib/episode/types.ts';
import { buildTimeline, layoutText } from '../../lib/timing/timeline.ts';
import { AudioError } from './decode.ts';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

interface Segment {
  speaker: string;
  start: number;
  text: string;
}

export interface CaseResult {
  case: string;
  turns: number;
  duration: number;
  textOnly: AlignScore;
  aligned: AlignScore;
  placed: number;
  timesRealTime: number;
  seconds: number;
  peakMemoryMB: number;
  warning?: string;
}

/** bin/hark.js of this checkout: the nearest one above this module, from the sources or the compiled bundle. */
function harkBin(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'bin', 'hark.js');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('bin/hark.js not found above the CLI');
    dir = parent;
  }
}
const HARK = harkBin();

/** Reads a case: `<name>.segments.json` and the audio it names, beside it. */
async function readCase(
  file: string,
): Promise<{ audio: string; segments: Segment[]; pauses: [number, number][] }> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new AudioError(`${file}: no such file`);
  });
  let data: { audio?: unknown; segments?: unknown };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    throw new AudioError(`${file}: not JSON`);
  }
  if (typeof data.audio !== 'string' || !Array.isArray(data.segments)) {
    throw new AudioError(`${file}: expected {"audio": file, "segments": [...]}`);
  }
  const segments = (data.segments as Record<string, unknown>[]).map((s, i) => {
    if (typeof s.start !== 'number' || typeof s.text !== 'string') {
      throw new AudioError(`${file}: segments[${i}] needs a start and a text`);
    }
    return { speaker: typeof s.speaker === 'string' ? s.speaker : 'speaker', start: s.start, text: s.text };
  });
  const vad = await readFile(file.replace(/\.segments\.json$/, '.vad.tsv'), 'utf8').catch(() => '');
  const pauses = vad
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((c) => c[2]?.trim() === 'nonspeech')
    .map((c) => [Number(c[0]), Number(c[1])] as [number, number]);
  return { audio: resolve(dirname(file), data.audio), segments, pauses };
}

function episodeOf(segments: Segment[], name: string): Episode {
  const ids = new Map<string, string>();
  for (const s of segments) if (!ids.has(s.speaker)) ids.set(s.speaker, slugify(s.speaker) || `s${ids.size}`);
  return {
    format: EPISODE_FORMAT,
    slug: slugify(name) || 'case',
    title: name,
    publishDate: null,
    published: true,
    description: '',
    tags: [],
    audio: null,
    video: null,
    speakers: [...ids].map(([name, id]) => ({ id, name, aliases: [] })),
    showNotes: { markdown: '', links: [] },
    chapters: [],
    turns: segments.map((s) => ({ speaker: ids.get(s.speaker)!, paragraphs: [s.text] })),
    anchors: [],
    notes: [],
  };
}

function runAlign(episodeFile: string, audio: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HARK, 'align', episodeFile, audio, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new AudioError(err.trim().split('\n')[0] ?? `align exited with ${code}`));
      resolve(JSON.parse(out) as Record<string, unknown>);
    });
  });
}

/** Measures one case: text-only estimate and audio alignment against the reference. */
export async function evaluateCase(file: string, work: string): Promise<CaseResult> {
  const { audio, segments, pauses } = await readCase(file);
  const name = basename(file).replace(/\.segments\.json$/, '');
  const episode = episodeOf(segments, name);
  const episodeFile = join(work, `${slugify(name) || 'case'}.json`);
  await writeFile(episodeFile, serializeEpisode(episode));
  const report = await runAlign(episodeFile, audio);
  const duration = report.duration as number;
  const truth = snapToSpeech(
    segments.map((s) => s.start),
    pauses,
  );
  const estimate = buildTimeline(episode.turns, layoutText(episode.turns), { duration });
  const turns = report.turns as { start: number; confidence: number }[];
  const timing = report.timing as { total: number };
  return {
    case: name,
    turns: segments.length,
    duration,
    textOnly: scoreStarts(truth, [...estimate.turnStarts], duration),
    aligned: scoreStarts(
      truth,
      turns.map((t) => t.start),
      duration,
    ),
    placed: report.placed as number,
    timesRealTime: duration / timing.total,
    seconds: timing.total,
    peakMemoryMB: report.peakMemoryMB as number,
    ...(typeof report.warning === 'string' ? { warning: report.warning } : {}),
  };
}

/** `hark align-eval`: every case, then the mean. */
export async function runEval(files: string[], json: boolean, io: Io): Promise<number> {
  const work = await mkdtemp(join(tmpdir(), 'hark-align-eval-'));
  const rows: CaseResult[] = [];
  try {
    for (const file of files) rows.push(await evaluateCase(file, work));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const mean = (f: (r: CaseResult) => number): number => rows.reduce((a, r) => a + f(r), 0) / rows.length;
  const summary = {
    textOnly: {
      rightSegment: mean((r) => r.textOnly.rightSegment),
      medianStartError: mean((r) => r.textOnly.medianStartError),
      p90StartError: mean((r) => r.textOnly.p90StartError),
    },
    aligned: {
      rightSegment: mean((r) => r.aligned.rightSegment),
      medianStartError: mean((r) => r.aligned.medianStartError),
      p90StartError: mean((r) => r.aligned.p90StartError),
    },
    timesRealTime: mean((r) => r.timesRealTime),
    peakMemoryMB: Math.max(...rows.map((r) => r.peakMemoryMB)),
  };
  if (json) {
    io.out(`${JSON.stringify({ cases: rows, mean: summary }, null, 2)}\n`);
    return 0;
  }
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`.padStart(7);
  const sec = (x: number): string => `${x.toFixed(2)} s`.padStart(8);
  io.out(
    `${'case'.padEnd(36)} ${'turns'.padStart(5)} ${'length'.padStart(8)}   text only: right  median     p90   aligned: right  median     p90  placed  × real time  peak MB\n`,
  );
  const line = (
    name: string,
    turns: string,
    length: string,
    t: AlignScore,
    a: AlignScore,
    rest: string,
  ): void =>
    io.out(
      `${name.slice(0, 36).padEnd(36)} ${turns.padStart(5)} ${length.padStart(8)}   ${pct(t.rightSegment)} ${sec(t.medianStartError)} ${sec(t.p90StartError)}          ${pct(a.rightSegment)} ${sec(a.medianStartError)} ${sec(a.p90StartError)}${rest}\n`,
    );
  for (const r of rows) {
    line(
      r.case,
      String(r.turns),
      `${r.duration.toFixed(0)} s`,
      r.textOnly,
      r.aligned,
      `  ${`${r.placed}`.padStart(6)}  ${`${r.timesRealTime.toFixed(1)}×`.padStart(11)}  ${String(r.peakMemoryMB).padStart(7)}${r.warning ? `  (${r.warning})` : ''}`,
    );
  }
  line(
    'mean',
    '',
    '',
    summary.textOnly,
    summary.aligned,
    `  ${''.padStart(6)}  ${`${summary.timesRealTime.toFixed(1)}×`.padStart(11)}  ${String(summary.peakMemoryMB).padStart(7)}`,
  );
  return 0;
}
