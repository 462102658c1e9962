import type { Episode } from './types.ts';

/** One row of episodes/index.json: what the home view lists. */
export interface EpisodeSummary {
  slug: string;
  title: string;
  publishDate: string | null;
  speakers: string[];
  turns: number;
  hasAudio: boolean;
}

export interface EpisodeIndex {
  format: 'hark-index/1';
  episodes: EpisodeSummary[];
}

/** The index the app reads to list episodes, newest first. */
export function buildIndex(episodes: Episode[]): EpisodeIndex {
  const rows = episodes.map((e) => ({
    slug: e.slug,
    title: e.title,
    publishDate: e.publishDate,
    speakers: e.speakers.map((s) => s.name),
    turns: e.turns.length,
    hasAudio: e.audio !== null,
  }));
  rows.sort(
    (a, b) => (b.publishDate ?? '').localeCompare(a.publishDate ?? '') || a.slug.localeCompare(b.slug),
  );
  return { format: 'hark-index/1', episodes: rows };
}

/** Checks an index loaded from the network; returns the rows or a sentence saying what is wrong. */
export function parseIndex(data: unknown): EpisodeSummary[] | string {
  if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== 'hark-index/1') {
    return 'The episode list is not a Hark index (format "hark-index/1").';
  }
  const rows = (data as { episodes?: unknown }).episodes;
  if (!Array.isArray(rows)) return 'The episode list has no "episodes" array.';
  const valid = rows.filter(
    (r): r is EpisodeSummary =>
      typeof r === 'object' && r !== null && typeof r.slug === 'string' && typeof r.title === 'string',
  );
  return valid.map((r) => ({
    slug: r.slug,
    title: r.title,
    publishDate: typeof r.publishDate === 'string' ? r.publishDate : null,
    speakers: Array.isArray(r.speakers) ? r.speakers.filter((s) => typeof s === 'string') : [],
    turns: typeof r.turns === 'number' ? r.turns : 0,
    hasAudio: r.hasAudio === true,
  }));
}

/**
 * The committed JSON form of an episode: two-space indented, trailing newline, stable key order. A turn's
 * word times are written one paragraph to a line (`[[0,7,0.52,0.84],…]`), not one number to a line.
 */
export function serializeEpisode(episode: Episode): string {
  const compact: string[] = [];
  const placeholders = new Set<string>();
  let nul = false;
  const text = JSON.stringify(
    episode,
    (key, value: unknown) => {
      if (typeof value === 'string' && value.includes('\u0000') && !placeholders.has(value)) nul = true;
      if (key !== 'words' || !Array.isArray(value)) return value;
      return value.map((list) => {
        const placeholder = `\u0000${compact.push(JSON.stringify(list)) - 1}\u0000`;
        placeholders.add(placeholder);
        return placeholder;
      });
    },
    2,
  );
  // Each placeholder is a whole JSON string of NUL, digits, NUL: unique unless the episode's own text has a NUL.
  if (compact.length === 0) return `${text}\n`;
  if (nul) return `${JSON.stringify(episode, null, 2)}\n`;
  return `${text.replace(/"\\u0000(\d+)\\u0000"/g, (_, i: string) => compact[Number(i)]!)}\n`;
}
