/** Reading exports: plain text and markdown, a heading per turn with its speaker and time. */
import type { Episode } from '../episode/types.ts';
import { formatClock, markdownToPlain } from '../episode/text.ts';
import { exactness, speakerNames } from './cues.ts';
import type { TranscriptTimes } from './types.ts';

/** "12:34" for a known time, "≈ 12:34" for an estimate. */
function clock(episode: Episode, times: TranscriptTimes): (turn: number) => string {
  const exact = exactness(episode, times);
  return (i) => {
    const time = formatClock(times.turnStarts[i] ?? 0);
    return exact(i) ? time : `≈ ${time}`;
  };
}

/**
 * Plain text: the title, then per turn a line "Speaker Name (≈ 12:34)" (no "≈" where the time is exact)
 * followed by its paragraphs as plain text, separated by blank lines.
 */
export function writePlainText(episode: Episode, times: TranscriptTimes): string {
  const nameOf = speakerNames(episode);
  const at = clock(episode, times);
  const turns = episode.turns.map((turn, i) => {
    const paragraphs = turn.paragraphs.map(markdownToPlain).filter((p) => p !== '');
    return `${nameOf(turn.speaker)} (${at(i)})\n${paragraphs.join('\n\n')}`;
  });
  return `${[episode.title, ...turns].join('\n\n')}\n`;
}

/** Markdown: "# Title", then per turn "**Speaker Name** · [≈ 12:34]" and its paragraphs' markdown as written. */
export function writeMarkdown(episode: Episode, times: TranscriptTimes): string {
  const nameOf = speakerNames(episode);
  const at = clock(episode, times);
  const strong = (name: string): string => name.replace(/[\\*_[\]`]/g, '\\$&');
  const turns = episode.turns.map(
    (turn, i) => `**${strong(nameOf(turn.speaker))}** · [${at(i)}]\n\n${turn.paragraphs.join('\n\n')}`,
  );
  return `${[`# ${episode.title}`, ...turns].join('\n\n')}\n`;
}
