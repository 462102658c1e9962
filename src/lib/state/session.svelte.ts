import { createContext } from 'svelte';
import type { Episode, TimeAnchor } from '../episode/types.ts';
import { buildTimeline, findActive, layoutText, type TextLayout, type Timeline } from '../timing/timeline.ts';
import type { PlayerState } from './player.svelte.ts';
import { isFiniteNumber, readStored, writeStored } from './storage.ts';

/** A reader's "Sync here": this turn was playing at this time. */
export interface SyncAnchor {
  turn: number;
  time: number;
}

function checkAnchors(turnCount: number) {
  return (v: unknown): SyncAnchor[] | null => {
    if (!Array.isArray(v)) return null;
    const ok = v.every(
      (a) =>
        typeof a === 'object' &&
        a !== null &&
        Number.isInteger(a.turn) &&
        a.turn >= 0 &&
        a.turn < turnCount &&
        isFiniteNumber(a.time) &&
        a.time >= 0,
    );
    return ok ? v.map((a: SyncAnchor) => ({ turn: a.turn, time: a.time })) : null;
  };
}

function checkPosition(v: unknown): number | null {
  if (typeof v !== 'object' || v === null) return null;
  const t = (v as { t?: unknown }).t;
  return isFiniteNumber(t) && t >= 0 ? t : null;
}

/** Don't offer to resume the first few seconds or the very end. */
const RESUME_MIN_SECONDS = 5;

/**
 * One episode being listened to: its timeline (estimated, exact and synced starts), the turn probably being
 * spoken now, follow mode, the reader's sync anchors and the remembered position.
 */
export class ListeningSession {
  /** Replaced (not mutated) when a timed transcript gives the turns exact times. */
  episode: Episode = $state.raw() as unknown as Episode;
  readonly player: PlayerState;
  readonly layout: TextLayout;
  readonly #chapterStarts: number[];
  /** The reader's sync anchors, stored per episode. */
  syncAnchors: SyncAnchor[] = $state.raw([]);
  /** Keep the active turn in view. Turned off when the reader scrolls away. */
  follow = $state(true);
  /** Where the reader was last time, if worth offering. */
  resumeAt: number | null = $state(null);

  readonly timeline: Timeline;
  /** Whether there is a "now" to show: the audio has started or been moved. */
  readonly started: boolean;
  readonly activeTurn: number;
  /** Paragraph of the active turn probably being spoken, or -1. */
  readonly activeParagraph: number;
  readonly activeChapter: number;

  #anchorKey: string;
  #positionKey: string;

  constructor(episode: Episode, player: PlayerState) {
    this.episode = episode;
    this.player = player;
    this.layout = layoutText(episode.turns);
    this.#chapterStarts = episode.chapters.map((c) => c.start);
    this.timeline = $derived(
      buildTimeline(this.episode.turns, this.layout, {
        duration: this.player.duration > 0 ? this.player.duration : this.episode.audio?.duration,
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
    this.syncAnchors = readStored(this.#anchorKey, checkAnchors(episode.turns.length)) ?? [];
    const saved = readStored(this.#positionKey, checkPosition);
    this.resumeAt = saved !== null && saved >= RESUME_MIN_SECONDS ? saved : null;
  }

  #allAnchors(): TimeAnchor[] {
    return [
      ...this.episode.anchors,
      ...this.syncAnchors.map((a) => ({ turn: a.turn, time: a.time, source: 'user' as const })),
    ];
  }

  /**
   * Takes the same episode with new times (from a timed transcript the reader opened). The text must be the
   * same: the layout is kept.
   */
  applyTimes(episode: Episode): void {
    if (episode.turns.length !== this.episode.turns.length) return;
    this.episode = episode;
  }

  /** Start of a turn on the current timeline. */
  startOf(turn: number): number {
    return this.timeline.turnStarts[turn] ?? 0;
  }

  /** "This turn is playing now": anchors the turn at the current audio time; estimates re-flow around it. */
  syncHere(turn: number): void {
    const time = this.player.exactPosition;
    // One anchor per turn, and none that contradicts the new one (an earlier turn later in time).
    const kept = this.syncAnchors.filter(
      (a) => a.turn !== turn && (a.turn < turn ? a.time <= time : a.time >= time),
    );
    this.syncAnchors = [...kept, { turn, time }].sort((a, b) => a.turn - b.turn);
    writeStored(this.#anchorKey, this.syncAnchors);
  }

  removeAnchor(turn: number): void {
    this.syncAnchors = this.syncAnchors.filter((a) => a.turn !== turn);
    writeStored(this.#anchorKey, this.syncAnchors.length ? this.syncAnchors : null);
  }

  clearAnchors(): void {
    this.syncAnchors = [];
    writeStored(this.#anchorKey, null);
  }

  /** Seeks to a turn's start and plays: "jump to a quote". */
  playTurn(turn: number): void {
    this.player.seek(this.startOf(turn));
    this.follow = true;
    this.player.play();
  }

  /** Seeks to a paragraph's start and plays (double-click on a paragraph). */
  playParagraph(turn: number, paragraph: number): void {
    this.player.seek(this.timeline.paragraphStarts[turn]?.[paragraph] ?? this.startOf(turn));
    this.follow = true;
    this.player.play();
  }

  /** Moves to the previous or next turn (Shift+←/→). */
  stepTurn(direction: 1 | -1): void {
    const current = Math.max(0, this.activeTurn);
    const target = Math.min(this.episode.turns.length - 1, Math.max(0, current + direction));
    this.player.seek(this.startOf(target));
    this.follow = true;
  }

  /** Remembers where the reader is, for "Resume at …" next time. */
  savePosition(): void {
    // Nothing played or moved yet: keep the place saved last time.
    if (!this.started) return;
    const t = this.player.exactPosition;
    const nearEnd = this.player.duration > 0 && t > this.player.duration - RESUME_MIN_SECONDS;
    writeStored(this.#positionKey, t >= RESUME_MIN_SECONDS && !nearEnd ? { t, savedAt: Date.now() } : null);
  }

  resume(): void {
    if (this.resumeAt === null) return;
    this.player.seek(this.resumeAt);
    this.resumeAt = null;
    this.follow = true;
  }

  dismissResume(): void {
    this.resumeAt = null;
  }
}

export const [getSession, setSession] = createContext<ListeningSession>();
