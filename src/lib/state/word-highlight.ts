/**
 * Marks the word being spoken with the CSS Custom Highlight API: one `Range` in a `Highlight` registered as
 * "hark-word" (styled by `::highlight(hark-word)` in src/app.css). The DOM is never changed, and a frame costs
 * two comparisons: the index is searched only when the time leaves the span of the last answer.
 */
import { isSpaceCode } from '../episode/scan.ts';
import { wordSpan, type WordIndex } from '../timing/word-times.ts';

export const WORD_HIGHLIGHT = 'hark-word';

/** What of `CSS.highlights` is used; a fake in tests. */
export type HighlightRegistryLike = Pick<HighlightRegistry, 'set' | 'get' | 'delete'>;

export interface WordHighlightOptions {
  /** The rendered paragraph, or null when it is not on the page (it is then left unmarked). */
  paragraphElement: (turn: number, paragraph: number) => HTMLElement | null;
  /**
   * Where the highlight is registered; null where the browser has no Custom Highlight API (nothing is done).
   * @default CSS.highlights, when there is one
   */
  registry?: HighlightRegistryLike | null;
  /** @default globalThis.Highlight */
  createHighlight?: () => Highlight;
  /** Whether there is a "now" to mark (e.g. not before anything has played). @default always */
  enabled?: () => boolean;
}

function browserRegistry(): HighlightRegistryLike | null {
  return typeof CSS !== 'undefined' && CSS.highlights !== undefined && typeof Highlight === 'function'
    ? CSS.highlights
    : null;
}

export class WordHighlight {
  #index: WordIndex | null = null;
  #pending: (() => WordIndex) | null = null;
  /** The span of time over which the current answer holds (empty: look it up next time). */
  #from = 0;
  #until = 0;
  #word = -1;
  readonly #highlight: Highlight | null;
  readonly #registry: HighlightRegistryLike | null;
  readonly #paragraphElement: WordHighlightOptions['paragraphElement'];
  readonly #enabled: () => boolean;

  constructor(options: WordHighlightOptions) {
    this.#paragraphElement = options.paragraphElement;
    this.#enabled = options.enabled ?? (() => true);
    this.#registry = options.registry === undefined ? browserRegistry() : options.registry;
    this.#highlight = this.#registry ? (options.createHighlight ?? (() => new Highlight()))() : null;
  }

  /** The word being marked, as an index into the word index, or -1. */
  get word(): number {
    return this.#word;
  }

  /**
   * The episode's timed words, or how to find them: then they are indexed at the first update that needs
   * them, not while the page opens. Clears the mark until the next update.
   */
  setIndex(index: WordIndex | (() => WordIndex)): void {
    this.#pending = typeof index === 'function' && this.#highlight ? index : null;
    this.#useIndex(typeof index === 'function' ? null : index);
  }

  /** Indexes the words now if they are still waiting (call it while the browser is idle). */
  prepare(): void {
    const build = this.#pending;
    if (!build) return;
    this.#pending = null;
    this.#useIndex(build());
  }

  #useIndex(index: WordIndex | null): void {
    this.#index = index && index.length > 0 && this.#highlight ? index : null;
    this.#from = 0;
    this.#until = 0;
    this.#show(-1);
    // Without words (or without the API) every time falls in one span that never ends: frames do nothing.
    if (!this.#index && !this.#pending) {
      this.#from = -Infinity;
      this.#until = Infinity;
    }
  }

  /** Brings the mark to the word spoken at `time`: called on every frame while playing. */
  update(time: number): void {
    if (time >= this.#from && time < this.#until) return;
    if (this.#pending) {
      if (!this.#enabled()) return;
      this.prepare();
    }
    if (!this.#index) return;
    if (!this.#enabled()) {
      this.#show(-1);
      return;
    }
    const span = wordSpan(this.#index, time);
    this.#from = span.from;
    this.#until = span.until;
    if (span.word !== this.#word) this.#show(span.word);
  }

  /** Takes the highlight off the page. */
  destroy(): void {
    this.#show(-1);
    if (this.#highlight && this.#registry?.get(WORD_HIGHLIGHT) === this.#highlight) {
      this.#registry.delete(WORD_HIGHLIGHT);
    }
  }

  #show(word: number): void {
    this.#word = word;
    const highlight = this.#highlight;
    if (!highlight || !this.#registry) return;
    highlight.clear();
    const index = this.#index;
    if (word < 0 || !index) return;
    const element = this.#paragraphElement(index.turns[word]!, index.paragraphs[word]!);
    const range = element && rangeOfInk(element, index.inkFrom[word]!, index.inkTo[word]!);
    // The rendered text differs from the plain text here (e.g. an image's alt text): better no mark than a wrong one.
    if (!range || withoutSpace(range.toString()) !== index.text(word)) return;
    highlight.add(range);
    if (this.#registry.get(WORD_HIGHLIGHT) !== highlight) this.#registry.set(WORD_HIGHLIGHT, highlight);
  }
}

function withoutSpace(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) if (!isSpaceCode(text.charCodeAt(i))) out += text[i];
  return out;
}

/**
 * The range over the characters `[from, to)` of `root`'s text, counting only characters that are not white
 * space (see `WordIndex.inkFrom`); null when the text is shorter.
 */
export function rangeOfInk(root: Node, from: number, to: number): Range | null {
  const doc = root.ownerDocument ?? document;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = doc.createRange();
  let count = 0;
  let started = false;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const data = node.data;
    for (let i = 0; i < data.length; i++) {
      if (isSpaceCode(data.charCodeAt(i))) continue;
      if (count === from && !started) {
        range.setStart(node, i);
        started = true;
      }
      count++;
      if (count === to && started) {
        range.setEnd(node, i + 1);
        return range;
      }
    }
  }
  return null;
}
