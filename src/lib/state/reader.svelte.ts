import { createContext } from 'svelte';
import { SvelteSet } from 'svelte/reactivity';
import { SearchIndex, type ParagraphHit } from '../search/search-index.ts';
import { finish } from '../steps.ts';
import type { ListeningSession } from './session.svelte.ts';

/** A run of consecutive hidden turns, shown as one "N turns hidden" divider. */
export interface HiddenRun {
  first: number;
  last: number;
}

/** From this many turns, the search index is built in slices (a search answers once it is done). */
const SLICED_FROM = 2_000;

/** Words to mark, per turn and paragraph. */
export type Marks = Map<number, Map<number, string[]>>;

/**
 * What the reader is looking for: the search query and its matches, which speakers are shown, and which
 * hidden runs are opened. The episode's search index is built once, when first needed.
 */
export class ReaderState {
  #query = $state('');
  readonly #hidden = new SvelteSet<string>();
  readonly #expanded = new SvelteSet<number>();
  #playOnlyVisible = $state(false);
  #current = $state(-1);

  readonly session: ListeningSession;
  #index: SearchIndex | null = null;
  #building: Generator<void, SearchIndex, void> | null = null;
  /** Whether the index that `prepare` builds in slices is done (until then, no hits: see `indexing`). */
  #ready = $state(false);
  #sliced = false;

  /** Ranked matches of the query among the shown speakers. */
  readonly hits: ParagraphHit[];
  /** The same matches in the order they are spoken, for next/previous. */
  readonly ordered: ParagraphHit[];
  readonly marks: Marks;
  readonly visibleSpeakers: Set<string>;
  /** For each turn, whether it is shown (its speaker is, or its hidden run was opened). */
  readonly shown: boolean[];
  /** Hidden runs, keyed by their first turn. */
  readonly runs: Map<number, HiddenRun>;

  constructor(session: ListeningSession) {
    this.session = session;
    this.visibleSpeakers = $derived(
      new Set(session.episode.speakers.map((s) => s.id).filter((id) => !this.#hidden.has(id))),
    );
    this.hits = $derived.by(() => {
      const q = this.#query;
      if (!q.trim()) return [];
      // While a long episode's index is still being built in slices, the hits come when it is ready.
      if (this.indexing) return [];
      return this.index.search(q, { speakers: this.#hidden.size ? this.visibleSpeakers : undefined });
    });
    this.ordered = $derived([...this.hits].sort((a, b) => a.doc - b.doc));
    this.marks = $derived.by(() => {
      const marks: Marks = new Map();
      for (const h of this.hits) {
        let turn = marks.get(h.turn);
        if (!turn) marks.set(h.turn, (turn = new Map()));
        turn.set(h.paragraph, h.words);
      }
      return marks;
    });
    this.runs = $derived.by(() => {
      const runs = new Map<number, HiddenRun>();
      if (this.#hidden.size === 0) return runs;
      let start = -1;
      const turns = session.episode.turns;
      for (let i = 0; i <= turns.length; i++) {
        const hiddenTurn = i < turns.length && this.#hidden.has(turns[i]!.speaker);
        if (hiddenTurn && start < 0) start = i;
        if (!hiddenTurn && start >= 0) {
          runs.set(start, { first: start, last: i - 1 });
          start = -1;
        }
      }
      return runs;
    });
    this.shown = $derived.by(() => {
      const shown = session.episode.turns.map((t) => !this.#hidden.has(t.speaker));
      for (const first of this.#expanded) {
        const run = this.runs.get(first);
        if (run) for (let i = run.first; i <= run.last; i++) shown[i] = true;
      }
      return shown;
    });
  }

  get query(): string {
    return this.#query;
  }
  /** Speaker ids whose turns are hidden. */
  get hidden(): ReadonlySet<string> {
    return this.#hidden;
  }
  /** First turns of hidden runs the reader opened in place. */
  get expanded(): ReadonlySet<number> {
    return this.#expanded;
  }
  /** Position of the current match in `ordered`, or -1. */
  get current(): number {
    return this.#current;
  }
  /** Skip hidden speakers' turns while playing. */
  get playOnlyVisible(): boolean {
    return this.#playOnlyVisible;
  }
  set playOnlyVisible(on: boolean) {
    this.#playOnlyVisible = on;
  }

  /** Opens or closes a hidden run in place. */
  toggleRun(first: number): void {
    if (this.#expanded.has(first)) this.#expanded.delete(first);
    else this.#expanded.add(first);
  }

  /** The index is still being built in slices: a search can't answer yet. */
  get indexing(): boolean {
    return this.#sliced && !this.#ready;
  }

  /** The search index, built on first use (a few tens of milliseconds for three hours of talk). */
  get index(): SearchIndex {
    this.#index ??= finish((this.#building ??= SearchIndex.building(this.session.episode)));
    return this.#index;
  }

  /**
   * Builds the index while the browser is idle, a slice at a time (100,000 turns take about half a second),
   * so neither the first keystroke nor the page has to wait for it.
   */
  prepare(): void {
    if (this.#index || this.#building) return;
    const idle = (work: () => void): void => {
      if ('requestIdleCallback' in window) requestIdleCallback(work, { timeout: 1000 });
      else setTimeout(work, 50);
    };
    if (this.session.episode.turns.length < SLICED_FROM) {
      idle(() => void this.index);
      return;
    }
    this.#sliced = true;
    const steps = (this.#building = SearchIndex.building(this.session.episode));
    const slice = (): void => {
      if (this.#index) {
        this.#ready = true;
        return;
      }
      const end = performance.now() + 30;
      let step = steps.next();
      while (!step.done && performance.now() < end) step = steps.next();
      if (step.done) {
        this.#index = step.value;
        this.#ready = true;
      } else idle(slice);
    };
    idle(slice);
  }

  /** A new query starts again from "N matches"; the same query again (a late input event) keeps the place. */
  setQuery(query: string): void {
    if (query === this.#query) return;
    this.#query = query;
    this.#current = -1;
  }

  /** Moves to the next (1) or previous (-1) match in spoken order, wrapping around. */
  step(direction: 1 | -1): ParagraphHit | undefined {
    const n = this.ordered.length;
    if (n === 0) return undefined;
    this.#current = this.#current < 0 ? (direction === 1 ? 0 : n - 1) : (this.#current + direction + n) % n;
    return this.ordered[this.#current];
  }

  /** Makes a hit the current match (from the results list). */
  select(hit: ParagraphHit): void {
    this.#current = this.ordered.indexOf(hit);
  }

  toggleSpeaker(id: string): void {
    if (this.#hidden.has(id)) this.#hidden.delete(id);
    else if (this.visibleSpeakers.size > 1) this.#hidden.add(id);
    this.#filterChanged();
  }

  only(id: string): void {
    this.#hidden.clear();
    for (const s of this.session.episode.speakers) if (s.id !== id) this.#hidden.add(s.id);
    this.#filterChanged();
  }

  showAll(): void {
    this.#hidden.clear();
    this.#filterChanged();
  }

  /** The matches change with the filter: start counting again. */
  #filterChanged(): void {
    this.#expanded.clear();
    this.#current = -1;
  }

  /** Sets the hidden speakers from the URL's `speakers` list (ids, names, aliases or first names). */
  showOnlyNamed(names: string[]): void {
    const wanted = new Set(names.map((n) => n.trim().toLowerCase()).filter(Boolean));
    const matches = this.session.episode.speakers.filter((s) =>
      [s.id, s.name, s.name.split(' ')[0]!, ...s.aliases].some((n) => wanted.has(n.toLowerCase())),
    );
    if (matches.length === 0) return;
    this.#hidden.clear();
    for (const s of this.session.episode.speakers) if (!matches.includes(s)) this.#hidden.add(s.id);
  }

  /** The next shown turn at or after `turn`, or -1: where "play only these speakers" goes. */
  nextShownTurn(turn: number): number {
    const turns = this.session.episode.turns;
    for (let i = Math.max(0, turn); i < turns.length; i++) if (!this.#hidden.has(turns[i]!.speaker)) return i;
    return -1;
  }
}

export const [getReader, setReader] = createContext<ReaderState>();
