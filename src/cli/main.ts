import { constants } from 'node:fs';
import { access, readFile, writeFile, readdir, rename, rm, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { importEpisodePage } from '../lib/episode/importer.ts';
import { parseEpisodeJson } from '../lib/episode/validate.ts';
import { buildIndex, serializeEpisode } from '../lib/episode/catalog.ts';
import { SearchIndex, snippetOf } from '../lib/search/search-index.ts';
import type { Episode } from '../lib/episode/types.ts';
import {
  applyTranscriptTimes,
  decodeText,
  exportTranscript,
  parsePodcastingJson,
  parseTimedTranscript,
  type ExportFormat,
} from '../lib/formats/index.ts';
import { evaluateTiming, mergeSegments, type SyncStyle, type TimingScore } from '../lib/timing/evaluate.ts';
import { buildTimeline, layoutText } from '../lib/timing/timeline.ts';
import { isExactParagraphStart } from '../lib/timing/exact-times.ts';
import { formatClock } from '../lib/episode/text.ts';
import { markdownWarning } from '../lib/markdown/limits.ts';
import { alignCommands } from './align/commands.ts';
import { parseArgs as parseCommandArgs, type ParsedArgs } from './args.ts';
import { AudioError } from './align/decode.ts';
import { alignForPublishing } from './align/publish.ts';
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
    usage: 'hark import <page.md | transcript.json|.vtt|.srt|.html | -> [--times transcript] [-o out.json]',
    help: "Reads an episode page (YAML front matter, show notes, audio tag, **Speaker:** transcript), or a timed\ntranscript alone (Podcasting 2.0 JSON, WebVTT, SRT, HTML), and prints the episode as JSON, or writes it to\nthe file given with -o (never one of its inputs). A - reads the page from stdin. With --times, a timed\ntranscript of the same talk gives the page's turns exact times. What the importer leaves out or could not\nread is printed as a warning on stderr.",
    async run(args, io) {
      const { positional, options } = parseArgs(args, ['-o', '--output', '--times']);
      const page = single(positional, 'a page to import');
      const out = options['-o'] ?? options['--output'];
      const timesFile = options['--times'];
      await refuseOverwrite(out, [page, timesFile]);
      const text = await readText(page);
      const name = page === '-' ? 'stdin' : basename(page);
      let episode: Episode;
      if (/\.(json|vtt|webvtt|srt|html?)$/i.test(page) || (page === '-' && looksTimed(text))) {
        const t = parseTimedTranscript(text, name);
        if (!t.ok) throw new UsageError(`${page}: ${t.error}`);
        for (const w of t.value.warnings ?? []) io.err(`${page}: ${w}\n`);
        episode = episodeFromTranscriptFile(t.value, name);
      } else {
        const result = importEpisodePage(text, page === '-' ? {} : { fileName: name });
        if (!result.ok) throw new UsageError(`${page}: ${result.error}`);
        episode = result.value;
        for (const w of result.warnings) io.err(`${page}: warning: ${w}\n`);
      }
      if (timesFile) {
        const t = parseTimedTranscript(await readText(timesFile), basename(timesFile));
        if (!t.ok) throw new UsageError(`${timesFile}: ${t.error}`);
        for (const w of t.value.warnings ?? []) io.err(`${timesFile}: ${w}\n`);
        const applied = applyTranscriptTimes(episode, t.value);
        if (!applied.ok) throw new UsageError(`${timesFile}: ${applied.error}`);
        episode = applied.value.episode;
        const { aligned, estimated } = applied.value;
        const skipped = estimated
          ? ` (${estimated} more matched times the file marks as estimated, which were not used)`
          : '';
        io.err(`${aligned} of ${episode.turns.length} turns got exact times from ${timesFile}${skipped}\n`);
      }
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
      for (const w of markdownWarnings(episode)) io.err(`${file}: warning: ${w}\n`);
      io.out(`${file}: valid ${episode.format} episode, ${summarize(episode)}\n`);
      return 0;
    },
  },
  search: {
    summary: 'search an episode for a half-remembered quote (typos welcome)',
    usage: 'hark search <episode.json> "<query>" [--json] [--limit N]',
    help: 'Prints the matching paragraphs, best first: turn and paragraph (numbered from 1, as in the app), the\ntime the paragraph starts ("≈" when it is estimated), speaker, the matched character ranges in the\nparagraph\'s plain text, and a snippet. --json prints them as a JSON array.',
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
      // The same times the app shows: exact where the episode has them, the timing model's estimate elsewhere.
      const timeline = buildTimeline(episode.turns, layoutText(episode.turns), {
        duration: episode.audio?.duration,
        anchors: episode.anchors,
      });
      const rows = hits.map((h) => {
        const text = index.docs[h.doc]!.text;
        return {
          turn: h.turn + 1,
          paragraph: h.paragraph + 1,
          time: Number(
            (timeline.paragraphStarts[h.turn]?.[h.paragraph] ?? timeline.turnStarts[h.turn] ?? 0).toFixed(2),
          ),
          estimated: !isExactParagraphStart(timeline, episode.anchors, h.turn, h.paragraph),
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
          const time = `${r.estimated ? '≈ ' : ''}${formatClock(r.time)}`;
          io.out(
            `turn ${r.turn} ¶${r.paragraph} · ${time} · ${r.speaker} · chars ${ranges}\n  ${r.snippet}\n`,
          );
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
      const input = single(positional, 'an episode file to export');
      await refuseOverwrite(options['-o'] ?? options['--output'], [input]);
      const episode = await readEpisode(input);
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
      // A listener presses "Sync here" at most about once a second; less would only make the run endless.
      if (syncEvery !== undefined && syncEvery < 1) fail('--sync-every needs at least 1 second');
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
  ...alignCommands,
  episodes: {
    summary: 'regenerate episodes/*.json and episodes/index.json from episodes/*.md',
    usage: 'hark episodes [dir]',
    help: 'Imports every page in the episodes folder (default: ./episodes), writes <slug>.json beside it and\nthe index the app reads (index.json). With --check, writes nothing and fails if a file is out of date.\nA page whose audio file sits beside it (<page>.mp3, or its audio src) gets exact times from the audio,\ncached in .hark-align/ by the hash of the audio and the transcript.',
    async run(args, io) {
      const { positional, flags } = parseArgs(args, [], ['--check']);
      const dir = resolve(positional[0] ?? 'episodes');
      const names = (
        await readdir(dir).catch((e: NodeJS.ErrnoException) =>
          fail(
            `${dir}: ${e.code === 'ENOENT' ? 'no such folder' : e.code === 'ENOTDIR' ? 'is a file, not a folder' : fileProblem(e, 'cannot be read')}`,
          ),
        )
      )
        .filter((n) => /\.mdx?$/.test(n))
        .sort();
      const episodes = [];
      const outputs: [string, string][] = [];
      const pageOfSlug = new Map<string, string>();
      for (const name of names) {
        const result = importEpisodePage(await readText(join(dir, name)), { fileName: name });
        if (!result.ok) throw new UsageError(`${name}: ${result.error}`);
        for (const w of result.warnings) io.err(`${name}: warning: ${w}\n`);
        const slug = result.value.slug;
        if (RESERVED_SLUGS.has(slug)) {
          fail(
            `${name}: the slug "${slug}" is reserved (its JSON would replace ${slug}.json); set another slug in its front matter`,
          );
        }
        const other = pageOfSlug.get(slug);
        if (other)
          fail(`${name}: the slug "${slug}" is also the slug of ${other}; give one of them another slug`);
        pageOfSlug.set(slug, name);
        // A page with its audio file beside it gets exact times from the audio (cached by the audio's hash).
        const { episode, aligned } = await alignForPublishing(dir, name, result.value, {
          write: !flags.has('--check'),
        });
        if (aligned === 'new') io.err(`${name}: aligned to its audio\n`);
        episodes.push(episode);
        outputs.push([join(dir, `${slug}.json`), serializeEpisode(episode)]);
      }
      outputs.push([join(dir, 'index.json'), `${JSON.stringify(buildIndex(episodes), null, 2)}\n`]);
      let stale = 0;
      for (const [file, content] of outputs) {
        const current = await readFile(file, 'utf8').catch(() => null);
        if (current === content) continue;
        stale++;
        if (flags.has('--check')) io.err(`${file} is out of date; run npm run episodes\n`);
        else await writeSafely(file, content);
      }
      if (flags.has('--check')) return stale ? 1 : 0;
      io.err(`${names.length} episode page(s), ${stale} file(s) written in ${dir}\n`);
      return 0;
    },
  },
};

/** Text the app will show as written rather than formatted (markup too deep or too much for the renderer). */
function markdownWarnings(episode: Episode): string[] {
  const texts: [string, string][] = [
    ['description', episode.description],
    ['showNotes.markdown', episode.showNotes.markdown],
  ];
  episode.turns.forEach((t, i) =>
    t.paragraphs.forEach((p, j) => texts.push([`turns[${i}].paragraphs[${j}]`, p])),
  );
  const warnings: string[] = [];
  for (const [where, text] of texts) {
    const problem = markdownWarning(text);
    if (problem) warnings.push(`${where}: shown as written, not formatted: ${problem}`);
    if (warnings.length === 10) break;
  }
  return warnings;
}

/** Slugs whose JSON file the app or the build reads for something else. */
const RESERVED_SLUGS = new Set(['index']);

/** Writes a command's output to the file given with -o, or to stdout. */
async function emit(text: string, out: string | undefined, io: Io): Promise<void> {
  if (out) await writeSafely(out, text);
  else io.out(text);
}

/** A file's real path, or its absolute path when it does not exist (yet). */
async function pathOf(file: string): Promise<string> {
  return realpath(file).catch(() => resolve(file));
}

/** Refuses an output file that is one of the inputs: the input would be gone before it was read. */
async function refuseOverwrite(out: string | undefined, inputs: (string | undefined)[]): Promise<void> {
  if (!out || out === '-') return;
  const target = await pathOf(out);
  for (const input of inputs) {
    if (input && input !== '-' && (await pathOf(input)) === target) {
      fail(`${out}: is also an input; write the output to another file`);
    }
  }
}

/**
 * Writes a file through a temporary file beside it and a rename, so a failed write never leaves half a file;
 * a file-system error is one line naming the path.
 */
async function writeSafely(file: string, text: string): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    // A file the user may not write stays as it is, even though the folder would let a rename replace it.
    await access(file, constants.W_OK).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (e) {
    await rm(temporary, { force: true }).catch(() => undefined);
    fail(`${file}: ${fileProblem(e, 'cannot be written')}`);
  }
}

/** One phrase for a file-system error. */
function fileProblem(e: unknown, fallback: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'ENOTDIR':
      return 'a folder on the way is a file';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return `${fallback} (${code ?? 'unknown error'})`;
  }
}

/** Whether text read from stdin is a timed transcript (WebVTT, SRT or JSON) rather than an episode page. */
function looksTimed(text: string): boolean {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  return start.startsWith('WEBVTT') || start.startsWith('{') || /^\d+\r?\n\d\d:\d\d/.test(start);
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
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

/** A file's text: UTF-8, UTF-16 or UTF-32 with a BOM, or Windows-1252 when not UTF-8; binary is refused. */
async function readText(file: string): Promise<string> {
  try {
    const decoded = decodeText(file === '-' ? await readStdin() : await readFile(file));
    if (!decoded.ok) fail(`${file}: ${decoded.error}`);
    return decoded.value.text;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail(`${file}: no such file`);
    fail(`${file}: ${fileProblem(e, 'cannot be read')}`);
  }
}

function parseArgs(args: string[], valued: string[], booleans: string[] = []): ParsedArgs {
  return parseCommandArgs(args, valued, booleans, fail);
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
    if (e instanceof UsageError || e instanceof AudioError) {
      io.err(`hark ${name}: ${e.message}\n`);
      return 2;
    }
    const detail = e instanceof Error ? e.message : String(e);
    io.err(`hark ${name}: unexpected error: ${detail}\n`);
    return 1;
  }
}
