// Prints per-turn alignment details against a case's reference times (development aid).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { alignRecording } from '../src/cli/align/run.ts';
import { snapToSpeech } from '../src/lib/align/score.ts';

const file = process.argv[2]!;
const data = JSON.parse(readFileSync(file, 'utf8')) as {
  audio: string;
  segments: { speaker: string; start: number; text: string }[];
};
let pauses: [number, number][] = [];
try {
  pauses = readFileSync(file.replace(/\.segments\.json$/, '.vad.tsv'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((c) => c[2]?.trim() === 'nonspeech')
    .map((c) => [Number(c[0]), Number(c[1])]);
} catch {
  // no VAD file
}
const truth = snapToSpeech(
  data.segments.map((s) => s.start),
  pauses,
);
const run = await alignRecording(
  data.segments.map((s) => ({ speaker: s.speaker, paragraphs: [s.text] })),
  process.env.AUDIO ?? resolve(dirname(file), data.audio),
);
console.log('agreement', run.agreement.toFixed(3), run.warning, 'timing', run.timing, 'cells', run.cells);
run.paragraphs.forEach((p, i) => {
  const u = p[0]!;
  const err = u.start - truth[i]!;
  if (process.argv[3] || Math.abs(err) > 0.3 || u.confidence < 0.5)
    console.log(
      i,
      truth[i]!.toFixed(2),
      u.start.toFixed(2),
      err.toFixed(2),
      'd',
      u.disagreement.toFixed(2),
      'pace',
      u.pace.toFixed(2),
      'm',
      u.match.toFixed(3),
      'c',
      u.confidence.toFixed(2),
    );
});
