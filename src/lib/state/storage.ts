/**
 * localStorage with a check at the boundary: a stored value that is corrupt or foreign (another app, an
 * older Hark) is ignored with a console warning, never a crash; storage that is full or disabled is skipped.
 */
export interface Store {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function defaultStore(): Store | null {
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

export function writeStored(key: string, value: unknown, store = defaultStore()): void {
  if (!store) return;
  try {
    if (value === null) store.removeItem(key);
    else store.setItem(key, JSON.stringify(value));
  } catch (e) {
    console.warn(`Hark: could not save "${key}"`, e);
  }
}

export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
