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

/** Routes that serve the default episode (with `changes`) with its audio pointing at the generated speech. */
export function episodeWithLocalAudio(
  wav: string,
  changes: Partial<Episode> = {},
): {
  routes: Record<string, RouteHandler>;
  extraDirs: Record<string, string>;
} {
  const episode: Episode = {
    ...defaultEpisode,
    ...changes,
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

/**
 * Ten thousand short turns (the default episode's turn openings, numbered "Turn 1: …" to "Turn 10000: …"),
 * for the extreme-size test and `npm run bench`.
 */
export function tenThousandTurns(audio: Episode['audio'] = null): Episode {
  const n = defaultEpisode.turns.length;
  return {
    ...defaultEpisode,
    slug: 'ten-thousand',
    title: 'Ten thousand turns',
    audio,
    anchors: [],
    turns: Array.from({ length: 10_000 }, (_, i) => ({
      speaker: defaultEpisode.speakers[i % 2]!.id,
      paragraphs: [
        `Turn ${i + 1}: ${defaultEpisode.turns[i % n]!.paragraphs[0]!.slice(0, 120)} **and** more.`,
      ],
    })),
  };
}

/**
 * A hundred thousand tiny turns ("Turn 1: …" to "Turn 100000: …", about 4 MB of JSON), made on the fly for the
 * extreme-size test and `npm run bench` (never stored).
 */
export function hundredThousandTurns(audio: Episode['audio'] = null): Episode {
  return {
    ...defaultEpisode,
    slug: 'hundred-thousand',
    title: 'A hundred thousand turns',
    audio,
    anchors: [],
    turns: Array.from({ length: 100_000 }, (_, i) => ({
      speaker: defaultEpisode.speakers[i % 2]!.id,
      paragraphs: [`Turn ${i + 1}: yes, ${i % 3 === 0 ? 'indeed' : 'right'}.`],
    })),
  };
}
