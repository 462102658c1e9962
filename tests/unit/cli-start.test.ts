// bin/hark.js runs a compiled bundle of the CLI, builds it when it is missing, rebuilds it when a source changed,
// and still works through tsx when the bundle cannot be written. Each case runs on a copy of bin/ and src/, so
// the repository's own dist-cli/ (which other tests use at the same time) is never touched.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dirs: string[] = [];

function copyOfCli(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hark-start-'));
  dirs.push(dir);
  cpSync('bin', join(dir, 'bin'), { recursive: true });
  cpSync('src', join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function hark(dir: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(dir, 'bin/hark.js'), ...args], { encoding: 'utf8' });
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('bin/hark.js', () => {
  it('builds the bundle when it is missing, then runs from it', () => {
    const dir = copyOfCli();
    const bundle = join(dir, 'dist-cli/hark.js');
    expect(existsSync(bundle)).toBe(false);
    const r = hark(dir, '--help');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^hark: read a podcast transcript while you listen/);
    expect(existsSync(bundle)).toBe(true);
    const built = statSync(bundle).mtimeMs;
    expect(hark(dir, '--help').stdout).toBe(r.stdout);
    expect(statSync(bundle).mtimeMs).toBe(built);
  });

  it('rebuilds when a source file is newer than the bundle', () => {
    const dir = copyOfCli();
    expect(hark(dir, '--help').status).toBe(0);
    const main = join(dir, 'src/cli/main.ts');
    writeFileSync(
      main,
      readFileSync(main, 'utf8').replace(
        'read a podcast transcript while you listen',
        'edited since the build',
      ),
    );
    // An mtime clearly after the bundle's, whatever the file system's clock resolution.
    const later = new Date(Date.now() + 5_000);
    utimesSync(main, later, later);
    const r = hark(dir, '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^hark: edited since the build/);
  });

  it('runs through tsx when the bundle cannot be written', () => {
    const dir = copyOfCli();
    // A file where the bundle's directory should be.
    writeFileSync(join(dir, 'dist-cli'), '');
    const r = hark(dir, 'search', 'episodes-missing.json', 'x');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^hark search: .*episodes-missing\.json: no such file\n$/);
  });

  it('is what the package’s `prepare` script builds', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.prepare).toBe('node bin/cli-bundle.js');
  });
});
