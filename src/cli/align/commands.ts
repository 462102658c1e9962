import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { serializeEpisode } from '../../lib/episode/catalog.ts';
import { importEpisodePage } from '../../lib/episode/importer.ts';
import type { Episode } from '../../lib/episode/types.ts';
import { parseEpisodeJson } from '../../lib/episode/validate.ts';
import { withAlignment } from '../../lib/align/apply.ts';
import { parseArgs, type ParsedArgs } from '../args.ts';
import { AudioError } from './decode.ts';
import { encodeSpeechTrack, speechTextHash } from '../../lib/align/speech-track.ts';
import { alignRecording, HOP, synthesizeScripts } from './run.ts';
import { runEval } from './evaluate.ts';

export { withAlignment };

interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Arguments as every command reads them; a problem is an AudioError, a one-line exit 2. */
export function parseAlignArgs(args: string[], valued: string[], booleans: string[]): ParsedArgs {
  return parseArgs(args, valued, booleans, (message) => {
    throw new AudioError(message);
  });
}

/** Reads an episode JSON file or imports an episode page (markdown). */
export async function readEpisodeOrPage(file: string): Promise<Episode> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new AudioError(
      e.code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot be read (${e.code})`,
    );
  });
  const result = /\.(md|mdx|markdown)$/i.test(file)
    ? importEpisodePage(text, { fileName: basename(file) })
    : parseEpisodeJson(text);
  if (!result.ok) throw new AudioError(`${file}: ${result.error}`);
  if (result.value.turns.length === 0) throw new AudioError(`${file}: the episode has no transcript turns`);
  return result.value;
}

function peakMemoryMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export const alignCommands = {
  align: {
    summary: 'find where every turn starts in the recording (exact times from the audio)',
    usage: 'hark align <episode.json|page.md> <audio file or URL> [-o out.json] [--json] [--language en-us]',
    help:
      'Speaks the transcript with espeak-ng, matches it to the recording (ffmpeg decodes any audio, file or\n' +
      'http(s) URL) and writes the episode with exact turn starts (source "audio") and a confidence per turn.\n' +
      'Turns it cannot place keep an estimate between their placed neighbours. --json prints\n' +
      '{"turns":[{"start","confidence"}…],"duration",…} instead. --language picks the espeak-ng voice language.',
    async run(args: string[], io: Io): Promise<number> {
      const { positional, options, flags } = parseAlignArgs(
        args,
        ['-o', '--output', '--language'],
        ['--json'],
      );
      if (positional.length !== 2)
        throw new AudioError('expected an episode (JSON or page) and an audio file or URL');
      const [file, audio] = positional as [string, string];
      const language = options['--language'] ?? 'en-us';
      if (!/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(language))
        throw new AudioError(`--language: "${language}" is not a language code`);
      const episode = await readEpisodeOrPage(file);
      const run = await alignRecording(episode.turns, audio, { language });
      const out = options['-o'] ?? options['--output'];
      if (flags.has('--json')) {
        const report = {
          turns: run.turns.map((t) => ({ start: t.start, confidence: t.confidence })),
          duration: Math.round(run.duration * 100) / 100,
          placed: run.confident,
          paragraphs: run.paragraphs.reduce((n, p) => n + p.length, 0),
          ...(run.warning ? { warning: run.warning } : {}),
          agreement: Math.round(run.agreement * 1000) / 1000,
          match: Math.round(run.match * 1000) / 1000,
          timing: run.timing,
          peakMemoryMB: peakMemoryMb(),
          cells: run.cells,
        };
        io.out(`${JSON.stringify(report)}\n`);
        if (out) await writeFile(out, serializeEpisode(withAlignment(episode, run)));
        return 0;
      }
      const text = serializeEpisode(withAlignment(episode, run));
      if (out) await writeFile(out, text);
      else io.out(text);
      if (run.warning) io.err(`hark align: warning: ${run.warning}\n`);
      io.err(
        `${run.confident} of ${run.turns.length} turns placed from the audio (${run.duration.toFixed(1)} s of audio in ${run.timing.total.toFixed(1)} s)\n`,
      );
      return 0;
    },
  },
  speech: {
    summary:
      'write the speech track that lets the app align a local recording (no speech synthesis in the browser)',
    usage: 'hark speech <episode.json|page.md> [-o episode.json] [--language en-us]',
    help:
      'Speaks the transcript with espeak-ng (two voices and paces, as hark align does) and writes its features,\n' +
      'not its sound, to <episode>.speech beside the episode JSON, which gets "speech": {"src": …}. The app then\n' +
      'offers "Align with the audio" for a local recording of it. Writes to the episode JSON given (or -o).',
    async run(args: string[], io: Io): Promise<number> {
      const { positional, options } = parseAlignArgs(args, ['-o', '--output', '--language'], []);
      if (positional.length !== 1) throw new AudioError('expected one episode (JSON or page)');
      const file = positional[0]!;
      const out = options['-o'] ?? options['--output'] ?? (/\.json$/i.test(file) ? file : undefined);
      if (!out)
        throw new AudioError('a page needs -o <episode.json> to write the episode with its speech track');
      const language = options['--language'] ?? 'en-us';
      if (!/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(language))
        throw new AudioError(`--language: "${language}" is not a language code`);
      const episode = await readEpisodeOrPage(file);
      const renderings = await synthesizeScripts(episode.turns, language);
      const track = encodeSpeechTrack({
        hop: HOP,
        dims: renderings[0]!.features.dims,
        textHash: speechTextHash(episode.turns),
        renderings,
      });
      const trackFile = `${out.replace(/\.json$/i, '')}.speech`;
      await writeFile(trackFile, track);
      await writeFile(out, serializeEpisode({ ...episode, speech: { src: basename(trackFile) } }));
      io.err(`wrote ${trackFile} (${Math.round(track.length / 1024)} KB) and ${out}\n`);
      return 0;
    },
  },
  'align-eval': {
    summary: 'measure audio alignment on recordings with known segment times',
    usage: 'hark align-eval <case.segments.json>... [--json]',
    help:
      'Each case is a <name>.segments.json ({"audio","segments":[{speaker,start,end,text}]}) beside its audio.\n' +
      'Aligns its text to its audio (in a child process, to measure memory) and prints per case and on average\n' +
      'the share of time on the right segment, the median and 90th-percentile start error, × real time and\n' +
      'peak memory, next to the text-only estimate.',
    async run(args: string[], io: Io): Promise<number> {
      const { positional, flags } = parseAlignArgs(args, [], ['--json']);
      if (positional.length === 0)
        throw new AudioError('missing a case (<name>.segments.json) to measure on');
      return runEval(positional, flags.has('--json'), io);
    },
  },
};
