import { createContext } from 'svelte';
import { parseIndex, type EpisodeSummary } from '../episode/catalog.ts';
import type { Episode } from '../episode/types.ts';
import { parseEpisodeJson } from '../episode/validate.ts';

export type Loadable<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; title: string; message: string };

type Fetch = (url: string) => Promise<Response>;

/** Loads the episode index and episodes as JSON from `base` (the built app's episodes/ folder). */
export class Library {
  index: Loadable<EpisodeSummary[]> = $state.raw({ status: 'loading' });
  episode: Loadable<Episode> = $state.raw({ status: 'loading' });
  #episodeSlug: string | null = null;

  constructor(
    private readonly fetcher: Fetch = (url) => fetch(url),
    private readonly base = 'episodes/',
  ) {}

  async loadIndex(): Promise<void> {
    this.index = { status: 'loading' };
    const got = await this.#getJson(`${this.base}index.json`, 'the episode list');
    if (!got.ok) {
      this.index = { status: 'error', title: 'The episode list could not be loaded', message: got.error };
      return;
    }
    const rows = parseIndex(got.value);
    this.index =
      typeof rows === 'string'
        ? { status: 'error', title: 'The episode list is damaged', message: rows }
        : { status: 'ready', value: rows };
  }

  async loadEpisode(slug: string): Promise<void> {
    if (this.#episodeSlug === slug && this.episode.status !== 'error') return;
    this.#episodeSlug = slug;
    this.episode = { status: 'loading' };
    if (!/^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u.test(slug)) {
      this.#setEpisode(slug, {
        status: 'error',
        title: 'No such episode',
        message: `“${slug}” is not an episode name.`,
      });
      return;
    }
    const got = await this.#getText(`${this.base}${encodeURIComponent(slug)}.json`, `the episode “${slug}”`);
    if (!got.ok) {
      this.#setEpisode(slug, {
        status: 'error',
        title: got.notFound ? 'No such episode' : 'The episode could not be loaded',
        message: got.error,
      });
      return;
    }
    const parsed = parseEpisodeJson(got.value);
    this.#setEpisode(
      slug,
      parsed.ok
        ? { status: 'ready', value: parsed.value }
        : { status: 'error', title: 'This episode file is damaged', message: parsed.error },
    );
  }

  /** Shows an episode that did not come from the library (e.g. a file the reader opened). */
  showEpisode(episode: Episode): void {
    this.#episodeSlug = episode.slug;
    this.episode = { status: 'ready', value: episode };
  }

  #setEpisode(slug: string, value: Loadable<Episode>): void {
    // A slower, older request must not overwrite the episode the reader has since moved to.
    if (this.#episodeSlug === slug) this.episode = value;
  }

  async #getText(
    url: string,
    what: string,
  ): Promise<{ ok: true; value: string } | { ok: false; error: string; notFound: boolean }> {
    let response: Response;
    try {
      response = await this.fetcher(url);
    } catch {
      return { ok: false, error: `Could not reach ${what}: you may be offline.`, notFound: false };
    }
    if (response.status === 404) {
      return { ok: false, error: `There is no ${what.replace(/^the /, '')} here.`, notFound: true };
    }
    if (!response.ok) {
      return { ok: false, error: `The server answered ${response.status} for ${what}.`, notFound: false };
    }
    try {
      return { ok: true, value: await response.text() };
    } catch {
      return { ok: false, error: `The download of ${what} was interrupted.`, notFound: false };
    }
  }

  async #getJson(
    url: string,
    what: string,
  ): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
    const got = await this.#getText(url, what);
    if (!got.ok) return got;
    try {
      return { ok: true, value: JSON.parse(got.value) };
    } catch {
      return { ok: false, error: `${what[0]!.toUpperCase()}${what.slice(1)} is not valid JSON.` };
    }
  }
}

export const [getLibrary, setLibrary] = createContext<Library>();
