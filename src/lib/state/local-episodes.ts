import type { Episode } from '../episode/types.ts';
import { parseEpisodeJson } from '../episode/validate.ts';

/** An episode made from the reader's own files, as listed under "On this device". */
export interface LocalSummary {
  slug: string;
  title: string;
  turns: number;
  /** The audio file opened with it: asked for again by name (the audio itself is not kept). */
  audioName: string | null;
  savedAt: number;
}

interface Row extends LocalSummary {
  /** The episode as JSON, validated again when read back. */
  json: string;
}

/** Episodes the reader opened from their own files, kept on this device. */
export interface LocalEpisodeStore {
  list(): Promise<LocalSummary[]>;
  /** The episode, or an error message when its stored copy is damaged; null when there is none. */
  get(slug: string): Promise<{ episode: Episode; audioName: string | null } | { error: string } | null>;
  put(episode: Episode, audioName: string | null): Promise<void>;
  remove(slug: string): Promise<void>;
}

const DB_NAME = 'hark';
const STORE = 'local-episodes';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function summary(row: Row): LocalSummary {
  return {
    slug: row.slug,
    title: row.title,
    turns: row.turns,
    audioName: row.audioName,
    savedAt: row.savedAt,
  };
}

function isRow(v: unknown): v is Row {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.slug === 'string' &&
    typeof r.title === 'string' &&
    typeof r.json === 'string' &&
    typeof r.turns === 'number' &&
    typeof r.savedAt === 'number' &&
    (r.audioName === null || typeof r.audioName === 'string')
  );
}

function toRow(episode: Episode, audioName: string | null): Row {
  return {
    slug: episode.slug,
    title: episode.title,
    turns: episode.turns.length,
    audioName,
    savedAt: Date.now(),
    json: JSON.stringify(episode),
  };
}

/**
 * Keeps local episodes in IndexedDB. Where IndexedDB is missing or refuses (private windows in some
 * browsers), they live in memory for this page only.
 */
export class IndexedDbEpisodes implements LocalEpisodeStore {
  #db: Promise<IDBDatabase> | null = null;
  readonly #memory = new Map<string, Row>();
  readonly #factory: IDBFactory | undefined;

  constructor(factory: IDBFactory | undefined = typeof indexedDB === 'undefined' ? undefined : indexedDB) {
    this.#factory = factory;
  }

  #open(): Promise<IDBDatabase> | null {
    if (!this.#factory) return null;
    this.#db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = this.#factory!.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'slug' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
    }).catch((e: unknown) => {
      console.warn('Hark: episodes opened from files are kept for this page only', e);
      throw e;
    });
    return this.#db;
  }

  async #store(mode: IDBTransactionMode): Promise<IDBObjectStore | null> {
    const open = this.#open();
    if (!open) return null;
    try {
      return (await open).transaction(STORE, mode).objectStore(STORE);
    } catch {
      return null;
    }
  }

  async list(): Promise<LocalSummary[]> {
    const store = await this.#store('readonly');
    const rows = store
      ? ((await request(store.getAll())) as unknown[]).filter(isRow)
      : [...this.#memory.values()];
    return rows.map(summary).sort((a, b) => b.savedAt - a.savedAt);
  }

  async get(
    slug: string,
  ): Promise<{ episode: Episode; audioName: string | null } | { error: string } | null> {
    const store = await this.#store('readonly');
    const row: unknown = store ? await request(store.get(slug)) : this.#memory.get(slug);
    if (row === undefined) return null;
    if (!isRow(row)) return { error: 'The copy kept on this device is not in the expected form.' };
    const parsed = parseEpisodeJson(row.json);
    return parsed.ok ? { episode: parsed.value, audioName: row.audioName } : { error: parsed.error };
  }

  async put(episode: Episode, audioName: string | null): Promise<void> {
    const row = toRow(episode, audioName);
    const store = await this.#store('readwrite');
    if (!store) {
      this.#memory.set(row.slug, row);
      return;
    }
    try {
      await request(store.put(row));
    } catch (e) {
      console.warn(`Hark: could not keep “${episode.title}” on this device`, e);
      this.#memory.set(row.slug, row);
    }
  }

  async remove(slug: string): Promise<void> {
    this.#memory.delete(slug);
    const store = await this.#store('readwrite');
    if (store) await request(store.delete(slug));
  }
}
