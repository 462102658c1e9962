// Howler's core build (no spatial-audio plugin, which Hark does not use) has the same API as the full one.
declare module 'howler/dist/howler.core.min.js' {
  export { Howl, Howler } from 'howler';
}
