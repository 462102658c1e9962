#!/usr/bin/env node
// Make sure a Chromium binary exists for the e2e tests (playwright-core drives it; it never downloads one).
// Looks at $CHROMIUM_PATH, else /usr/bin/chromium. If the default is missing and we are root on Debian,
// installs Debian's `chromium` package with apt-get. Exits 0 when Chromium is there, 1 otherwise.
import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';

const DEFAULT_PATH = '/usr/bin/chromium';
const chromiumPath = process.env.CHROMIUM_PATH || DEFAULT_PATH;

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
  console.error(`ensure-chromium: ${message}`);
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
    fail(`\`apt-get ${args.join(' ')}\` failed (${why}); install Chromium yourself or set CHROMIUM_PATH.`);
  }
}

if (isExecutable(chromiumPath)) process.exit(0);

if (chromiumPath !== DEFAULT_PATH) {
  fail(`CHROMIUM_PATH=${chromiumPath} is not an executable file; fix it or unset it to use ${DEFAULT_PATH}.`);
}
if (process.getuid?.() !== 0) {
  fail(
    `Chromium not found at ${DEFAULT_PATH} and not running as root; run \`sudo apt-get install -y chromium\` or set CHROMIUM_PATH.`,
  );
}

console.log(`Chromium not found at ${DEFAULT_PATH}; installing Debian's chromium with apt-get (root)…`);
apt(['update']);
apt(['install', '-y', 'chromium']);
if (!isExecutable(DEFAULT_PATH)) fail(`apt-get finished but ${DEFAULT_PATH} is still missing.`);
console.log(`Chromium installed at ${DEFAULT_PATH}.`);
