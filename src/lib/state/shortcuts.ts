/** What a key press asks for; `null` when the key is not a shortcut here. */
export type ShortcutAction =
  | 'toggle'
  | 'back'
  | 'forward'
  | 'previous-turn'
  | 'next-turn'
  | 'slower'
  | 'faster'
  | 'mute'
  | 'search'
  | 'help';

interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** Whether Space on this element already means "activate" (a button, a link). */
function activatesOnSpace(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el?.tagName && ['BUTTON', 'A', 'SUMMARY'].includes(el.tagName);
}

/** Maps a key press to a player shortcut. Keys typed into a field are never shortcuts. */
export function shortcutFor(e: KeyLike): ShortcutAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return null;
  switch (e.key) {
    case ' ':
      return activatesOnSpace(e.target) ? null : 'toggle';
    case 'k':
    case 'K':
      return 'toggle';
    case 'j':
    case 'J':
      return 'back';
    case 'l':
    case 'L':
      return 'forward';
    case 'ArrowLeft':
      return e.shiftKey ? 'previous-turn' : 'back';
    case 'ArrowRight':
      return e.shiftKey ? 'next-turn' : 'forward';
    case '<':
      return 'slower';
    case '>':
      return 'faster';
    case 'm':
    case 'M':
      return 'mute';
    case '/':
      return 'search';
    case '?':
      return 'help';
    default:
      return null;
  }
}

/** The help overlay's list: keys as the reader types them, and what they do. */
export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['Space or K', 'Play or pause'],
  ['J or ←', 'Skip back 15 seconds'],
  ['L or →', 'Skip forward 30 seconds'],
  ['Shift + ←', 'Previous turn'],
  ['Shift + →', 'Next turn'],
  ['< or >', 'Slower or faster'],
  ['M', 'Mute or unmute'],
  ['/', 'Search the transcript'],
  ['?', 'Show these shortcuts'],
  ['Esc', 'Close this help'],
];
