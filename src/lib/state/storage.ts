/**
 * localStorage with a check at the boundary: a stored value that is corrupt or foreign (another app, an
 * older Hark) is ignored with a console warning, never a crash; storage that is full or disabled is skipped.
 */
export interface Store {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function defaultStore(): Store | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Some browsers throw on access when storage is disabled.
    return null;
  }
}

export function readStored<T>(
  key: string,
  check: (value: unknown) => T | null,
  store = defaultStore(),
): T | null {
  if (!store) return null;
  let raw: string | null;
  try {
    raw = store.getItem(key);
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const value = check(JSON.parse(raw));
    if (value !== null) return value;
  } catch {
    // fall through to the warning
  }
  console.warn(`Hark: ignoring the saved value of "${key}": it is not in the expected form.`);
  return null;
}

/** What became of a write: saved, or not because the storage is full, or not for another reason. */
export type WriteResult = 'saved' | 'full' | 'failed';

export function writeStored(key: string, value: unknown, store = defaultStore()): WriteResult {
  if (!store) return 'failed';
  try {
    if (value === null) store.removeItem(key);
    else store.setItem(key, JSON.stringify(value));
    return 'saved';
  } catch (e) {
    console.warn(`Hark: could not save "${key}"`, e);
    return isQuotaError(e) ? 'full' : 'failed';
  }
}

function isQuotaError(e: unknown): boolean {
  return (
    e instanceof DOMException &&
    (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22)
  );
}

/**
 * Reads a stored list entry by entry: entries that fail the check are dropped with one warning, the rest
 * kept (one stale sync point must not cost the reader all the others).
 */
export function readStoredList<T>(
  key: string,
  check: (entry: unknown) => T | null,
  store = defaultStore(),
): T[] {
  const raw = readRaw(key, store);
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    console.warn(`Hark: ignoring the saved value of "${key}": it is not a list.`);
    return [];
  }
  const kept: T[] = [];
  for (const entry of raw) {
    const value = check(entry);
    if (value !== null) kept.push(value);
  }
  if (kept.length < raw.length)
    console.warn(
      `Hark: ignoring ${raw.length - kept.length} of the ${raw.length} saved entries of "${key}".`,
    );
  return kept;
}

/**
 * Changes one entry of a stored list, leaving every other entry as stored (including ones this page does not
 * use, or ones another tab added since): `value` null removes the entry with that id.
 */
export function writeStoredEntry(
  key: string,
  idOf: (entry: unknown) => string | null,
  id: string,
  value: unknown,
  store = defaultStore(),
): WriteResult {
  const raw = readRaw(key, store);
  const list = Array.isArray(raw) ? raw.filter((e) => idOf(e) !== id) : [];
  if (value !== null) list.push(value);
  return writeStored(key, list.length ? list : null, store);
}

/** The parsed JSON stored under `key`; undefined when there is none or it is not JSON. */
function readRaw(key: string, store: Store | null): unknown {
  if (!store) return undefined;
  try {
    const text = store.getItem(key);
    return text === null ? undefined : JSON.parse(text);
  } catch {
    console.warn(`Hark: ignoring the saved value of "${key}": it is not in the expected form.`);
    return undefined;
  }
}

export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
