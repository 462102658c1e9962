/**
 * "Align with the audio" in Chromium, timed: generates a conversation (scripts/make-conversation.ts), makes its
 * episode and speech track with `hark speech`, opens the built app (run `npm run build` first), opens the
 * recording as a local file and aligns it in the worker. Prints the wall time from the click to the result, the
 * time left the page estimated along the way, and the share of time on the right turn.
 *
 *   tsx scripts/bench-align-browser.ts [--minutes 10] [--timed ../shared/data/timed] [--podcast]
 *
 * --podcast re-encodes the recording as a podcast is usually published (44.1 kHz stereo MP3).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scoreStarts } from '../src/lib/align/score.ts';
import { launchBrowser, startStaticServer } from '../tests/e2e/harness.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const minutes = option('--minutes', '10');
const timed = [option('--timed', ''), '../shared/data/timed', '/work/shared/data/timed'].find(
  (d) => d && existsSync(join(d, 'lennys-podcast--julia-schottenstein--transcript.json')),
);
if (!timed) throw new Error('no timed transcripts found; pass --timed <folder of shared/data/timed>');
if (!existsSync('dist/index.html')) throw new Error('build the app first: npm run build');

/** Pids and resident MB of every process (Linux /proc), with their parent. */
function processes(): { pid: number; ppid: number; mb: number; cmd: string }[] {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      out.push({ pid: Number(d), ppid: Number(fields[1]), mb: (Number(fields[21]) * 4096) / 2 ** 20, cmd });
    } catch {
      // The process ended while being read.
    }
  }
  return out;
}

/** The largest resident size of one process of the browser (the page's renderer, which runs its workers). */
function largestOf(root: number): number {
  const all = processes();
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) if (tree.has(p.ppid) && !tree.has(p.pid)) grew = tree.add(p.pid) !== null;
  }
  return Math.max(0, ...all.filter((p) => tree.has(p.pid)).map((p) => p.mb));
}

const work = mkdtempSync(join(tmpdir(), 'hark-bench-browser-'));
const run = (cmd: string[], what: string): void => {
  const r = spawnSync(process.execPath, cmd, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${what}: ${r.stderr.trim()}`);
};
try {
  const source = join(timed, 'lennys-podcast--julia-schottenstein--transcript.json');
  run(
    ['--import', 'tsx', 'scripts/make-conversation.ts', source, join(work, 'talk'), '--minutes', minutes],
    'make-conversation',
  );
  let audio = join(work, 'talk.mp3');
  if (args.includes('--podcast')) {
    const podcast = join(work, 'podcast.mp3');
    const r = spawnSync('ffmpeg', [
      '-v',
      'error',
      '-i',
      audio,
      '-ar',
      '44100',
      '-ac',
      '2',
      '-b:a',
      '128k',
      podcast,
    ]);
    if (r.status !== 0) throw new Error(`ffmpeg: ${r.stderr.toString().trim()}`);
    audio = podcast;
  }
  const { segments } = JSON.parse(readFileSync(join(work, 'talk.segments.json'), 'utf8')) as {
    segments: { speaker: string; start: number; text: string }[];
  };
  const ids = [...new Set(segments.map((s) => s.speaker))];
  writeFileSync(
    join(work, 'bench.json'),
    JSON.stringify({
      format: 'hark-episode/1',
      slug: 'bench',
      title: 'Bench',
      speakers: ids.map((name, i) => ({ id: `s${i}`, name, aliases: [] })),
      turns: segments.map((s) => ({ speaker: `s${ids.indexOf(s.speaker)}`, paragraphs: [s.text] })),
      audio: null,
    }),
  );
  const speechStarted = performance.now();
  run(['bin/hark.js', 'speech', join(work, 'bench.json')], 'hark speech');
  const speechSeconds = (performance.now() - speechStarted) / 1000;
  const file = (name: string) => (_req: unknown, res: import('node:http').ServerResponse) =>
    res.end(readFileSync(join(work, name)));
  const server = await startStaticServer('dist', {
    routes: { '/episodes/bench.json': file('bench.json'), '/episodes/bench.speech': file('bench.speech') },
  });
  const before = new Set(processes().map((p) => p.pid));
  const browser = await launchBrowser();
  const root = processes().find(
    (p) => !before.has(p.pid) && p.cmd.includes('playwright_chromiumdev_profile'),
  );
  let peakMB = 0;
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/#/bench`);
    await page.getByRole('article').first().waitFor();
    await page.locator('input[type="file"]').setInputFiles(audio);
    await page.getByRole('button', { name: 'Align with the audio' }).waitFor();
    const started = performance.now();
    const baseMB = root ? largestOf(root.pid) : 0;
    const memory = setInterval(() => (peakMB = Math.max(peakMB, root ? largestOf(root.pid) : 0)), 250);
    await page.getByRole('button', { name: 'Align with the audio' }).click();
    const estimates: string[] = [];
    const sampler = setInterval(() => {
      void page
        .getByRole('progressbar')
        .getAttribute('aria-valuetext', { timeout: 100 })
        .then((t) => t && estimates.push(`${((performance.now() - started) / 1000).toFixed(0)} s: ${t}`))
        .catch(() => {});
    }, 2000);
    const message = await page
      .getByText(/^Aligned with the audio|could not|silent|stopped/)
      .textContent({ timeout: 600_000 });
    clearInterval(sampler);
    clearInterval(memory);
    const seconds = (performance.now() - started) / 1000;
    const stored = await page.evaluate(() => localStorage.getItem('hark:aligned:bench'));
    const outcome = (
      JSON.parse(stored ?? 'null') as {
        outcome: { turns: { start: number }[]; duration: number; work: unknown };
      }
    ).outcome;
    const score = scoreStarts(
      segments.map((s) => s.start),
      outcome.turns.map((t) => t.start),
      outcome.duration,
    );
    console.log(
      JSON.stringify(
        {
          minutes: Number((outcome.duration / 60).toFixed(1)),
          turns: segments.length,
          speechTrackKB: Math.round(readFileSync(join(work, 'bench.speech')).length / 1024),
          hark_speech_seconds: Number(speechSeconds.toFixed(1)),
          browser_seconds: Number(seconds.toFixed(1)),
          times_real_time: Number((outcome.duration / seconds).toFixed(1)),
          message,
          rightSegment: Number((score.rightSegment * 100).toFixed(2)),
          medianStartError: Number(score.medianStartError.toFixed(3)),
          worker: outcome.work,
          rendererMB: { before: Math.round(baseMB), peak: Math.round(peakMB) },
          estimates,
        },
        null,
        1,
      ),
    );
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
