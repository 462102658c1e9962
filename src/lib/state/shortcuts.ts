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

interface Shortcut {
  action: ShortcutAction;
  /** `KeyboardEvent.key` values, as typed (letters in both cases). */
  keys: readonly string[];
  /** true: only with Shift; false: only without; absent: either. */
  shift?: boolean;
  /** The keys as the help overlay shows them, and what they do. */
  label: string;
  description: string;
}

/** The one table of shortcuts: key matching and the help overlay both read it. */
const TABLE: readonly Shortcut[] = [
  { action: 'toggle', keys: [' ', 'k', 'K'], label: 'Space or K', description: 'Play or pause' },
  { action: 'back', keys: ['j', 'J'], label: 'J or ←', description: 'Skip back 15 seconds' },
  { action: 'back', keys: ['ArrowLeft'], shift: false, label: '', description: '' },
  { action: 'forward', keys: ['l', 'L'], label: 'L or →', description: 'Skip forward 30 seconds' },
  { action: 'forward', keys: ['ArrowRight'], shift: false, label: '', description: '' },
  {
    action: 'previous-turn',
    keys: ['ArrowLeft'],
    shift: true,
    label: 'Shift + ←',
    description: 'Previous turn (of the speakers shown)',
  },
  {
    action: 'next-turn',
    keys: ['ArrowRight'],
    shift: true,
    label: 'Shift + →',
    description: 'Next turn (of the speakers shown)',
  },
  { action: 'slower', keys: ['<'], label: '< or >', description: 'Slower or faster' },
  { action: 'faster', keys: ['>'], label: '', description: '' },
  { action: 'mute', keys: ['m', 'M'], label: 'M', description: 'Mute or unmute' },
  { action: 'search', keys: ['/'], label: '/', description: 'Search the transcript' },
  { action: 'help', keys: ['?'], label: '?', description: 'Show these shortcuts' },
];

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
  if (e.key === ' ' && activatesOnSpace(e.target)) return null;
  const found = TABLE.find(
    (s) => s.keys.includes(e.key) && (s.shift === undefined || s.shift === e.shiftKey),
  );
  return found?.action ?? null;
}

/** The help overlay's list: keys as the reader types them, and what they do. */
export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ...TABLE.filter((s) => s.label).map((s) => [s.label, s.description] as const),
  ['Esc', 'Close this help'],
];
