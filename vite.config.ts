import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { episodesPlugin } from './scripts/vite-episodes.ts';

export default defineConfig({
  // Relative base so the built app works from any static host path.
  base: './',
  plugins: [svelte(), episodesPlugin()],
  build: {
    target: 'es2022',
    // Maps are separate files: they cost the JS nothing but its last line, and scripts/bundle-report.ts needs them.
    sourcemap: true,
    // Markdown rendering, Howler, transcript import/export and the shortcuts dialog are loaded on demand
    // (dynamic import); every browser Hark supports has modulepreload, so no polyfill.
    modulePreload: { polyfill: false },
  },
  test: {
    expect: { requireAssertions: true },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
          // Sized for the slowest machine we support: two cores, both busy. A hang still fails, in seconds.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        plugins: [svelteTesting()],
        test: {
          name: 'components',
          environment: 'jsdom',
          include: ['tests/components/**/*.test.ts'],
          setupFiles: ['tests/components/setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          // Real playback and smooth scrolling take real time.
          expect: { requireAssertions: true, poll: { timeout: 10_000, interval: 50 } },
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
