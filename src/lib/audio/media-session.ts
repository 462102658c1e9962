import type { PlayerState } from '../state/player.svelte.ts';

export interface MediaInfo {
  title: string;
  podcast?: string;
  artwork?: string;
}

/**
 * Lets the system's media controls (lock screen, headset keys) show the episode and drive the player.
 * Returns a cleanup; does nothing where the Media Session API is missing.
 */
export function bindMediaSession(player: PlayerState, info: MediaInfo): () => void {
  if (typeof navigator === 'undefined' || !('mediaSession' in navigator)) return () => {};
  const session = navigator.mediaSession;
  session.metadata = new MediaMetadata({
    title: info.title,
    artist: info.podcast ?? '',
    album: info.podcast ?? '',
    artwork: info.artwork ? [{ src: info.artwork }] : [],
  });
  const handlers: [MediaSessionAction, MediaSessionActionHandler][] = [
    ['play', () => player.play()],
    ['pause', () => player.pause()],
    ['seekbackward', (d) => player.skip(-(d.seekOffset ?? 15))],
    ['seekforward', (d) => player.skip(d.seekOffset ?? 30)],
    ['seekto', (d) => d.seekTime !== undefined && player.seek(d.seekTime)],
  ];
  for (const [action, handler] of handlers) {
    try {
      session.setActionHandler(action, handler);
    } catch {
      // An action this browser does not support.
    }
  }
  return () => {
    for (const [action] of handlers) {
      try {
        session.setActionHandler(action, null);
      } catch {
        // as above
      }
    }
    session.metadata = null;
  };
}
