import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isWebUrl } from '../../lib/episode/text.ts';
import type { Episode } from '../../lib/episode/types.ts';
import { withAlignment } from './commands.ts';
import { alignRecording } from './run.ts';

/** Bumped when the aligner changes enough that cached results should be redone. */
const ALIGNER_VERSION = 2;
const AUDIO_EXTENSIONS = ['mp3', 'm4a', 'ogg', 'opus', 'wav', 'flac', 'aac'];

interface Cached {
  key: string;
  duration: number;
  turns: { start: number; confidence: number; exact: boolean }[];
  paragraphs: { start: number; confidence: number }[][];
}

/** The audio file of a page in `dir`: its `audio.src` when that is a file there, else `<page name>.<audio ext>`. */
export function audioBeside(dir: string, pageName: string, episode: Episode): string | undefined {
  const src = episode.audio?.src;
  if (src && !isWebUrl(src) && !src.includes('..') && existsSync(join(dir, src))) return join(dir, src);
  const base = pageName.replace(/\.[^.]+$/, '');
  return AUDIO_EXTENSIONS.map((ext) => join(dir, `${base}.${ext}`)).find((f) => existsSync(f));
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => hash.update(d))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * For `hark episodes`: gives a page exact times from the audio file beside it. The result is cached in
 * `<dir>/.hark-align/<slug>.json` under a hash of the audio, the transcript and the aligner, so only what
 * changed is aligned again; commit that folder and a published site never aligns twice.
 */
export async function alignForPublishing(
  dir: string,
  pageName: string,
  episode: Episode,
  { write = true } = {},
): Promise<{ episode: Episode; aligned: 'none' | 'cached' | 'new' }> {
  const audio = audioBeside(dir, pageName, episode);
  if (!audio) return { episode, aligned: 'none' };
  const text = createHash('sha256')
    .update(JSON.stringify(episode.turns.map((t) => [t.speaker, t.paragraphs])))
    .digest('hex');
  const key = `${ALIGNER_VERSION}:${await hashFile(audio)}:${text}`;
  const cacheDir = join(dir, '.hark-align');
  const cacheFile = join(cacheDir, `${episode.slug}.json`);
  const cached = await readFile(cacheFile, 'utf8')
    .then((t) => JSON.parse(t) as Cached)
    .catch(() => null);
  if (cached?.key === key && cached.turns.length === episode.turns.length) {
    return { episode: withAlignment(episode, cached), aligned: 'cached' };
  }
  const run = await alignRecording(episode.turns, audio);
  const entry: Cached = {
    key,
    duration: run.duration,
    turns: run.turns,
    paragraphs: run.paragraphs.map((p) =>
      p.map((u) => ({ start: Math.round(u.start * 100) / 100, confidence: u.confidence })),
    ),
  };
  if (write) {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(cacheFile, `${JSON.stringify(entry)}\n`);
  }
  return { episode: withAlignment(episode, entry), aligned: 'new' };
}
