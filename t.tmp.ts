import { readFileSync, readdirSync } from 'node:fs';
import { mergeSegments } from './src/lib/timing/evaluate.ts';
import { buildTimeline, layoutText, findActive, BASELINE_MODEL } from './src/lib/timing/timeline.ts';
const dir = '../shared/data/timed/';
for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
  const data = JSON.parse(readFileSync(dir + f, 'utf8'));
  const truth = mergeSegments(
    data.segments.map((s: any) => ({ speaker: s.speaker, start: s.startTime, end: s.endTime, text: s.body })),
  );
  const turns = truth.map((t) => ({ paragraphs: [t.text], speaker: t.speaker }));
  const duration = Math.max(...truth.map((t) => t.end));
  const trueStarts = truth.map((t) => t.start);
  const acc = (anchors: any[], model: any) => {
    const tl = buildTimeline(turns, layoutText(turns, model), { duration, anchors, model });
    let r = 0,
      n = 0;
    for (let t = 0; t < duration; t += 0.5) {
      n++;
      if (findActive(tl.turnStarts, t) === findActive(trueStarts, t)) r++;
    }
    return ((100 * r) / n).toFixed(1);
  };
  const oracle = (every: number) => {
    const a = [];
    for (let at = every; at < duration; at += every) {
      const k = findActive(trueStarts, at);
      a.push({ turn: k, time: trueStarts[k], source: 'user' });
    }
    return a;
  };
  const m = { ...BASELINE_MODEL, turnOverhead: 12, speakerRates: Number(process.env.SR ?? 0) };
  console.log(
    f.slice(0, 20),
    'plain',
    acc([], m),
    'oracle600',
    acc(oracle(600), m),
    'oracle120',
    acc(oracle(120), m),
    'oracle60',
    acc(oracle(60), m),
    'all-true-starts',
    acc(
      truth.map((t, i) => ({ turn: i, time: t.start, source: 'user' })),
      m,
    ),
  );
}
