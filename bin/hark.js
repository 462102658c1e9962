#!/usr/bin/env node
// The `hark` command. Runs the CLI compiled into dist-cli/ (see cli-bundle.js), compiling it first when it is
// missing or older than its sources; if it cannot be compiled, runs the TypeScript through tsx.
import { pathToFileURL } from 'node:url';
import { buildBundle, bundleIsFresh, bundlePath } from './cli-bundle.js';

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
