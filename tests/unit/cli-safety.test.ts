/**
 * The CLI writes safely and says in one line what went wrong with a file: it never overwrites its own input,
 * writes through a temporary file, refuses slugs that would clobber each other, reads stdin for `-`, and turns
 * YAML's multi-line warnings into one line.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** Runs the real command, with `input` on stdin. */
function spawn(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/hark.js', ...args], {
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const PAGE = 'tests/fixtures/pages/chapters.md';
const tmp = mkdtempSync(join(tmpdir(), 'hark-safety-'));

function fresh(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** One line on stderr, naming the path, and exit status 2. */
function expectOneLine(r: { code: number; err: string }, path: string): void {
  expect(r.code).toBe(2);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.err).toContain(path);
  expect(r.err).not.toMatch(/unexpected error|ENOENT|EISDIR|ENOTDIR/);
}

describe('-o never overwrites an input', () => {
  it('refuses the page itself, however it is spelled, and leaves it as it was', async () => {
    const dir = fresh('self');
    const page = join(dir, 'page.md');
    copyFileSync(PAGE, page);
    const before = readFileSync(page, 'utf8');
    for (const out of [page, join(dir, '..', 'self', 'page.md')]) {
      const r = await run('import', page, '-o', out);
      expectOneLine(r, out);
      expect(r.err).toMatch(/is also an input/);
    }
    expect(readFileSync(page, 'utf8')).toBe(before);
  });

  it('refuses the --times file and the episode given to export', async () => {
    const dir = fresh('inputs');
    const episode = join(dir, 'e.json');
    expect((await run('import', PAGE, '-o', episode)).code).toBe(0);
    const before = readFileSync(episode, 'utf8');
    expectOneLine(await run('export', episode, '--format', 'vtt', '-o', episode), episode);
    expect(readFileSync(episode, 'utf8')).toBe(before);
  });
});

describe('file-system errors are one line naming the path, exit 2', () => {
  it('-o into a missing folder', async () => {
    const out = join(tmp, 'no', 'such', 'folder', 'x.json');
    expectOneLine(await run('import', PAGE, '-o', out), out);
  });

  it('-o onto a folder', async () => {
    const out = fresh('a-folder');
    expectOneLine(await run('import', PAGE, '-o', out), out);
  });

  it('-o below a file', async () => {
    const file = join(fresh('below'), 'file.txt');
    writeFileSync(file, 'x');
    const out = join(file, 'x.json');
    expectOneLine(await run('import', PAGE, '-o', out), out);
  });

  it('-o onto a file that cannot be written', async () => {
    expectOneLine(await run('import', PAGE, '-o', '/proc/version'), '/proc/version');
  });

  it('leaves no temporary file behind, after a success or a failure', async () => {
    const dir = fresh('temp');
    expect((await run('import', PAGE, '-o', join(dir, 'ok.json'))).code).toBe(0);
    mkdirSync(join(dir, 'taken.json'));
    expect((await run('import', PAGE, '-o', join(dir, 'taken.json'))).code).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['ok.json', 'taken.json']);
  });

  it('a missing episodes folder', async () => {
    const dir = join(tmp, 'no-episodes');
    expectOneLine(await run('episodes', dir), dir);
  });
});

describe('hark episodes refuses slugs that would overwrite each other', () => {
  const page = (slug: string): string =>
    `---\ntitle: T\nslug: ${slug}\n---\n\n**Ann:** Hi.\n\n**Bob:** Hello.\n`;

  it('refuses the reserved slug "index" and writes nothing', async () => {
    const dir = fresh('reserved');
    writeFileSync(join(dir, 'a.md'), page('index'));
    const r = await run('episodes', dir);
    expectOneLine(r, 'a.md');
    expect(r.err).toMatch(/"index" is reserved/);
    expect(existsSync(join(dir, 'index.json'))).toBe(false);
  });

  it('refuses two pages with one slug and writes nothing', async () => {
    const dir = fresh('duplicate');
    writeFileSync(join(dir, 'a.md'), page('same'));
    writeFileSync(join(dir, 'b.md'), page('same'));
    const r = await run('episodes', dir);
    expectOneLine(r, 'b.md');
    expect(r.err).toContain('a.md');
    expect(readdirSync(dir).sort()).toEqual(['a.md', 'b.md']);
  });
});

describe('stdin, warnings and limits', () => {
  it('reads the page from stdin for "-"', () => {
    const r = spawn(['import', '-'], readFileSync(PAGE, 'utf8'));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).slug).toBe('steve-yegge');
  });

  it('prints a YAML warning as one line and imports the page', () => {
    const dir = fresh('yaml');
    const file = join(dir, 'p.md');
    writeFileSync(file, '---\ntitle: !!js/function "x"\n---\n\n**Ann:** Hi.\n\n**Bob:** Hello.\n');
    const r = spawn(['import', file]);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${file}: warning: front matter line 2: Unresolved tag: tag:yaml.org,2002:js/function`,
    ]);
    expect(JSON.parse(r.stdout).title).toBe('x');
  });

  it('refuses a sync interval too small to ever finish', async () => {
    const r = await run('timing-eval', 'tests/fixtures/transcripts/none.json', '--sync-every', '1e-300');
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('hark timing-eval: --sync-every needs at least 1 second');
  });

  it('validate warns about markdown the app will show as written', async () => {
    const dir = fresh('deep');
    const file = join(dir, 'e.json');
    expect((await run('import', PAGE, '-o', file)).code).toBe(0);
    const episode = JSON.parse(readFileSync(file, 'utf8'));
    episode.description = '>'.repeat(3_000);
    writeFileSync(file, JSON.stringify(episode));
    const r = await run('validate', file);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/description: shown as written, not formatted: more than 64 levels of nesting/);
  });
});
