// The CLI compiled once into dist-cli/ (gitignored), so `hark` starts in a fraction of a second instead of
// having tsx compile the TypeScript on every start. Built at `npm install` (the `prepare` script) and again
// by bin/hark.js whenever a source file it was built from is newer than the bundle.
// Run directly (`node bin/cli-bundle.js`) to build it now.
import { mkdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist-cli');
export const bundlePath = join(outDir, 'hark.js');
const inputsPath = join(outDir, 'inputs.json');

/** True when the bundle exists and none of the files it was built from changed since. */
export function bundleIsFresh() {
  try {
    const built = statSync(bundlePath).mtimeMs;
    const inputs = JSON.parse(readFileSync(inputsPath, 'utf8'));
    if (!Array.isArray(inputs) || inputs.length === 0) return false;
    return inputs.every((file) => statSync(join(root, file)).mtimeMs <= built);
  } catch {
    return false;
  }
}

/**
 * Bundles src/cli/main.ts with esbuild (tsx's own, so no extra dependency); packages stay external.
 * Writes beside the target and renames, so processes starting at the same time never read half a file.
 */
export async function buildBundle() {
  // esbuild comes with tsx: resolve it from there rather than rely on how npm laid out node_modules.
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  const esbuild = await import(pathToFileURL(fromTsx.resolve('esbuild')).href);
  const started = Date.now();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/cli/main.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  mkdirSync(outDir, { recursive: true });
  const tmp = `${bundlePath}.${process.pid}.tmp`;
  writeFileSync(tmp, code);
  // The inputs are written first: a bundle newer than its list is never mistaken for a fresh one.
  writeFileSync(`${inputsPath}.${process.pid}.tmp`, JSON.stringify(Object.keys(result.metafile.inputs)));
  renameSync(`${inputsPath}.${process.pid}.tmp`, inputsPath);
  // The bundle's time must not be earlier than a source saved while esbuild was reading it.
  utimesSync(tmp, new Date(started), new Date(started));
  renameSync(tmp, bundlePath);
  return bundlePath;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await buildBundle();
  } catch (e) {
    // Not fatal: bin/hark.js falls back to running the TypeScript through tsx.
    console.warn(
      `hark: could not compile the CLI (${e instanceof Error ? e.message : e}); it will run through tsx`,
    );
  }
}
