import { createContext } from 'svelte';
import type { Episode, TimeAnchor } from '../episode/types.ts';
import { paragraphTime } from '../timing/places.ts';
import { isExactParagraphStart } from '../timing/exact-times.ts';
import { layoutOf } from '../timing/layout-cache.ts';
import { buildTimeline, findActive, type TextLayout, type Timeline } from '../timing/timeline.ts';
import type { PlayerState } from './player.svelte.ts';
import {
  defaultStore,
  isFiniteNumber,
  readStored,
  readStoredList,
  writeStored,
  writeStoredEntry,
  type Store,
  type WriteResult,
} from './storage.ts';
import { REACTION_SECONDS } from '../timing/sync-policy.ts';

/**
 * A reader's sync point. With `paragraph` and `offset`: the sentence starting there began at `time` (what
 * "Sync here" and a tap in sync mode make). Without them (saved by older versions): the turn was playing
 * at `time`.
 */
export interface SyncAnchor {
  turn: number;
  paragraph?: number;
  offset?: number;
  time: number;
}

export { NUDGE_SECONDS, REACTION_SECONDS } from '../timing/sync-policy.ts';

/** Seconds past a turn's start where Shift+←/→ put the playhead. */
const TURN_STEP_MARGIN = 0.01;

/** Don't offer to resume the first few seconds or the very end. */
const RESUME_MIN_SECONDS = 5;

/** One id per place in the text: a new sync of the same place replaces the old one. */
export function anchorId(a: {
  turn: number;
  paragraph?: number | undefined;
  offset?: number | undefined;
}): string {
  return a.paragraph === undefined ? `${a.turn}` : `${a.turn}:${a.paragraph}:${a.offset ?? 0}`;
}

function idOfStored(v: unknown): string | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (!Number.isInteger(o.turn)) return null;
  return anchorId({
    turn: o.turn as number,
    paragraph: Number.isInteger(o.paragraph) ? (o.paragraph as number) : undefined,
    offset: Number.isInteger(o.offset) ? (o.offset as number) : undefined,
  });
}

function checkAnchor(episode: Episode) {
  return (v: unknown): SyncAnchor | null => {
    if (typeof v !== 'object' || v === null) return null;
    const a = v as Record<string, unknown>;
    const turn = a.turn;
    if (!Number.isInteger(turn) || (turn as number) < 0 || (turn as number) >= episode.turns.length)
      return null;
    if (!isFiniteNumber(a.time) || a.time < 0) return null;
    if (a.paragraph === undefined) return { turn: turn as number, time: a.time };
    const paragraphs = episode.turns[turn as number]!.paragraphs.length;
    const p = a.paragraph;
    const offset = a.offset ?? 0;
    if (!Number.isInteger(p) || (p as number) < 0 || (p as number) >= Math.max(1, paragraphs)) return null;
    if (!Number.isInteger(offset) || (offset as number) < 0) return null;
    return { turn: turn as number, paragraph: p as number, offset: offset as number, time: a.time };
  };
}

function checkPosition(v: unknown): number | null {
  if (typeof v !== 'object' || v === null) return null;
  const t = (v as { t?: unknown }).t;
  return isFiniteNumber(t) && t >= 0 ? t : null;
}

/** Text order of two places: negative when `a` comes first. */
function comparePlaces(a: SyncAnchor, b: SyncAnchor): number {
  return a.turn - b.turn || (a.paragraph ?? 0) - (b.paragraph ?? 0) || (a.offset ?? 0) - (b.offset ?? 0);
}

export interface SessionOptions {
  /** Where sync points and the position are kept. @default localStorage */
  store?: Store | null;
}

/**
 * One episode being listened to: its timeline (estimated, exact and synced starts), the turn probably being
 * spoken now, follow mode, the reader's sync points and the remembered position.
 */
export class ListeningSession {
  #episode: Episode = $state.raw() as unknown as Episode;
  readonly player: PlayerState;
  readonly layout: TextLayout;
  readonly #chapterStarts: number[];
  #anchors: SyncAnchor[] = $state.raw([]);
  #lastSync: string | null = $state(null);
  #follow = $state(true);
  #resumeAt: number | null = $state(null);
  #storageProblem: string | null = $state(null);

  readonly timeline: Timeline;
  /** Whether there is a "now" to show: the audio has started or been moved. */
  readonly started: boolean;
  readonly activeTurn: number;
  /** Paragraph of the active turn probably being spoken, or -1. */
  readonly activeParagraph: number;
  readonly activeChapter: number;

  readonly #anchorKey: string;
  readonly #positionKey: string;
  readonly #store: Store | null;

  constructor(episode: Episode, player: PlayerState, options: SessionOptions = {}) {
    this.#episode = episode;
    this.player = player;
    this.#store = options.store === undefined ? defaultStore() : options.store;
    this.layout = layoutOf(episode.turns);
    this.#chapterStarts = episode.chapters.map((c) => c.start);
    this.timeline = $derived(
      buildTimeline(this.#episode.turns, this.layout, {
        duration: this.player.duration > 0 ? this.player.duration : this.#episode.audio?.duration,
        anchors: this.#allAnchors(),
      }),
    );
    this.started = $derived(this.player.playing || this.player.position > 0 || this.player.moved);
    this.activeTurn = $derived(
      this.started ? findActive(this.timeline.turnStarts, this.player.position) : -1,
    );
    this.activeParagraph = $derived.by(() => {
      const starts = this.timeline.paragraphStarts[this.activeTurn];
      return starts ? Math.max(0, findActive(starts, this.player.position)) : -1;
    });
    this.activeChapter = $derived(findActive(this.#chapterStarts, this.player.position));
    this.#anchorKey = `hark:anchors:${episode.slug}`;
    this.#positionKey = `hark:position:${episode.slug}`;
    this.#anchors = this.#readAnchors();
    const saved = readStored(this.#positionKey, checkPosition, this.#store);
    this.#resumeAt = saved !== null && saved >= RESUME_MIN_SECONDS ? saved : null;
  }

  /** The episode; replaced (not mutated) when a timed transcript gives the turns exact times. */
  get episode(): Episode {
    return this.#episode;
  }
  /** The reader's sync points, in text order. */
  get syncAnchors(): readonly SyncAnchor[] {
    return this.#anchors;
  }
  /** The sync point made last in this page, which "−2 s" / "+2 s" move. */
  get lastSync(): SyncAnchor | null {
    return this.#anchors.find((a) => anchorId(a) === this.#lastSync) ?? null;
  }
  /** Keep the active turn in view. Turned off when the reader scrolls away. */
  get follow(): boolean {
    return this.#follow;
  }
  /** Where the reader was last time, if worth offering. */
  get resumeAt(): number | null {
    return this.#resumeAt;
  }
  /** Why something the reader did could not be saved on this device, or null. */
  get storageProblem(): string | null {
    return this.#storageProblem;
  }

  stopFollowing(): void {
    this.#follow = false;
  }
  followNow(): void {
    this.#follow = true;
  }
  dismissStorageProblem(): void {
    this.#storageProblem = null;
  }

  #readAnchors(): SyncAnchor[] {
    const list = readStoredList(this.#anchorKey, checkAnchor(this.#episode), this.#store);
    const byId = new Map(list.map((a) => [anchorId(a), a]));
    return [...byId.values()].sort(comparePlaces);
  }

  #allAnchors(): TimeAnchor[] {
    return [...this.#episode.anchors, ...this.#anchors.map((a) => ({ ...a, source: 'user' as const }))];
  }

  /**
   * Takes the same episode with new times (from a timed transcript the reader opened). The text must be the
   * same: the layout is kept.
   */
  applyTimes(episode: Episode): void {
    if (episode.turns.length !== this.#episode.turns.length) return;
    this.#episode = episode;
  }

  /** Start of a turn on the current timeline. */
  startOf(turn: number): number {
    return this.timeline.turnStarts[turn] ?? 0;
  }

  /** Start of a paragraph on the current timeline (its turn's start when it has none). */
  paragraphStart(turn: number, paragraph: number): number {
    return paragraphTime(this.timeline, turn, paragraph);
  }

  /**
   * Whether a turn's start is known rather than estimated: from the episode's own times, or because the
   * reader synced the turn's start.
   */
  isExactStart(turn: number): boolean {
    if (this.timeline.turnExact[turn]) return true;
    return this.#anchors.some((a) => a.turn === turn && a.paragraph === 0 && a.offset === 0);
  }

  /**
   * Whether a paragraph's start is known rather than estimated: its turn's exact start, or a time (the
   * episode's or the reader's) placed at the paragraph's very start.
   */
  isExactParagraphStart(turn: number, paragraph: number): boolean {
    if (paragraph === 0 && this.isExactStart(turn)) return true;
    return isExactParagraphStart(this.timeline, this.#allAnchors(), turn, paragraph);
  }

  /** "This turn is starting now": anchors the turn's start (see `syncAt`). */
  syncHere(turn: number): void {
    this.syncAt(turn, 0, 0);
  }

  /**
   * "This sentence is starting now": anchors the place `offset` characters into a paragraph's plain text at
   * the current time (less the reader's reaction time, while playing); other times re-flow around it.
   */
  syncAt(turn: number, paragraph: number, offset: number): void {
    const position = this.player.exactPosition;
    const time = Math.max(0, this.player.playing ? position - REACTION_SECONDS : position);
    this.#setAnchor({ turn, paragraph, offset: Math.max(0, Math.round(offset)), time });
  }

  /** Moves the last sync point by `seconds` (the reader heard it was a little early or late). */
  nudgeLastSync(seconds: number): void {
    const last = this.lastSync;
    if (!last) return;
    this.#setAnchor({ ...last, time: Math.max(0, last.time + seconds) });
  }

  #setAnchor(anchor: SyncAnchor): void {
    const id = anchorId(anchor);
    // One anchor per place, and none that contradicts the new one (an earlier place later in time).
    const removed: string[] = [];
    const kept = this.#anchors.filter((a) => {
      const order = comparePlaces(a, anchor);
      const ok =
        anchorId(a) !== id && (order < 0 ? a.time <= anchor.time : order > 0 ? a.time >= anchor.time : false);
      if (!ok && anchorId(a) !== id) removed.push(anchorId(a));
      return ok;
    });
    this.#anchors = [...kept, anchor].sort(comparePlaces);
    this.#lastSync = id;
    for (const r of removed) this.#save(r, null);
    this.#save(id, anchor);
  }

  removeAnchor(anchor: SyncAnchor): void {
    const id = anchorId(anchor);
    this.#anchors = this.#anchors.filter((a) => anchorId(a) !== id);
    this.#save(id, null);
  }

  clearAnchors(): void {
    for (const a of this.#anchors) this.#save(anchorId(a), null);
    this.#anchors = [];
  }

  /** Writes one sync point (or its removal), leaving the others as stored, e.g. by another tab. */
  #save(id: string, anchor: SyncAnchor | null): void {
    this.#report(writeStoredEntry(this.#anchorKey, idOfStored, id, anchor, this.#store));
  }

  #report(result: WriteResult): void {
    if (result === 'full')
      this.#storageProblem =
        'This browser’s storage for Hark is full: your latest sync points and place are kept only until you close this page.';
  }

  /**
   * Takes in what another tab saved (a `storage` event): its sync points join ours. Returns whether the
   * key was this session's.
   */
  storageChanged(key: string | null): boolean {
    if (key !== null && key !== this.#anchorKey) return false;
    this.#anchors = this.#readAnchors();
    return true;
  }

  /** Listens for other tabs' changes to this episode's sync points; returns the cleanup. */
  listen(win: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
    const onStorage = (e: StorageEvent): void => void this.storageChanged(e.key);
    win.addEventListener('storage', onStorage);
    return () => win.removeEventListener('storage', onStorage);
  }

  /** Seeks to a turn's start and plays: "jump to a quote". */
  playTurn(turn: number): void {
    this.player.seek(this.startOf(turn));
    this.#follow = true;
    this.player.play();
  }

  /** Seeks to a paragraph's start and plays (double-click on a paragraph). */
  playParagraph(turn: number, paragraph: number): void {
    this.player.seek(this.paragraphStart(turn, paragraph));
    this.#follow = true;
    this.player.play();
  }

  /** Seeks to a place (a chapter, a search result) and follows it. */
  seekTo(seconds: number): void {
    this.player.seek(seconds);
    this.#follow = true;
  }

  /**
   * Moves to the previous or next turn (Shift+←/→); with `shown`, only to turns the reader can see (a
   * speaker filter hides the others).
   */
  stepTurn(direction: 1 | -1, shown?: readonly boolean[]): void {
    const last = this.#episode.turns.length - 1;
    const current = Math.max(0, this.activeTurn);
    let target = Math.min(last, Math.max(0, current + direction));
    if (shown) {
      let t = current + direction;
      while (t >= 0 && t <= last && shown[t] === false) t += direction;
      if (t < 0 || t > last) return;
      target = t;
    }
    // A hair past the start: an audio element may read back a seek a little early, and the step would then
    // land in the turn before (and the next Shift+→ go nowhere).
    this.player.seek(this.startOf(target) + TURN_STEP_MARGIN);
    this.#follow = true;
  }

  /**
   * Remembers where the reader is, for "Resume at …" next time: only once they played or moved in this
   * page, so opening a link to a moment without playing leaves the saved place alone.
   */
  savePosition(): void {
    if (!this.player.played && !this.player.moved) return;
    const t = this.player.exactPosition;
    const nearEnd = this.player.duration > 0 && t > this.player.duration - RESUME_MIN_SECONDS;
    this.#report(
      writeStored(
        this.#positionKey,
        t >= RESUME_MIN_SECONDS && !nearEnd ? { t, savedAt: Date.now() } : null,
        this.#store,
      ),
    );
  }

  resume(): void {
    if (this.#resumeAt === null) return;
    this.player.seek(this.#resumeAt);
    this.#resumeAt = null;
    this.#follow = true;
  }

  dismissResume(): void {
    this.#resumeAt = null;
  }
}

export const [getSession, setSession] = createContext<ListeningSession>();
