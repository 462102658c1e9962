#!/usr/bin/env node
// The `hark` command. Runs the CLI compiled into dist-cli/ (see cli-bundle.js), compiling it first when it is
// missing or older than its sources; if it cannot be compiled, runs the TypeScript through tsx.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildBundle, bundleIsFresh, bundlePath } from './cli-bundle.js';

// Node 20's V8 can deadlock at exit when a background compile job waits for a garbage collection that the
// exiting main thread will never run: seen on a busy machine, `hark align` hung for good after printing its
// answer (about 1 run in 5 of 16 at once). Optimizing on the main thread only avoids it; the flag cannot be
// set once V8 runs, so the long-running commands start themselves again with it (about 40 ms).
const FLAG = '--no-concurrent-recompilation';
const LONG_RUNNING = new Set(['align', 'align-eval', 'episodes', 'timing-eval']);
if (LONG_RUNNING.has(process.argv[2] ?? '') && !process.execArgv.includes(FLAG)) {
  const r = spawnSync(
    process.execPath,
    [FLAG, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  if (r.error) {
    console.error(`hark: could not start node (${r.error.message})`);
    process.exit(1);
  }
  process.exit(r.status ?? (r.signal ? 128 : 1));
}

async function loadMain() {
  try {
    if (!bundleIsFresh()) await buildBundle();
    return (await import(pathToFileURL(bundlePath).href)).main;
  } catch {
    const { register } = await import('tsx/esm/api');
    register();
    return (await import('../src/cli/main.ts')).main;
  }
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
