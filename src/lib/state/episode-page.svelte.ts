import { untrack } from 'svelte';
import type { AudioEngine } from '../audio/engine.ts';
import { bindMediaSession, setMediaPlaybackState } from '../audio/media-session.ts';
import { markdownToPlain, formatClock } from '../episode/text.ts';
import type { Episode } from '../episode/types.ts';
import { readArrival, momentLink, withoutArrival, withView, type Arrival } from '../links/moment-link.ts';
import { loadMarkdown } from '../markdown/lazy.svelte.ts';
import { markPassage } from '../search/dom-marks.ts';
import { findQuote } from '../search/quote.ts';
import type { ParagraphHit } from '../search/search-index.ts';
import { sentenceOffset } from '../timing/sentences.ts';
import { buildWordIndex } from '../timing/word-times.ts';
import { WordHighlight } from './word-highlight.ts';
import { AudioAligner } from './audio-aligner.svelte.ts';
import { PlayerState } from './player.svelte.ts';
import { ReaderState } from './reader.svelte.ts';
import type { Router } from './router.svelte.ts';
import { ListeningSession } from './session.svelte.ts';
import { shortcutFor, type ShortcutAction } from './shortcuts.ts';
import type { Store } from './storage.ts';

/** What the page needs of the transcript on screen. */
export interface TranscriptView {
  scrollToTurn(turn: number, smooth?: boolean): void;
  scrollToParagraph(turn: number, paragraph: number): void;
  paragraphElement(turn: number, paragraph: number): HTMLElement | null;
}

/** A message about something the reader did: what happened, or what was wrong. */
export interface Notice {
  text: string;
  problem: boolean;
}

export interface EpisodePageOptions {
  episode: Episode;
  engine: AudioEngine;
  /** Keeps the search and speaker filter in the URL. */
  router: Pick<Router, 'route' | 'replace'>;
  /** The URL's query when the page opened: `t`, `quote`, `q`, `speakers`. */
  params?: URLSearchParams;
  /** A local audio file opened together with this episode's transcript. */
  audioFile?: File | null;
  /** Opens an episode made from the reader's own transcript file, with its audio file if they gave one. */
  onOpenEpisode?: ((episode: Episode, audio: File | null) => void) | undefined;
  /** @default window */
  window?: Window;
  /** Where sync points and positions are kept. @default localStorage */
  store?: Store | null;
}

/** Seconds between saves of the position while playing. */
const AUTOSAVE_MS = 5000;

/**
 * The episode page's decisions, out of its components: arrival from a link, the URL, autosave, shortcuts,
 * opened files, sync mode. Made while EpisodeView is set up (its effects live as long as the view).
 */
export class EpisodePage {
  readonly player: PlayerState;
  readonly session: ListeningSession;
  readonly reader: ReaderState;
  readonly arrival: Arrival;
  /** "Align with the audio" for a local recording of an episode with a speech track. */
  readonly aligner: AudioAligner;

  #announcement = $state('');
  #helpOpen = $state(false);
  #notice: Notice | null = $state(null);
  #dragging = $state(false);
  #syncMode = $state(false);
  #view: TranscriptView | null = null;
  #arrived = false;
  readonly #win: Window;
  readonly #router: EpisodePageOptions['router'];
  readonly #onOpenEpisode: EpisodePageOptions['onOpenEpisode'];

  constructor(options: EpisodePageOptions) {
    const { episode, engine } = options;
    void loadMarkdown().catch(() => {});
    this.#win = options.window ?? window;
    this.#router = options.router;
    this.#onOpenEpisode = options.onOpenEpisode;
    this.player = new PlayerState(engine);
    this.session = new ListeningSession(episode, this.player, { store: options.store });
    this.reader = new ReaderState(this.session);
    this.aligner = new AudioAligner({
      session: this.session,
      speechUrl: speechUrl(episode, this.#win),
      store: options.store,
    });
    this.arrival = readArrival(options.params ?? new URLSearchParams());
    if (this.arrival.speakers) this.reader.showOnlyNamed(this.arrival.speakers);
    if (this.arrival.query) this.reader.setQuery(this.arrival.query);

    const startAt = this.#arrivalTime();
    const linked = startAt !== null || this.arrival.quote !== null;
    if (linked) this.session.dismissResume();
    if (options.audioFile) this.#loadAudioFile(options.audioFile, startAt ?? 0);
    else if (episode.audio) this.player.loadEpisodeAudio(episode.audio, startAt ?? 0);
    else if (startAt !== null) this.player.cue(startAt);
    this.#connect();
  }

  get announcement(): string {
    return this.#announcement;
  }
  get helpOpen(): boolean {
    return this.#helpOpen;
  }
  get notice(): Notice | null {
    return (
      this.#notice ??
      (this.session.storageProblem ? { text: this.session.storageProblem, problem: true } : null)
    );
  }
  get dragging(): boolean {
    return this.#dragging;
  }
  /** In sync mode a click or tap on a sentence says "this sentence is starting now". */
  get syncMode(): boolean {
    return this.#syncMode;
  }

  announce(message: string): void {
    this.#announcement = message;
  }
  showHelp(open = true): void {
    this.#helpOpen = open;
  }
  dismissNotice(): void {
    if (this.#notice) this.#notice = null;
    else this.session.dismissStorageProblem();
  }
  toggleSyncMode(): void {
    this.#syncMode = !this.#syncMode;
    this.announce(this.#syncMode ? 'Sync mode on: tap the sentence you hear begin' : 'Sync mode off');
  }

  /** Where the link asks to start: its quote's paragraph (as timed now), else its moment; clamped to the audio. */
  #arrivalTime(): number | null {
    let at = this.arrival.startAt;
    if (this.arrival.quote) {
      const found = findQuote(this.reader.index, this.arrival.quote);
      if (found) at = this.session.paragraphStart(found.turn, found.paragraph);
    }
    if (at === null) return null;
    const timeline = this.session.timeline;
    return timeline.durationKnown ? Math.min(at, timeline.duration) : at;
  }

  /** The page's effects: they live as long as the component that made this page. */
  #connect(): void {
    const doc = this.#win.document;
    $effect(() => {
      doc.title = `${this.session.episode.title} · Hark`;
    });
    // While playing, the page needs to hear of the position only where something on it changes.
    $effect(() => {
      const times = [
        ...this.session.timeline.paragraphStarts.flat(),
        ...this.session.episode.chapters.map((c) => c.start),
      ];
      this.player.setBoundaries(Float64Array.from(times).sort());
    });
    // The search and the speaker filter live in the URL, so they can be shared; a moment or quote is used once.
    $effect(() => {
      const view = {
        query: this.reader.query,
        speakers: this.reader.hidden.size ? this.reader.visibleSpeakers : null,
      };
      untrack(() => {
        const route = this.#router.route;
        this.#router.replace(
          route.slug ?? this.session.episode.slug,
          withView(withoutArrival(route.params), view),
        );
      });
    });
    // "Play only these speakers": when playback reaches a hidden turn, go on at the next shown one.
    $effect(() => {
      const turn = this.session.activeTurn;
      if (!this.reader.playOnlyVisible || !this.player.playing || turn < 0 || this.reader.shown[turn]) return;
      const next = this.reader.nextShownTurn(turn);
      untrack(() => {
        if (next < 0) this.player.pause();
        else this.player.seek(this.session.startOf(next) + 0.01);
      });
    });
    // Once something plays, "Resume at …" no longer applies.
    $effect(() => {
      if (this.player.playing) untrack(() => this.session.dismissResume());
    });
    $effect(() => bindMediaSession(this.player, { title: this.session.episode.title, podcast: 'Hark' }));
    $effect(() => setMediaPlaybackState(this.player.playing));
    // Remember the position: every few seconds while playing, on pause, and when the page goes away.
    $effect(() => {
      if (!this.player.playing) {
        this.session.savePosition();
        return;
      }
      const id = setInterval(() => this.session.savePosition(), AUTOSAVE_MS);
      return () => clearInterval(id);
    });
    $effect(() => this.session.listen(this.#win));
    $effect(() => {
      const save = (): void => this.session.savePosition();
      this.#win.addEventListener('pagehide', save);
      return () => this.#win.removeEventListener('pagehide', save);
    });
    this.#followWords(doc);
    $effect(() => () => {
      this.aligner.cancel();
      this.session.savePosition();
      this.player.destroy();
    });
  }

  /** Where the episode knows when its words are spoken, the word being spoken is marked, frame by frame. */
  #followWords(doc: Document): void {
    const words = new WordHighlight({
      paragraphElement: (turn, paragraph) =>
        doc.getElementById(`turn-${turn}`)?.querySelector<HTMLElement>(`[data-paragraph="${paragraph}"]`) ??
        null,
      enabled: () => this.session.started,
    });
    $effect(() => {
      const turns = this.session.episode.turns;
      // Indexed while the browser is idle (a three-hour episode's 28,000 words take about 20 ms), or at once
      // when playback needs them first.
      words.setIndex(() => buildWordIndex(turns));
      untrack(() => words.update(this.player.exactPosition));
      const win = this.#win;
      if (!('requestIdleCallback' in win)) return;
      const idle = win.requestIdleCallback(() => words.prepare(), { timeout: 3000 });
      return () => win.cancelIdleCallback(idle);
    });
    $effect(() => {
      const stop = this.player.onPosition((time) => words.update(time));
      return () => {
        stop();
        words.destroy();
      };
    });
  }

  /** The transcript is on the page: a link to a moment or a quote arrives there, once. */
  attach(view: TranscriptView): void {
    this.#view = view;
    if (this.#arrived) return;
    this.#arrived = true;
    const { quote } = this.arrival;
    if (quote) {
      const found = findQuote(this.reader.index, quote);
      if (!found) {
        this.announce('The quote in this link is no longer in the transcript.');
        return;
      }
      if (!this.reader.shown[found.turn] && this.reader.runs.size) this.reader.showAll();
      this.session.stopFollowing();
      queueMicrotask(() => {
        const el = view.paragraphElement(found.turn, found.paragraph);
        const mark = el && (markPassage(el, quote) ?? el);
        mark?.scrollIntoView({ block: 'center' });
      });
    } else if (this.arrival.startAt !== null && this.session.activeTurn >= 0) {
      view.scrollToTurn(this.session.activeTurn, false);
    }
  }

  onKeydown(e: KeyboardEvent): void {
    if (this.#helpOpen) return;
    const action = shortcutFor(e);
    if (!action) return;
    e.preventDefault();
    this.run(action);
  }

  /** Does what a shortcut asks. */
  run(action: ShortcutAction): void {
    const { player, session, reader } = this;
    const shown = reader.hidden.size ? reader.shown : undefined;
    switch (action) {
      case 'toggle':
        return player.toggle();
      case 'back':
        return player.skip(-15);
      case 'forward':
        return player.skip(30);
      case 'previous-turn':
        return session.stepTurn(-1, shown);
      case 'next-turn':
        return session.stepTurn(1, shown);
      case 'slower':
      case 'faster':
        player.stepRate(action === 'faster' ? 1 : -1);
        return this.announce(`Speed ${player.rate}×`);
      case 'mute':
        return player.setMuted(!player.settings.muted);
      case 'search':
        return this.#win.document.getElementById('search')?.focus();
      case 'help':
        return this.showHelp();
    }
  }

  backToNow(): void {
    this.session.followNow();
    if (this.session.activeTurn >= 0) this.#view?.scrollToTurn(this.session.activeTurn);
  }

  /** Brings the current search match into view. */
  showCurrentMatch(): void {
    const hit = this.reader.ordered[this.reader.current];
    if (!hit || !this.#view) return;
    this.session.stopFollowing();
    this.#view.scrollToParagraph(hit.turn, hit.paragraph);
  }

  jumpToHit(hit: ParagraphHit): void {
    this.reader.select(hit);
    this.showCurrentMatch();
  }

  /** A tap on a sentence in sync mode: `index` is a character of the paragraph's text as shown. */
  syncSentence(turn: number, paragraph: number, shownText: string, index: number): void {
    const markdown = this.session.episode.turns[turn]?.paragraphs[paragraph];
    if (markdown === undefined) return;
    const plain = markdownToPlain(markdown);
    const offset = sentenceOffset(shownText, index, plain);
    this.session.syncAt(turn, paragraph, offset);
    const time = this.session.lastSync?.time ?? 0;
    this.announce(`Synced “${plain.slice(offset, offset + 40)}…” at ${formatClock(time)}`);
  }

  syncTurn(turn: number): void {
    this.session.syncHere(turn);
    this.announce(`Turn ${turn + 1} starts at ${formatClock(this.session.lastSync?.time ?? 0)}`);
  }

  async copyLink(): Promise<void> {
    const seconds = Math.floor(this.player.exactPosition);
    const url = momentLink(this.#win.location, this.session.episode.slug, {
      seconds,
      params: this.#router.route.params,
    });
    try {
      await this.#win.navigator.clipboard.writeText(url);
      this.announce(`Link to ${formatClock(seconds)} copied`);
    } catch {
      this.announce(`Copy this link: ${url}`);
    }
  }

  /**
   * Files from the picker or a drop: audio loads (paused, at the reader's place); a timed transcript gives
   * this episode's turns exact times when it is a transcript of this episode, and otherwise opens as an
   * episode of its own (with the audio).
   */
  async openFiles(files: File[]): Promise<void> {
    const { sortOpenedFiles, readOpenedTranscript, decodeOpenedFile } =
      await import('../files/opened-files.ts');
    const sorted = sortOpenedFiles(files);
    if (sorted.kind === 'nothing') {
      this.#notice = { text: sorted.message, problem: true };
      return;
    }
    if (sorted.kind === 'audio') {
      this.#notice = null;
      this.#loadAudioFile(sorted.audio);
      return;
    }
    const { audio, transcript } = sorted;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await transcript.arrayBuffer());
    } catch {
      this.#notice = { text: `${transcript.name} could not be read.`, problem: true };
      return;
    }
    const decoded = decodeOpenedFile(transcript.name, bytes);
    if (!decoded.ok) {
      this.#notice = { text: decoded.message, problem: true };
      return;
    }
    const meaning = readOpenedTranscript(this.session.episode, transcript.name, decoded.text);
    if (meaning.kind === 'episode') {
      if (this.#onOpenEpisode) this.#onOpenEpisode(meaning.episode, audio);
      else this.#notice = { text: `${transcript.name} is not a transcript of this episode.`, problem: true };
      return;
    }
    if (meaning.kind === 'times') this.session.applyTimes(meaning.episode);
    // Times applied with parts of the file left out is said as loudly as a problem.
    this.#notice = {
      text: meaning.message,
      problem: meaning.kind === 'problem' || meaning.leftOut,
    };
    if (audio) this.#loadAudioFile(audio);
  }

  /**
   * Loads a local audio file, paused, where the reader is: at the saved place when "Resume at …" is still
   * on offer and nothing has played, so opening the audio after a reload never loses it.
   */
  #loadAudioFile(file: File, startAt?: number): void {
    let at = startAt ?? this.player.exactPosition;
    const resumeAt = this.session.resumeAt;
    if (resumeAt !== null && !this.player.played && !this.player.moved) {
      at = resumeAt;
      this.session.dismissResume();
    }
    this.player.loadFile(file, at);
    this.aligner.setFile(file);
  }

  dragOver(e: DragEvent): void {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    this.#dragging = true;
  }
  dragLeave(e: DragEvent): void {
    if (e.relatedTarget === null) this.#dragging = false;
  }
  drop(e: DragEvent): void {
    e.preventDefault();
    this.#dragging = false;
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) void this.openFiles(files);
  }
}

/** The episode's speech track, beside its JSON in the app's episodes/ folder; only a web address is fetched. */
function speechUrl(episode: Episode, win: Window): string | null {
  if (!episode.speech) return null;
  try {
    const json = new URL(`episodes/${encodeURIComponent(episode.slug)}.json`, win.document.baseURI);
    const url = new URL(episode.speech.src, json);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
