/**
 * Seconds between hearing a sentence begin and pointing at it: taken off the time of a sync made while
 * playing. `hark timing-eval --sync-to sentence` measures its effect (docs/timing.md).
 */
export const REACTION_SECONDS = 0.5;

/** Seconds one press of "−2 s" / "+2 s" moves the last sync point. */
export const NUDGE_SECONDS = 2;
