import { UNKNOWN_SPEAKER, type Episode } from './types.ts';

/** A name on one line: white space and control characters (newlines included) become single spaces. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return text.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

/** The display name of a turn's speaker, on one line; "Unknown speaker" when the episode has none. */
export function speakerName(episode: Pick<Episode, 'turns' | 'speakers'>, turn: number): string {
  const id = episode.turns[turn]?.speaker;
  const name = episode.speakers.find((s) => s.id === id)?.name ?? id ?? '';
  return oneLine(name) || UNKNOWN_SPEAKER;
}
