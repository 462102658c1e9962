import { readFile, writeFile, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { importEpisodePage } from '../lib/episode/importer.ts';
import { parseEpisodeJson } from '../lib/episode/validate.ts';
import { buildIndex, serializeEpisode } from '../lib/episode/catalog.ts';
import { SearchIndex, snippetOf } from '../lib/search/search-index.ts';
import type { Episode } from '../lib/episode/types.ts';
import {
  applyTranscriptTimes,
  exportTranscript,
  parsePodcastingJson,
  parseTimedTranscript,
  type ExportFormat,
} from '../lib/formats/index.ts';
import { evaluateTiming, mergeSegments, type SyncStyle, type TimingScore } from '../lib/timing/evaluate.ts';
import { buildTimeline, layoutText } from '../lib/timing/timeline.ts';
import { episodeFromTranscriptFile } from '../lib/files/opened-files.ts';

/** A problem with the user's input: printed as one line, exit status 2. */
export class UsageError extends Error {}

interface Io {
  out(text: string): void;
  err(text: string): void;
}

const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

interface Command {
  summary: string;
  usage: string;
  help: string;
  run(args: string[], io: Io): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  import: {
    summary: 'turn an episode page (markdown) into episode JSON',
    usage: 'hark import <page.md | transcript.json|.vtt|.srt> [--times transcript] [-o out.json]',
    help: "Reads an episode page (YAML front matter, show notes, audio tag, **Speaker:** transcript), or a timed\ntranscript alone (Podcasting 2.0 JSON, WebVTT, SRT), and prints the episode as JSON, or writes it to\nthe file given with -o. With --times, a timed transcript of the same talk gives the page's turns exact times.",
    async run(args, io) {
      const { positional, options } = parseArgs(args, ['-o', '--output', '--times']);
      const page = single(positional, 'a page to import');
      const text = await readText(page);
      let episode: Episode;
      if (/\.(json|vtt|srt)$/i.test(page)) {
        const t = parseTimedTranscript(text, basename(page));
        if (!t.ok) throw new UsageError(`${page}: ${t.error}`);
        episode = episodeFromTranscriptFile(t.value, basename(page));
      } else {
        const result = importEpisodePage(text, { fileName: basename(page) });
        if (!result.ok) throw new UsageError(`${page}: ${result.error}`);
        episode = result.value;
      }
      const timesFile = options['--times'];
      if (timesFile) {
        const t = parseTimedTranscript(await readText(timesFile), basename(timesFile));
        if (!t.ok) throw new UsageError(`${timesFile}: ${t.error}`);
        const applied = applyTranscriptTimes(episode, t.value);
        if (!applied.ok) throw new UsageError(`${timesFile}: ${applied.error}`);
        episode = applied.value.episode;
        io.err(
          `${applied.value.aligned} of ${episode.turns.length} turns got exact times from ${timesFile}\n`,
        );
      }
      const out = options['-o'] ?? options['--output'];
      await emit(serializeEpisode(episode), out, io);
      if (out) io.err(`Wrote ${out}: ${summarize(episode)}\n`);
      return 0;
    },
  },
  validate: {
    summary: 'check an episode JSON file against the episode format',
    usage: 'hark validate <episode.json>',
    help: 'Checks that a file is a valid Hark episode (format hark-episode/1). Prints a summary, or the path\nand the problem, e.g. `turns[12].speaker: unknown speaker "bob"`.',
    async run(args, io) {
      const { positional } = parseArgs(args, []);
      const file = single(positional, 'an episode file to validate');
      const episode = await readEpisode(file);
      io.out(`${file}: valid ${episode.format} episode, ${summarize(episode)}\n`);
      return 0;
    },
  },
  search: {
    summary: 'search an episode for a half-remembered quote (typos welcome)',
    usage: 'hark search <episode.json> "<query>" [--json] [--limit N]',
    help: "Prints the matching paragraphs, best first: turn, paragraph, speaker, the matched character ranges\nin the paragraph's plain text, and a snippet. --json prints them as a JSON array.",
    async run(args, io) {
      const { positional, options, flags } = parseArgs(args, ['--limit'], ['--json']);
      if (positional.length < 2) fail('expected an episode file and a query');
      const [file, ...words] = positional;
      const episode = await readEpisode(file!);
      const limit = options['--limit'] === undefined ? 20 : Number(options['--limit']);
      if (!Number.isInteger(limit) || limit < 1) fail('--limit needs a whole number of at least 1');
      const index = SearchIndex.fromEpisode(episode);
      // The query is complete: a trailing space tells the index no word is still being typed.
      const hits = index.search(`${words.join(' ')} `, { limit });
      const names = new Map(episode.speakers.map((s) => [s.id, s.name]));
      const rows = hits.map((h) => {
        const text = index.docs[h.doc]!.text;
        return {
          turn: h.turn,
          paragraph: h.paragraph,
          speaker: names.get(h.speaker) ?? h.speaker,
          score: Number(h.score.toFixed(3)),
          ranges: h.ranges,
          snippet: snippetOf(text, h.ranges, 120, h.focus).text,
        };
      });
      if (flags.has('--json')) io.out(`${JSON.stringify(rows, null, 2)}\n`);
      else if (rows.length === 0) io.out('No matches.\n');
      else {
        for (const r of rows) {
          const ranges = r.ranges.map(([a, b]) => `${a}-${b}`).join(',');
          io.out(`turn ${r.turn} ¶${r.paragraph} · ${r.speaker} · chars ${ranges}\n  ${r.snippet}\n`);
        }
      }
      return 0;
    },
  },
  export: {
    summary: "export an episode's transcript with its times (JSON, WebVTT, SRT, text, markdown)",
    usage: 'hark export <episode.json> --format json|vtt|srt|txt|md [--duration SECONDS] [-o file]',
    help: "Writes the transcript with exact times where the episode has them and estimated ones elsewhere\n(the app's timing model). --duration gives the audio's length in seconds when the episode does not.",
    async run(args, io) {
      const { positional, options } = parseArgs(args, ['--format', '-f', '--duration', '-o', '--output']);
      const episode = await readEpisode(single(positional, 'an episode file to export'));
      const format = (options['--format'] ?? options['-f'] ?? '') as ExportFormat;
      if (!['json', 'vtt', 'srt', 'txt', 'md'].includes(format))
        fail('--format must be json, vtt, srt, txt or md');
      const durationText = options['--duration'];
      const duration = durationText === undefined ? episode.audio?.duration : Number(durationText);
      if (duration !== undefined && !(Number.isFinite(duration) && duration > 0)) {
        fail('--duration needs a number of seconds');
      }
      const timeline = buildTimeline(episode.turns, layoutText(episode.turns), {
        duration,
        anchors: episode.anchors,
      });
      const text = exportTranscript(episode, timeline, format);
      const out = options['-o'] ?? options['--output'];
      await emit(text, out, io);
      return 0;
    },
  },
  'timing-eval': {
    summary: 'measure the turn-time estimate on timed transcripts (Podcasting 2.0 JSON)',
    usage:
      'hark timing-eval <transcript.json>... [--sync-every SECONDS] [--sync-to moment|sentence|heard] [--json]',
    help: "Hides the real times, estimates every turn's start from the text and the episode's length with the\napp's timing model, and prints per file and on average the share of the time the estimated active\nturn is the true one, and the median error of turn starts. --sync-every also simulates a listener\nwho syncs that often. --sync-to says how: moment (at time T, the turn truly playing at T is said to be\nplaying at T), sentence (the default: the listener taps the next sentence to begin, 0.3–1.2 s after it\ndoes, and its start is anchored at the tap less the app's reaction allowance) or heard (at time T the\nlistener taps the sentence being heard).",
    async run(args, io) {
      const { positional, options, flags } = parseArgs(args, ['--sync-every', '--sync-to'], ['--json']);
      const syncTo = (options['--sync-to'] ?? 'sentence') as SyncStyle;
      if (!['moment', 'sentence', 'heard'].includes(syncTo)) fail('--sync-to is moment, sentence or heard');
      if (positional.length === 0) fail('missing a timed transcript to measure on');
      const syncText = options['--sync-every'];
      const syncEvery = syncText === undefined ? undefined : Number(syncText);
      if (syncEvery !== undefined && !(Number.isFinite(syncEvery) && syncEvery > 0)) {
        fail('--sync-every needs a number of seconds');
      }
      const rows: { file: string; plain: TimingScore; synced?: TimingScore }[] = [];
      for (const file of positional) {
        const parsed = parsePodcastingJson(await readText(file));
        if (!parsed.ok) throw new UsageError(`${file}: ${parsed.error}`);
        const truth = mergeSegments(parsed.value.segments);
        if (truth.length === 0) fail(`${file}: no segments`);
        rows.push({
          file,
          plain: evaluateTiming(truth),
          ...(syncEvery ? { synced: evaluateTiming(truth, { syncEvery, syncTo }) } : {}),
        });
      }
      const mean = (f: (r: (typeof rows)[number]) => number): number =>
        rows.reduce((a, r) => a + f(r), 0) / rows.length;
      const summary = {
        accuracy: mean((r) => r.plain.accuracy),
        medianStartError: mean((r) => r.plain.medianStartError),
        ...(syncEvery
          ? {
              syncEvery,
              syncTo,
              syncedAccuracy: mean((r) => r.synced!.accuracy),
              syncedMedianStartError: mean((r) => r.synced!.medianStartError),
            }
          : {}),
      };
      if (flags.has('--json')) {
        io.out(`${JSON.stringify({ files: rows, mean: summary }, null, 2)}\n`);
        return 0;
      }
      const pct = (x: number): string => `${(100 * x).toFixed(1)} %`.padStart(7);
      const sec = (x: number): string => `${x.toFixed(1)} s`.padStart(8);
      const header = `${'file'.padEnd(44)} ${'turns'.padStart(5)} ${'length'.padStart(7)}   accuracy  median error${syncEvery ? `   with a sync every ${syncEvery} s (${syncTo})` : ''}`;
      io.out(`${header}\n`);
      for (const r of rows) {
        const name = basename(r.file).slice(0, 44).padEnd(44);
        const length = `${Math.round(r.plain.duration / 60)} min`.padStart(7);
        const synced = r.synced ? `   ${pct(r.synced.accuracy)} ${sec(r.synced.medianStartError)}` : '';
        io.out(
          `${name} ${String(r.plain.turns).padStart(5)} ${length}   ${pct(r.plain.accuracy)} ${sec(r.plain.medianStartError)}${synced}\n`,
        );
      }
      const synced = syncEvery
        ? `   ${pct(summary.syncedAccuracy!)} ${sec(summary.syncedMedianStartError!)}`
        : '';
      io.out(
        `${'mean'.padEnd(44)} ${''.padStart(5)} ${''.padStart(7)}   ${pct(summary.accuracy)} ${sec(summary.medianStartError)}${synced}\n`,
      );
      return 0;
    },
  },
  episodes: {
    summary: 'regenerate episodes/*.json and episodes/index.json from episodes/*.md',
    usage: 'hark episodes [dir]',
    help: 'Imports every page in the episodes folder (default: ./episodes), writes <slug>.json beside it and\nthe index the app reads (index.json). With --check, writes nothing and fails if a file is out of date.',
    async run(args, io) {
      const { positional, flags } = parseArgs(args, [], ['--check']);
      const dir = resolve(positional[0] ?? 'episodes');
      const names = (await readdir(dir).catch(() => fail(`${dir}: no such folder`)))
        .filter((n) => /\.mdx?$/.test(n))
        .sort();
      const episodes = [];
      const outputs: [string, string][] = [];
      for (const name of names) {
        const result = importEpisodePage(await readText(join(dir, name)), { fileName: name });
        if (!result.ok) throw new UsageError(`${name}: ${result.error}`);
        episodes.push(result.value);
        outputs.push([join(dir, `${result.value.slug}.json`), serializeEpisode(result.value)]);
      }
      outputs.push([join(dir, 'index.json'), `${JSON.stringify(buildIndex(episodes), null, 2)}\n`]);
      let stale = 0;
      for (const [file, content] of outputs) {
        const current = await readFile(file, 'utf8').catch(() => null);
        if (current === content) continue;
        stale++;
        if (flags.has('--check')) io.err(`${file} is out of date; run npm run episodes\n`);
        else await writeFile(file, content);
      }
      if (flags.has('--check')) return stale ? 1 : 0;
      io.err(`${names.length} episode page(s), ${stale} file(s) written in ${dir}\n`);
      return 0;
    },
  },
};

/** Writes a command's output to the file given with -o, or to stdout. */
async function emit(text: string, out: string | undefined, io: Io): Promise<void> {
  if (out) await writeFile(out, text);
  else io.out(text);
}

async function readEpisode(file: string): Promise<Episode> {
  const result = parseEpisodeJson(await readText(file));
  if (!result.ok) fail(`${file}: ${result.error}`);
  return result.value;
}

function summarize(e: { speakers: unknown[]; turns: { paragraphs: unknown[] }[]; title: string }): string {
  const paragraphs = e.turns.reduce((n, t) => n + t.paragraphs.length, 0);
  return `"${e.title}": ${e.speakers.length} speakers, ${e.turns.length} turns, ${paragraphs} paragraphs`;
}

function fail(message: string): never {
  throw new UsageError(message);
}

function single(positional: string[], what: string): string {
  if (positional.length === 0) fail(`missing ${what}`);
  if (positional.length > 1) fail(`expected ${what}, got ${positional.length} arguments`);
  return positional[0]!;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail(`${file}: no such file`);
    if (code === 'EISDIR') fail(`${file}: is a folder, not a file`);
    fail(`${file}: cannot be read (${code ?? 'unknown error'})`);
  }
}

function parseArgs(
  args: string[],
  valued: string[],
  booleans: string[] = [],
): { positional: string[]; options: Record<string, string>; flags: Set<string> } {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (valued.includes(a)) {
      const v = args[++i];
      if (v === undefined) fail(`${a} needs a value`);
      options[a] = v;
    } else if (booleans.includes(a)) flags.add(a);
    else if (a.startsWith('-') && a !== '-') fail(`unknown option ${a}`);
    else positional.push(a);
  }
  return { positional, options, flags };
}

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `hark: read a podcast transcript while you listen\n\nUsage: hark <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`hark <command> --help\` for a command's options.\n`;
}

/** Runs the CLI; returns the exit status (0 ok, 1 check failed, 2 bad input). */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`hark: unknown command "${name}"; run hark --help for the list\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: ${command.usage}\n\n${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`hark ${name}: ${e.message}\n`);
      return 2;
    }
    const detail = e instanceof Error ? e.message : String(e);
    io.err(`hark ${name}: unexpected error: ${detail}\n`);
    return 1;
  }
}
