import { createContext } from 'svelte';
import { parseIndex, type EpisodeSummary } from '../episode/catalog.ts';
import type { Episode } from '../episode/types.ts';
import { parseEpisodeJson } from '../episode/validate.ts';

export type Loadable<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; title: string; message: string };

type Fetch = (url: string) => Promise<Response>;

/**
 * The largest episode file Hark opens. A three-hour episode is about 0.4 MB; reading tens of megabytes of
 * JSON would freeze the page for seconds.
 */
export const MAX_EPISODE_BYTES = 20 * 1024 * 1024;

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** Loads the episode index and episodes as JSON from `base` (the built app's episodes/ folder). */
export class Library {
  index: Loadable<EpisodeSummary[]> = $state.raw({ status: 'loading' });
  episode: Loadable<Episode> = $state.raw({ status: 'loading' });
  /** Which slug `episode` is for: until it matches the route, the view shows "loading". */
  episodeFor: string | null = $state(null);
  #episodeSlug: string | null = null;
  /** Episodes made from files the reader opened: they live only in this page. */
  #local = new Map<string, Episode>();
  /** An audio file the reader opened with a transcript, for the episode view to play once it opens. */
  pendingAudio: File | null = null;

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
    const local = this.#local.get(slug);
    if (local) {
      this.#setEpisode(slug, { status: 'ready', value: local });
      return;
    }
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

  /**
   * Keeps an episode made from the reader's own files under a slug of its own (returned), so the app can
   * route to it like any other.
   */
  addLocal(episode: Episode): string {
    let slug = episode.slug.startsWith('local-') ? episode.slug : `local-${episode.slug}`;
    for (let n = 2; this.#local.has(slug) && this.#local.get(slug) !== episode; n++)
      slug = `local-${episode.slug}-${n}`;
    this.#local.set(slug, { ...episode, slug });
    return slug;
  }

  #setEpisode(slug: string, value: Loadable<Episode>): void {
    // A slower, older request must not overwrite the episode the reader has since moved to.
    if (this.#episodeSlug !== slug) return;
    this.episode = value;
    this.episodeFor = slug;
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
    const tooBig = (bytes: number): { ok: false; error: string; notFound: boolean } => ({
      ok: false,
      error: `${what[0]!.toUpperCase()}${what.slice(1)} is ${megabytes(bytes)}: Hark opens episode files up to ${megabytes(MAX_EPISODE_BYTES)}.`,
      notFound: false,
    });
    const declared = Number(response.headers.get('content-length'));
    if (declared > MAX_EPISODE_BYTES) return tooBig(declared);
    try {
      const text = await response.text();
      if (text.length > MAX_EPISODE_BYTES) return tooBig(text.length);
      return { ok: true, value: text };
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
