/** What the system's media controls can ask of a player. */
export interface MediaControls {
  play(): void;
  pause(): void;
  skip(seconds: number): void;
  seek(seconds: number): void;
}

export interface MediaInfo {
  title: string;
  podcast?: string;
  artwork?: string;
}

/**
 * Lets the system's media controls (lock screen, headset keys) show the episode and drive the player.
 * Returns a cleanup; does nothing where the Media Session API is missing.
 */
export function bindMediaSession(
  player: MediaControls,
  info: MediaInfo,
  nav: Navigator | undefined = typeof navigator === 'undefined' ? undefined : navigator,
): () => void {
  if (!nav || !('mediaSession' in nav)) return () => {};
  const session = nav.mediaSession;
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

/** Tells the system's media controls whether the episode is playing. */
export function setMediaPlaybackState(
  playing: boolean,
  nav: Navigator | undefined = typeof navigator === 'undefined' ? undefined : navigator,
): void {
  if (nav && 'mediaSession' in nav) nav.mediaSession.playbackState = playing ? 'playing' : 'paused';
}
