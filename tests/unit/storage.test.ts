import { afterEach, describe, expect, it, vi } from 'vitest';
import { isFiniteNumber, readStored, writeStored, type Store } from '../../src/lib/state/storage.ts';

/** A Map-backed Store that records calls. */
class FakeStore implements Store {
  readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
}

/** A store where every call throws, like disabled or full storage. */
const throwingStore: Store = {
  getItem: () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
  setItem: () => {
    throw new DOMException('Quota exceeded', 'QuotaExceededError');
  },
  removeItem: () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
};

interface Point {
  x: number;
  y: number;
}

function checkPoint(v: unknown): Point | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  return isFiniteNumber(o.x) && isFiniteNumber(o.y) ? { x: o.x, y: o.y } : null;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('readStored', () => {
  it('returns a stored value that passes the check', () => {
    const store = new FakeStore();
    store.setItem('p', '{"x":1,"y":2,"extra":true}');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readStored('p', checkPoint, store)).toEqual({ x: 1, y: 2 });
    expect(warn).not.toHaveBeenCalled();
  });

  it('returns null, quietly, when nothing is stored', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readStored('missing', checkPoint, new FakeStore())).toBeNull();
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ['corrupt JSON', '{"x":1,'],
    ['not JSON at all', 'undefined'],
    ['the wrong shape', '{"x":"1","y":2}'],
    ['an array', '[1,2]'],
    ['null', 'null'],
    ['a number', '42'],
    ['an empty string', ''],
  ])('ignores %s with a warning naming the key', (_, raw) => {
    const store = new FakeStore();
    store.setItem('hark:p', raw);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readStored('hark:p', checkPoint, store)).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain('"hark:p"');
  });

  it('ignores a value whose check throws, with a warning', () => {
    const store = new FakeStore();
    store.setItem('k', '{}');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const check = (): Point => {
      throw new TypeError('boom');
    };
    expect(() => readStored('k', check, store)).not.toThrow();
    expect(readStored('k', check, store)).toBeNull();
    expect(warn).toHaveBeenCalled();
  });

  it('never crashes when the store throws', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readStored('k', checkPoint, throwingStore)).toBeNull();
    expect(warn).not.toHaveBeenCalled();
  });

  it('returns null without a store', () => {
    expect(readStored('k', checkPoint, null)).toBeNull();
  });

  it('keeps a falsy value that passes the check', () => {
    const store = new FakeStore();
    store.setItem('n', '0');
    expect(readStored('n', (v) => (typeof v === 'number' ? v : null), store)).toBe(0);
    store.setItem('b', 'false');
    expect(readStored('b', (v) => (typeof v === 'boolean' ? v : null), store)).toBe(false);
  });
});

describe('writeStored', () => {
  it('stores JSON that readStored reads back', () => {
    const store = new FakeStore();
    writeStored('p', { x: 3, y: 4 }, store);
    expect(store.data.get('p')).toBe('{"x":3,"y":4}');
    expect(readStored('p', checkPoint, store)).toEqual({ x: 3, y: 4 });
  });

  it('removes the key when the value is null', () => {
    const store = new FakeStore();
    store.setItem('p', '{"x":3,"y":4}');
    const remove = vi.spyOn(store, 'removeItem');
    writeStored('p', null, store);
    expect(remove).toHaveBeenCalledWith('p');
    expect(store.data.has('p')).toBe(false);
  });

  it('warns instead of crashing when the store is full or disabled', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(() => writeStored('p', { x: 1, y: 1 }, throwingStore)).not.toThrow();
    expect(() => writeStored('p', null, throwingStore)).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0]![0]).toContain('"p"');
  });

  it('warns instead of crashing on a value JSON cannot hold', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = new FakeStore();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => writeStored('c', cyclic, store)).not.toThrow();
    expect(store.data.has('c')).toBe(false);
    expect(warn).toHaveBeenCalled();
  });

  it('does nothing without a store', () => {
    expect(() => writeStored('p', { x: 1, y: 1 }, null)).not.toThrow();
  });
});

describe('isFiniteNumber', () => {
  it('accepts finite numbers only', () => {
    expect([0, -1.5, 1e300].every(isFiniteNumber)).toBe(true);
    expect([Number.NaN, Infinity, -Infinity, '1', null, undefined, {}].some(isFiniteNumber)).toBe(false);
  });
});
