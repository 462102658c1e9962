import { describe, expect, it } from 'vitest';
import { SHORTCUTS, shortcutFor, type ShortcutAction } from '../../src/lib/state/shortcuts.ts';

type Press = Parameters<typeof shortcutFor>[0];

/** A key press with no modifiers on `target` (the page body by default). */
function press(key: string, init: Partial<Omit<Press, 'target'>> & { target?: object | null } = {}): Press {
  const { target = { tagName: 'BODY' }, ...rest } = init;
  return {
    key,
    shiftKey: false,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    ...rest,
    target: target as EventTarget | null,
  };
}

describe('shortcutFor', () => {
  it.each<[string, boolean, ShortcutAction]>([
    [' ', false, 'toggle'],
    ['k', false, 'toggle'],
    ['K', true, 'toggle'],
    ['j', false, 'back'],
    ['J', true, 'back'],
    ['l', false, 'forward'],
    ['L', true, 'forward'],
    ['ArrowLeft', false, 'back'],
    ['ArrowRight', false, 'forward'],
    ['ArrowLeft', true, 'previous-turn'],
    ['ArrowRight', true, 'next-turn'],
    ['<', true, 'slower'],
    ['>', true, 'faster'],
    ['m', false, 'mute'],
    ['M', true, 'mute'],
    ['/', false, 'search'],
    ['?', true, 'help'],
  ])('maps %j (shift: %s) to %s', (key, shiftKey, action) => {
    expect(shortcutFor(press(key, { shiftKey }))).toBe(action);
  });

  it('works with no target at all', () => {
    expect(shortcutFor(press('k', { target: null }))).toBe('toggle');
    expect(shortcutFor(press(' ', { target: null }))).toBe('toggle');
    expect(shortcutFor(press('k', { target: {} }))).toBe('toggle');
  });

  it.each(['a', 'Enter', 'Escape', 'Tab', 'ArrowUp', 'ArrowDown', 'PageDown', 'Home', '1', 'F1'])(
    'ignores %j',
    (key) => {
      expect(shortcutFor(press(key))).toBeNull();
    },
  );

  it.each(['INPUT', 'TEXTAREA', 'SELECT'])('never takes keys typed into a %s', (tagName) => {
    for (const key of [' ', 'k', 'j', 'l', 'm', '/', '?', '<', '>', 'ArrowLeft', 'ArrowRight']) {
      expect(shortcutFor(press(key, { target: { tagName } }))).toBeNull();
      expect(shortcutFor(press(key, { target: { tagName }, shiftKey: true }))).toBeNull();
    }
  });

  it('never takes keys typed into editable content', () => {
    const editable = { tagName: 'DIV', isContentEditable: true };
    for (const key of [' ', 'k', 'm', '/', '?', 'ArrowLeft']) {
      expect(shortcutFor(press(key, { target: editable }))).toBeNull();
    }
    expect(shortcutFor(press('k', { target: { tagName: 'DIV', isContentEditable: false } }))).toBe('toggle');
  });

  it.each(['BUTTON', 'A', 'SUMMARY'])('leaves Space to a focused %s, but not other keys', (tagName) => {
    expect(shortcutFor(press(' ', { target: { tagName } }))).toBeNull();
    expect(shortcutFor(press('k', { target: { tagName } }))).toBe('toggle');
    expect(shortcutFor(press('ArrowRight', { target: { tagName } }))).toBe('forward');
  });

  it('takes Space on other elements', () => {
    for (const tagName of ['BODY', 'DIV', 'ARTICLE', 'P', 'SECTION']) {
      expect(shortcutFor(press(' ', { target: { tagName } }))).toBe('toggle');
    }
  });

  it.each(['ctrlKey', 'metaKey', 'altKey'] as const)(
    'leaves key presses with %s to the browser',
    (modifier) => {
      for (const key of [' ', 'k', 'j', 'l', 'm', '/', '?', 'ArrowLeft', 'ArrowRight']) {
        expect(shortcutFor(press(key, { [modifier]: true }))).toBeNull();
        expect(shortcutFor(press(key, { [modifier]: true, shiftKey: true }))).toBeNull();
      }
    },
  );
});

describe('SHORTCUTS', () => {
  it('lists every action once, with a description', () => {
    expect(SHORTCUTS.length).toBeGreaterThanOrEqual(9);
    for (const [keys, action] of SHORTCUTS) {
      expect(keys.trim()).not.toBe('');
      expect(action.trim()).not.toBe('');
    }
    expect(new Set(SHORTCUTS.map(([keys]) => keys)).size).toBe(SHORTCUTS.length);
  });
});
