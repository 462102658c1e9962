import { createContext } from 'svelte';
import { formatHash, parseHash, type Route } from './route.ts';

/** The current hash route, kept in sync with `location.hash`. */
export class Router {
  #hash = $state('');
  readonly route: Route = $derived(parseHash(this.#hash));

  constructor(private readonly win: Window = window) {
    this.#hash = win.location.hash;
  }

  /** Starts listening to hashchange; returns the cleanup. */
  listen(): () => void {
    const onChange = (): void => {
      this.#hash = this.win.location.hash;
    };
    this.win.addEventListener('hashchange', onChange);
    return () => this.win.removeEventListener('hashchange', onChange);
  }

  go(slug: string | null, params?: Record<string, string>): void {
    this.win.location.hash = formatHash(slug, params);
  }

  /** Shows another route without adding a history entry. */
  replace(slug: string | null, params?: URLSearchParams): void {
    const hash = formatHash(slug, params);
    if (hash === this.win.location.hash) return;
    this.win.history.replaceState(this.win.history.state, '', hash);
    this.#hash = hash;
  }

  /** Updates the URL's query without adding a history entry or triggering navigation. */
  replaceParams(params: URLSearchParams): void {
    this.replace(this.route.slug, params);
  }
}

export const [getRouter, setRouter] = createContext<Router>();
