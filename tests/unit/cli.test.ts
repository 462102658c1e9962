import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
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

const tmp = mkdtempSync(join(tmpdir(), 'hark-cli-'));

describe('hark CLI', () => {
  it('prints help for the tool and for each command', async () => {
    const top = await run('--help');
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/import\s+turn an episode page/);
    expect(top.out).toMatch(/validate\s+check an episode JSON/);
    for (const cmd of ['import', 'validate', 'episodes']) {
      const r = await run(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: hark ${cmd}`));
    }
  });

  it('imports the default page to stdout, matching the committed JSON', async () => {
    const r = await run('import', 'episodes/kelsey-hightower.md');
    expect(r.code).toBe(0);
    expect(r.out).toBe(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
  });

  it('writes to a file with -o and validates it', async () => {
    const out = join(tmp, 'k.json');
    expect((await run('import', 'episodes/kelsey-hightower.md', '-o', out)).code).toBe(0);
    const v = await run('validate', out);
    expect(v.code).toBe(0);
    const e = JSON.parse(readFileSync(out, 'utf8')) as {
      speakers: unknown[];
      turns: { paragraphs: unknown[] }[];
    };
    const paragraphs = e.turns.reduce((n, t) => n + t.paragraphs.length, 0);
    expect(v.out).toMatch(/valid hark-episode\/1 episode, /);
    expect(v.out).toContain(
      `: ${e.speakers.length} speakers, ${e.turns.length} turns, ${paragraphs} paragraphs`,
    );
  });

  it.each([
    [['import'], /^hark import: missing a page to import\n$/],
    [['import', join(tmp, 'nope.md')], /nope\.md: no such file\n$/],
    [['import', 'episodes/kelsey-hightower.md', '--bogus'], /unknown option --bogus\n$/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('fails with status 2 and one line for %j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('rejects a binary page and an invalid episode with one line each', async () => {
    const bin = join(tmp, 'bin.md');
    writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0]));
    const a = await run('import', bin);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/binary file/);
    const bad = join(tmp, 'bad.json');
    const episode = JSON.parse(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
    episode.turns[12].speaker = 'bob';
    writeFileSync(bad, JSON.stringify(episode));
    const b = await run('validate', bad);
    expect(b.code).toBe(2);
    expect(b.err).toBe(`hark validate: ${bad}: turns[12].speaker: unknown speaker "bob"\n`);
  });

  it('regenerates an episodes folder and checks it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hark-episodes-'));
    copyFileSync('episodes/kelsey-hightower.md', join(dir, 'kelsey-hightower.md'));
    expect((await run('episodes', dir, '--check')).code).toBe(1);
    expect((await run('episodes', dir)).code).toBe(0);
    expect((await run('episodes', dir, '--check')).code).toBe(0);
    expect(readFileSync(join(dir, 'kelsey-hightower.json'), 'utf8')).toBe(
      readFileSync('episodes/kelsey-hightower.json', 'utf8'),
    );
  });

  it('runs as a command: `npx hark` is bin/hark.js', () => {
    // npx itself is left out: it only finds the bin entry, and takes seconds to start on a busy machine.
    expect(JSON.parse(readFileSync('package.json', 'utf8')).bin).toEqual({ hark: 'bin/hark.js' });
    const hark = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/hark.js', ...args], { encoding: 'utf8' });
    const ok = hark('validate', 'episodes/kelsey-hightower.json');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/valid hark-episode\/1 episode/);
    const bad = hark('import', 'missing.md');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('hark import: missing.md: no such file');
  });
});
