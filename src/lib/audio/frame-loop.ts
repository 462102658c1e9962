/** Calls `tick` on every animation frame while running; stops while the page is hidden. */
export class FrameLoop {
  #handle: number | null = null;
  #wanted = false;
  #onVisibility = (): void => this.#update();
  readonly #tick: () => void;
  readonly #document: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;

  constructor(
    tick: () => void,
    doc: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'> = document,
  ) {
    this.#tick = tick;
    this.#document = doc;
  }

  start(): void {
    if (this.#wanted) return;
    this.#wanted = true;
    this.#document.addEventListener('visibilitychange', this.#onVisibility);
    this.#update();
  }

  stop(): void {
    this.#wanted = false;
    this.#document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#update();
  }

  get running(): boolean {
    return this.#handle !== null;
  }

  #update(): void {
    const run = this.#wanted && this.#document.visibilityState !== 'hidden';
    if (run && this.#handle === null) {
      const frame = (): void => {
        this.#tick();
        this.#handle = requestAnimationFrame(frame);
      };
      this.#handle = requestAnimationFrame(frame);
    } else if (!run && this.#handle !== null) {
      cancelAnimationFrame(this.#handle);
      this.#handle = null;
      // Catch up once so the position is right when the page comes back or playback stops.
      this.#tick();
    }
  }
}
