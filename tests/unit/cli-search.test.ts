import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { markdownToPlain } from '../../src/lib/episode/text.ts';
import { parseEpisodeJson } from '../../src/lib/episode/validate.ts';

const EPISODE = 'episodes/kelsey-hightower.json';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

interface Row {
  turn: number;
  paragraph: number;
  time: number;
  estimated: boolean;
  speaker: string;
  score: number;
  ranges: [number, number][];
  snippet: string;
}

async function json(...argv: string[]): Promise<Row[]> {
  const r = await run('search', ...argv, '--json');
  expect(r.code).toBe(0);
  expect(r.err).toBe('');
  return JSON.parse(r.out) as Row[];
}

const tmp = mkdtempSync(join(tmpdir(), 'hark-cli-search-'));

describe('hark search', () => {
  it('is listed in the help, with its own usage', async () => {
    expect((await run('--help')).out).toMatch(/search\s+search an episode for a half-remembered quote/);
    const r = await run('search', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: hark search <episode\.json> "<query>" \[--json\] \[--limit N\]/);
  });

  it('prints turn, paragraph, speaker, matched characters and a snippet', async () => {
    const r = await run('search', EPISODE, 'kubernets tatoo');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^turn 42 ¶6 · ≈ \d+:\d\d · Kelsey Hightower · chars \d+-\d+,\d+-\d+,\d+-\d+$/);
    // The snippet is around the first matched word.
    // The snippet shows where the query's words stand together.
    expect(lines[1]).toMatch(/^ {2}….*Hopefully you don't have a Kubernetes tattoo/);
    expect(lines[2]).toMatch(/^turn 44 ¶1 · ≈ \d+:\d\d · Kelsey Hightower · chars \d+-\d+,\d+-\d+$/);
    expect(lines[3]).toMatch(/^ {2}….*don't go out and get a Kubernetes tattoo\. Trust me/);
    expect(lines[3]!.endsWith('…')).toBe(true);
  });

  it('takes the query as one argument or as several words', async () => {
    const one = await run('search', EPISODE, 'raft protocl etcd');
    const several = await run('search', EPISODE, 'raft', 'protocl', 'etcd');
    expect(several.out).toBe(one.out);
    expect(one.out).toMatch(/^turn 28 ¶6 · ≈ \d+:\d\d · Kelsey Hightower · /);
  });

  it('prints JSON with --json', async () => {
    const rows = await json(EPISODE, 'kubernets tatoo');
    expect(rows.map((r) => [r.turn, r.paragraph, r.speaker])).toEqual([
      [42, 6, 'Kelsey Hightower'],
      [44, 1, 'Kelsey Hightower'],
    ]);
    const first = rows[0]!;
    expect(Object.keys(first).sort()).toEqual([
      'estimated',
      'paragraph',
      'ranges',
      'score',
      'snippet',
      'speaker',
      'time',
      'turn',
    ]);
    expect(first.ranges).toHaveLength(3);
    for (const [a, b] of first.ranges) expect(b).toBeGreaterThan(a);
    expect(first.snippet).toContain('a Kubernetes tattoo');
    expect(first.snippet.length).toBeLessThanOrEqual(122);
    expect(rows[1]!.snippet).toContain('get a Kubernetes tattoo');
    expect(first.score).toBeGreaterThanOrEqual(rows[1]!.score);
  });

  it('gives ranges into the paragraph’s plain text', async () => {
    const [row] = await json(EPISODE, 'raft protocl etcd');
    const parsed = parseEpisodeJson(readFileSync(EPISODE, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    const text = markdownToPlain(parsed.value.turns[row!.turn - 1]!.paragraphs[row!.paragraph - 1]!);
    expect(row!.ranges.map(([a, b]) => text.slice(a, b))).toEqual(['etcd', 'Raft', 'protocol']);
  });

  it('numbers turns and paragraphs from 1 and prints when each hit starts, "≈" when estimated', async () => {
    const parsed = parseEpisodeJson(readFileSync(EPISODE, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    // Turn 44 (the 44th, as the app counts) gets an exact start; turn 42 stays estimated.
    const episode = parsed.value;
    episode.turns[43] = { ...episode.turns[43]!, start: 3300 };
    const file = join(tmp, 'timed.json');
    writeFileSync(file, JSON.stringify(episode));
    const lines = (await run('search', file, 'kubernets tatoo')).out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^turn 42 ¶6 · ≈ (\d+):(\d\d) · /);
    const [, m, s] = /≈ (\d+):(\d\d)/.exec(lines[0]!)!;
    expect(Number(m) * 60 + Number(s)).toBeLessThan(3300);
    expect(lines[2]).toMatch(/^turn 44 ¶1 · 55:00 · Kelsey Hightower · /);
    const rows = await json(file, 'kubernets tatoo');
    expect(rows.map((r) => [r.turn, r.paragraph, r.time, r.estimated])).toEqual([
      [42, 6, rows[0]!.time, true],
      [44, 1, 3300, false],
    ]);
  });

  it('prints exact times for the paragraphs of an episode made from a timed transcript', async () => {
    const file = join(tmp, 'from-srt.json');
    expect((await run('import', 'tests/fixtures/transcripts/speakers.srt', '-o', file)).code).toBe(0);
    const r = await run('search', file, 'gardens');
    expect(r.out.split('\n')[0]).toBe('turn 1 ¶2 · 0:03 · Jane Doe · chars 27-34');
    const [row] = await json(file, 'gardens');
    expect([row!.time, row!.estimated]).toEqual([3.5, false]);
  });

  it('limits the results with --limit', async () => {
    const all = await json(EPISODE, 'kubernetes');
    expect(all.length).toBeGreaterThan(1);
    expect(all.length).toBeLessThanOrEqual(20);
    const one = await json(EPISODE, 'kubernetes', '--limit', '1');
    expect(one).toEqual(all.slice(0, 1));
    const text = await run('search', EPISODE, 'kubernetes', '--limit', '1');
    expect(text.out.trimEnd().split('\n')).toHaveLength(2);
  });

  it('says when nothing matches', async () => {
    const r = await run('search', EPISODE, 'zzqx vvbnm');
    expect(r.code).toBe(0);
    expect(r.out).toBe('No matches.\n');
    expect(await json(EPISODE, 'zzqx vvbnm')).toEqual([]);
  });

  it.each([
    [['search'], /^hark search: expected an episode file and a query\n$/],
    [['search', EPISODE], /^hark search: expected an episode file and a query\n$/],
    [['search', EPISODE, 'tattoo', '--limit'], /^hark search: --limit needs a value\n$/],
    [
      ['search', EPISODE, 'tattoo', '--limit', '0'],
      /^hark search: --limit needs a whole number of at least 1\n$/,
    ],
    [
      ['search', EPISODE, 'tattoo', '--limit', 'x'],
      /^hark search: --limit needs a whole number of at least 1\n$/,
    ],
    [['search', EPISODE, 'tattoo', '--bogus'], /^hark search: unknown option --bogus\n$/],
    [['search', join(tmp, 'nope.json'), 'tattoo'], /nope\.json: no such file\n$/],
  ])('fails with status 2 and one line for %j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('rejects a file that is not an episode with one line', async () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{"format":"something-else"}');
    const r = await run('search', bad, 'tattoo');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^hark search: .*bad\.json: /);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});
