import { formatHash } from '../state/route.ts';

/** Where a link asks to arrive: a moment (`t`, seconds) and/or a quote, read once when the episode opens. */
export interface Arrival {
  /** Seconds, or null when the link names no moment (or a bad one). */
  startAt: number | null;
  quote: string | null;
  /** The search in the link. */
  query: string | null;
  /** Speaker ids or names the link shows. */
  speakers: string[] | null;
}

/** Reads a link's query: `t` (seconds), `quote`, `q` (search), `speakers` (comma-separated). */
export function readArrival(params: URLSearchParams): Arrival {
  const t = params.get('t');
  const seconds = t === null || t.trim() === '' ? Number.NaN : Number(t);
  const speakers = params.get('speakers');
  return {
    startAt: Number.isFinite(seconds) && seconds >= 0 ? seconds : null,
    quote: params.get('quote') || null,
    query: params.get('q') || null,
    speakers: speakers ? speakers.split(',') : null,
  };
}

/** The query without the parts that are used once on arrival (a moment, a quote). */
export function withoutArrival(params: URLSearchParams): URLSearchParams {
  const rest = new URLSearchParams(params);
  rest.delete('t');
  rest.delete('quote');
  return rest;
}

/** The query that keeps the reader's search and speaker filter, so the URL can be shared. */
export function withView(
  params: URLSearchParams,
  view: { query: string; speakers: Iterable<string> | null },
): URLSearchParams {
  const next = new URLSearchParams(params);
  if (view.query.trim()) next.set('q', view.query);
  else next.delete('q');
  const speakers = view.speakers ? [...view.speakers] : [];
  if (speakers.length) next.set('speakers', speakers.join(','));
  else next.delete('speakers');
  return next;
}

/** A full link to a moment (whole seconds) and/or a quote of an episode, keeping the other parameters. */
export function momentLink(
  page: { origin: string; pathname: string },
  slug: string,
  place: { seconds: number; quote?: string; params?: URLSearchParams },
): string {
  const params = new URLSearchParams(place.params);
  if (place.quote !== undefined) params.set('quote', place.quote);
  params.set('t', String(Math.max(0, Math.floor(place.seconds))));
  return `${page.origin}${page.pathname}${formatHash(slug, params)}`;
}
