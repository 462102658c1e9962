#!/usr/bin/env node
// Makes sure the tools the tests use are on this machine: Chromium (playwright-core drives it; it never
// downloads one), espeak-ng (real speech audio), sox (tones, mixing) and ffmpeg (decoding and encoding audio). Chromium is $CHROMIUM_PATH or
// /usr/bin/chromium. What is missing is installed from Debian's packages with apt-get when we are root, and
// we say so. Exits 0 when everything is there, 1 otherwise.
import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';

const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const chromiumPath = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;

/** Debian package → the executable it provides. */
const TOOLS = [
  { pkg: 'chromium', path: chromiumPath, what: 'Chromium' },
  { pkg: 'espeak-ng', path: '/usr/bin/espeak-ng', what: 'espeak-ng (speech audio for the player tests)' },
  { pkg: 'sox', path: '/usr/bin/sox', what: 'sox (generated audio)' },
  { pkg: 'ffmpeg', path: '/usr/bin/ffmpeg', what: 'ffmpeg (audio decoding and encoding)' },
];

/** @param {string} path */
function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** @param {string} message */
function fail(message) {
  console.error(`ensure-e2e-tools: ${message}`);
  process.exit(1);
}

/** @param {string[]} args */
function apt(args) {
  const result = spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit code ${result.status}`;
    fail(`\`apt-get ${args.join(' ')}\` failed (${why}); install the packages yourself.`);
  }
}

const missing = TOOLS.filter((t) => !isExecutable(t.path));
if (missing.length === 0) process.exit(0);

if (chromiumPath !== DEFAULT_CHROMIUM && missing.some((t) => t.pkg === 'chromium')) {
  fail(
    `CHROMIUM_PATH=${chromiumPath} is not an executable file; fix it or unset it to use ${DEFAULT_CHROMIUM}.`,
  );
}
const packages = missing.map((t) => t.pkg);
if (process.getuid?.() !== 0) {
  fail(
    `${missing.map((t) => t.what).join(' and ')} not found and not running as root; run \`sudo apt-get install -y ${packages.join(' ')}\`.`,
  );
}

console.log(
  `Not found: ${missing.map((t) => t.what).join(', ')}. Installing Debian's ${packages.join(' ')} with apt-get (root)…`,
);
apt(['update']);
apt(['install', '-y', ...packages]);
const still = missing.filter((t) => !isExecutable(t.path));
if (still.length) fail(`apt-get finished but ${still.map((t) => t.path).join(', ')} is still missing.`);
console.log(`Installed ${packages.join(', ')}.`);
