import { formatHash, parseHash, type Route } from './route.ts';

/** The current hash route, kept in sync with `location.hash`. */
export class Router {
  #hash = $state('');
  #visits = $state(0);
  readonly route: Route = $derived(parseHash(this.#hash));
  readonly #win: Window;

  constructor(win: Window = window) {
    this.#win = win;
    this.#hash = win.location.hash;
  }

  /**
   * Counts arrivals: a followed link, the back button, `go`. Replacing the URL in place (the page keeping
   * its search in it) is not an arrival, so a view keyed on this is not made afresh for it.
   */
  get visits(): number {
    return this.#visits;
  }

  /** Starts listening to hashchange; returns the cleanup. */
  listen(): () => void {
    const onChange = (): void => {
      if (this.#win.location.hash === this.#hash) return;
      this.#hash = this.#win.location.hash;
      this.#visits++;
    };
    this.#win.addEventListener('hashchange', onChange);
    return () => this.#win.removeEventListener('hashchange', onChange);
  }

  go(slug: string | null, params?: Record<string, string>): void {
    this.#win.location.hash = formatHash(slug, params);
  }

  /** Shows another route without adding a history entry (and without counting as an arrival). */
  replace(slug: string | null, params?: URLSearchParams): void {
    const hash = formatHash(slug, params);
    if (hash === this.#win.location.hash) return;
    this.#win.history.replaceState(this.#win.history.state, '', hash);
    this.#hash = hash;
  }
}
