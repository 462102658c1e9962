import { parseIndex, type EpisodeSummary } from '../episode/catalog.ts';
import type { Episode } from '../episode/types.ts';
import { readEpisodeJson, validateEpisode } from '../episode/validate.ts';
import { nextTask } from '../steps.ts';
import { prepareLayout } from '../timing/layout-cache.ts';
import { IndexedDbEpisodes, type LocalEpisodeStore, type LocalSummary } from './local-episodes.ts';

export type Loadable<T> =
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; title: string; message: string }
  /** No episode by that name here: the view offers the list instead. */
  | { status: 'missing'; slug: string };

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
  #index: Loadable<EpisodeSummary[]> = $state.raw({ status: 'loading' });
  #episode: Loadable<Episode> = $state.raw({ status: 'loading' });
  #episodeFor: string | null = $state(null);
  #localList: LocalSummary[] = $state.raw([]);
  #episodeSlug: string | null = null;
  /** Episodes made from files the reader opened in this page, and the audio file opened with each. */
  #local = new Map<string, { episode: Episode; audioName: string | null }>();
  readonly #fetcher: Fetch;
  readonly #base: string;
  readonly #device: LocalEpisodeStore;

  constructor(
    fetcher: Fetch = (url) => fetch(url),
    base = 'episodes/',
    device: LocalEpisodeStore = new IndexedDbEpisodes(),
  ) {
    this.#fetcher = fetcher;
    this.#base = base;
    this.#device = device;
  }

  get index(): Loadable<EpisodeSummary[]> {
    return this.#index;
  }
  get episode(): Loadable<Episode> {
    return this.#episode;
  }
  /** Which slug `episode` is for: until it matches the route, the view shows "loading". */
  get episodeFor(): string | null {
    return this.#episodeFor;
  }
  /** Episodes opened from the reader's files and kept on this device, newest first. */
  get localEpisodes(): readonly LocalSummary[] {
    return this.#localList;
  }
  /** The name of the audio file opened with a local episode: the page asks for it again. */
  audioNameOf(slug: string): string | null {
    return (
      this.#local.get(slug)?.audioName ?? this.#localList.find((l) => l.slug === slug)?.audioName ?? null
    );
  }

  async loadIndex(): Promise<void> {
    this.#index = { status: 'loading' };
    void this.loadLocalList();
    const got = await this.#getJson(`${this.#base}index.json`, 'the episode list');
    if (!got.ok) {
      this.#index = { status: 'error', title: 'The episode list could not be loaded', message: got.error };
      return;
    }
    const rows = parseIndex(got.value);
    this.#index =
      typeof rows === 'string'
        ? { status: 'error', title: 'The episode list is damaged', message: rows }
        : { status: 'ready', value: rows };
  }

  async loadLocalList(): Promise<void> {
    try {
      this.#localList = await this.#device.list();
    } catch (e) {
      console.warn('Hark: could not list the episodes kept on this device', e);
    }
  }

  async loadEpisode(slug: string): Promise<void> {
    if (this.#episodeSlug === slug && this.#episode.status !== 'error') return;
    this.#episodeSlug = slug;
    const local = this.#local.get(slug);
    if (local) {
      this.#setEpisode(slug, { status: 'ready', value: local.episode });
      return;
    }
    this.#episode = { status: 'loading' };
    if (slug.startsWith('local-')) {
      const kept = await this.#device.get(slug).catch(() => null);
      if (kept && 'episode' in kept) {
        this.#local.set(slug, { episode: { ...kept.episode, slug }, audioName: kept.audioName });
        this.#setEpisode(slug, { status: 'ready', value: { ...kept.episode, slug } });
      } else if (kept) {
        this.#setEpisode(slug, {
          status: 'error',
          title: 'This episode’s copy is damaged',
          message: kept.error,
        });
      } else this.#setEpisode(slug, { status: 'missing', slug });
      return;
    }
    if (!/^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u.test(slug)) {
      this.#setEpisode(slug, { status: 'missing', slug });
      return;
    }
    const got = await this.#getText(`${this.#base}${encodeURIComponent(slug)}.json`, `the episode “${slug}”`);
    if (!got.ok) {
      this.#setEpisode(
        slug,
        got.notFound
          ? { status: 'missing', slug }
          : { status: 'error', title: 'The episode could not be loaded', message: got.error },
      );
      return;
    }
    // An HTML page where the episode file should be is a host's "not found" page, not a damaged episode.
    if (/^\s*<(?:!doctype|html)/i.test(got.value.slice(0, 200))) {
      this.#setEpisode(slug, { status: 'missing', slug });
      return;
    }
    // A long episode is read, checked and measured in separate tasks (all at once would block the page).
    const long = got.value.length > 1_000_000;
    const data = readEpisodeJson(got.value);
    if (long) await nextTask();
    const parsed = data.ok ? validateEpisode(data.value) : data;
    if (long && parsed.ok) {
      await nextTask();
      await prepareLayout(parsed.value.turns);
    }
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
  addLocal(episode: Episode, audioName: string | null = null): string {
    const base = episode.slug.startsWith('local-') ? episode.slug : `local-${episode.slug}`;
    let slug = base;
    // The same file opened again replaces its copy; another file of the same name gets a number.
    const taken = (s: string): boolean => {
      const title = this.#local.get(s)?.episode.title ?? this.#localList.find((l) => l.slug === s)?.title;
      return title !== undefined && title !== episode.title;
    };
    for (let n = 2; taken(slug); n++) slug = `${base}-${n}`;
    const kept = { ...episode, slug };
    this.#local.set(slug, { episode: kept, audioName });
    if (this.#episodeSlug === slug) this.#episodeSlug = null;
    void this.#device.put(kept, audioName).then(() => this.loadLocalList());
    return slug;
  }

  /** Forgets an episode kept on this device. */
  async removeLocal(slug: string): Promise<void> {
    this.#local.delete(slug);
    this.#localList = this.#localList.filter((l) => l.slug !== slug);
    try {
      await this.#device.remove(slug);
    } catch (e) {
      console.warn(`Hark: could not remove “${slug}” from this device`, e);
    }
  }

  #setEpisode(slug: string, value: Loadable<Episode>): void {
    // A slower, older request must not overwrite the episode the reader has since moved to.
    if (this.#episodeSlug !== slug) return;
    this.#episode = value;
    this.#episodeFor = slug;
  }

  async #getText(
    url: string,
    what: string,
  ): Promise<{ ok: true; value: string } | { ok: false; error: string; notFound: boolean }> {
    let response: Response;
    try {
      response = await this.#fetcher(url);
    } catch {
      return { ok: false, error: `Could not reach ${what}: you may be offline.`, notFound: false };
    }
    // Hosts that answer every path with the app's own page (a single-page-app fallback) mean "no such file".
    const html = /text\/html/i.test(response.headers.get('content-type') ?? '');
    if (response.status === 404 || (response.ok && html)) {
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
