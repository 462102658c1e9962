import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Our components are all runes-mode. Forcing it means no component turns on Svelte's legacy mode
    // (a runes-less component imports `svelte/internal/flags/legacy`, keeping legacy paths in the runtime).
    // Components from node_modules keep their own mode (e.g. @testing-library's legacy wrapper).
    runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true),
    // No `window.__svelte.v` version registration: nothing reads it.
    discloseVersion: false,
  },
};
