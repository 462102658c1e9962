import { readFile, writeFile, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { importEpisodePage } from '../lib/episode/importer.ts';
import { parseEpisodeJson } from '../lib/episode/validate.ts';
import { buildIndex, serializeEpisode } from '../lib/episode/catalog.ts';
import { SearchIndex, snippetOf } from '../lib/search/search-index.ts';
import type { Episode } from '../lib/episode/types.ts';

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
    usage: 'hark import <page.md> [-o out.json]',
    help: 'Reads an episode page (YAML front matter, show notes, audio tag, **Speaker:** transcript) and\nprints the episode as JSON, or writes it to the file given with -o.',
    async run(args, io) {
      const { positional, options } = parseArgs(args, ['-o', '--output']);
      const page = single(positional, 'a page to import');
      const text = await readText(page);
      const result = importEpisodePage(text, { fileName: basename(page) });
      if (!result.ok) throw new UsageError(`${page}: ${result.error}`);
      const json = serializeEpisode(result.value);
      const out = options['-o'] ?? options['--output'];
      if (out) {
        await writeFile(out, json);
        io.err(`Wrote ${out}: ${summarize(result.value)}\n`);
      } else io.out(json);
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
      const result = parseEpisodeJson(await readText(file));
      if (!result.ok) throw new UsageError(`${file}: ${result.error}`);
      io.out(`${file}: valid ${result.value.format} episode, ${summarize(result.value)}\n`);
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
          snippet: snippetOf(text, h.ranges, 120).text,
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
