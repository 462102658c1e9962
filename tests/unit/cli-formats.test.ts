/**
 * The CLI and timed transcripts: warnings on stderr with exit 0, encodings, HTML transcripts, estimated times
 * that stay estimates, and `hark validate` in plain words.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

const tmp = mkdtempSync(join(tmpdir(), 'hark-cli-formats-'));
const FILES = 'tests/fixtures/timed-files';

describe('hark import of timed transcripts', () => {
  it('keeps the readable cues of a file with a broken one, says what it left out on stderr, exits 0', async () => {
    const r = await run('import', `${FILES}/broken-cue.vtt`);
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      `${FILES}/broken-cue.vtt: Line 6: cue left out: "00:00:04.000 --> 00:0x:08.000" is not a cue timing.\n`,
    );
    expect(JSON.parse(r.out).turns).toHaveLength(3);
  });

  it('reads UTF-16 and Windows-1252 files', async () => {
    for (const name of ['utf16be-bom.srt', 'windows-1252.srt']) {
      const r = await run('import', `${FILES}/${name}`);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Très bien — “merci”.');
    }
  });

  it('imports an HTML transcript', async () => {
    const r = await run('import', `${FILES}/transcript.html`);
    expect(r.code).toBe(0);
    const episode = JSON.parse(r.out);
    expect(episode.speakers.map((s: { name: string }) => s.name)).toEqual(['Dave Jones', 'Adam Curry']);
    expect(episode.turns[2].start).toBe(3723);
  });

  it('never calls the times of an export of estimated times exact', async () => {
    const page = 'episodes/kelsey-hightower.md';
    const episodeFile = join(tmp, 'kelsey.json');
    expect((await run('import', page, '-o', episodeFile)).code).toBe(0);
    const vtt = join(tmp, 'exported.vtt');
    const exported = await run('export', episodeFile, '--format', 'vtt', '--duration', '3700', '-o', vtt);
    expect(exported.code).toBe(0);
    expect(readFileSync(vtt, 'utf8')).toMatch(/^WEBVTT\n\nNOTE Times after "NOTE estimated"/);
    const r = await run('import', page, '--times', vtt);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      /^0 of 50 turns got exact times from .*exported\.vtt \(\d+ more matched times the file marks as estimated, which were not used\)\n$/,
    );
    expect(JSON.parse(r.out).turns.filter((t: { start?: number }) => t.start !== undefined)).toEqual([]);
  });
});

describe('hark validate in plain words', () => {
  const write = (name: string, content: string | Buffer): string => {
    const file = join(tmp, name);
    writeFileSync(file, content);
    return file;
  };

  it('says "missing" for a missing field', async () => {
    const episode = JSON.parse(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
    delete episode.speakers;
    const file = write('no-speakers.json', JSON.stringify(episode));
    const r = await run('validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`hark validate: ${file}: speakers: missing\n`);
  });

  it('gives a JSON syntax error in one line, whatever the input', async () => {
    const file = write('broken.json', '{\n  "format": "hark-episode/1",\n  "title": "A\n  B"\n}\n');
    const r = await run('validate', file);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^hark validate: .*broken\.json: The episode file is not valid JSON \(.+\)\.\n$/);
  });

  it('echoes no raw bytes of a binary file', async () => {
    const file = write(
      'audio.json',
      Buffer.from([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0x1f, 0x8b, 0x7f, 0x01]),
    );
    const r = await run('validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `hark validate: ${file}: The file is a binary file (audio, video, an image or an archive), not text.\n`,
    );
    const noise = write('noise.json', Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) % 256)));
    const n = await run('validate', noise);
    expect(n.code).toBe(2);
    // eslint-disable-next-line no-control-regex
    expect(n.err).not.toMatch(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufffd]/);
  });

  it('points an episode page to hark import', async () => {
    const r = await run('validate', 'episodes/kelsey-hightower.md');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'hark validate: episodes/kelsey-hightower.md: This is an episode page (markdown), not episode JSON: use `hark import` to make an episode of it.\n',
    );
  });
});
