// Shared set-up for e2e tests of the player: a real speech recording and an episode that points at it.
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { markdownToPlain } from '../../src/lib/episode/text.ts';
import type { Episode } from '../../src/lib/episode/types.ts';
import { generatedPath, makeSpeechWav, type RouteHandler } from './harness.ts';

export const defaultEpisode: Episode = JSON.parse(readFileSync('episodes/kelsey-hightower.json', 'utf8'));

/**
 * About two and a half minutes of espeak-ng reading the start of the default episode: real speech that
 * Howler streams, with the transcript's turns spread over it.
 */
export function speechWav(): string {
  const words = defaultEpisode.turns
    .flatMap((t) => t.paragraphs.map(markdownToPlain))
    .join(' ')
    .split(' ');
  const text = words.slice(0, 500).join(' ');
  return makeSpeechWav(generatedPath('kelsey-start.wav'), text, { wordsPerMinute: 190 });
}

/** Routes that serve the default episode with its audio pointing at the generated speech. */
export function episodeWithLocalAudio(wav: string): {
  routes: Record<string, RouteHandler>;
  extraDirs: Record<string, string>;
} {
  const episode: Episode = {
    ...defaultEpisode,
    audio: { src: `test-audio/${basename(wav)}`, type: 'audio/wav' },
  };
  return {
    routes: {
      '/episodes/kelsey-hightower.json': (_req, res) => {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(episode));
      },
    },
    extraDirs: { '/test-audio/': dirname(wav) },
  };
}
