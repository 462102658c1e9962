import { readFileSync } from 'node:fs';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import AlignAudio from '../../src/lib/components/AlignAudio.svelte';
import type { ToAlignWorker, FromAlignWorker, AlignOutcome } from '../../src/lib/align/worker-protocol.ts';
import { speechTextHash } from '../../src/lib/align/speech-track.ts';
import type { PcmSource } from '../../src/lib/audio/decode-pcm.ts';
import type { Episode } from '../../src/lib/episode/types.ts';
import { parseEpisodeJson } from '../../src/lib/episode/validate.ts';
import { AudioAligner } from '../../src/lib/state/audio-aligner.svelte.ts';
import { PlayerState } from '../../src/lib/state/player.svelte.ts';
import { ListeningSession } from '../../src/lib/state/session.svelte.ts';
import { FakeEngine } from './fake-engine.ts';

const parsed = parseEpisodeJson(readFileSync('episodes/kelsey-hightower.json', 'utf8'));
if (!parsed.ok) throw new Error(parsed.error);
const EPISODE: Episode = { ...parsed.value, turns: parsed.value.turns.slice(0, 4), anchors: [] };
const KEY = `hark:aligned:${EPISODE.slug}`;

/** A worker that answers as the real one would, after the PCM ends. */
class FakeWorker {
  onmessage: ((e: MessageEvent<FromAlignWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  received: ToAlignWorker['type'][] = [];
  terminated = false;
  constructor(readonly outcome: AlignOutcome | null) {}
  postMessage(m: ToAlignWorker): void {
    this.received.push(m.type);
    const reply = (r: FromAlignWorker) => queueMicrotask(() => this.onmessage?.({ data: r } as MessageEvent));
    if (m.type === 'pcm') reply({ type: 'features', done: 0.5, estimate: 1 });
    if (m.type === 'end') {
      reply({ type: 'aligning', estimate: 1 });
      if (this.outcome) reply({ type: 'result', result: this.outcome });
    }
  }
  terminate(): void {
    this.terminated = true;
  }
}

const outcome: AlignOutcome = {
  turns: [
    { start: 1, confidence: 0.9, exact: true },
    { start: 5, confidence: 0.8, exact: true },
    { start: 7, confidence: 0.1, exact: false },
    { start: 12, confidence: 0.9, exact: true },
  ],
  paragraphs: [[{ start: 1, confidence: 0.9 }], [{ start: 5, confidence: 0.8 }], [], []],
  duration: 20,
  confident: 3,
};
EPISODE.turns.forEach((t, i) =>
  t.paragraphs
    .slice(outcome.paragraphs[i]!.length)
    .forEach(() => outcome.paragraphs[i]!.push({ start: 0, confidence: 0 })),
);

/** 25 s of 16 kHz silence in pieces of 10 s. */
function decoded(): Promise<PcmSource> {
  let left = 16000 * 25;
  return Promise.resolve({
    sampleRate: 16000,
    length: left,
    next: () => {
      const n = Math.min(left, 160000);
      left -= n;
      return Promise.resolve(n ? new Float32Array(n) : null);
    },
  });
}

function setup(worker: FakeWorker, speechUrl: string | null = 'http://x/episodes/a.speech') {
  const session = new ListeningSession(EPISODE, new PlayerState(new FakeEngine()), { store: localStorage });
  const aligner = new AudioAligner({
    session,
    speechUrl,
    store: localStorage,
    fetch: () => Promise.resolve(new Response(new ArrayBuffer(8))),
    createWorker: () => worker as unknown as Worker,
    decode: decoded,
  });
  return { session, aligner };
}

afterEach(() => localStorage.clear());

describe('AudioAligner', () => {
  it('is offered only for a local recording of an episode with a speech track', () => {
    expect(setup(new FakeWorker(outcome)).aligner.available).toBe(false);
    const { aligner } = setup(new FakeWorker(outcome), null);
    aligner.setFile(new File(['x'], 'a.wav'));
    expect(aligner.available).toBe(false);
  });

  it('streams the PCM to the worker, applies the exact times and keeps them for the episode', async () => {
    const worker = new FakeWorker(outcome);
    const { session, aligner } = setup(worker);
    aligner.setFile(new File(['x'], 'a.wav'));
    expect(aligner.available).toBe(true);
    await aligner.start();
    expect(worker.received).toEqual(['start', 'pcm', 'pcm', 'pcm', 'end']);
    expect(worker.terminated).toBe(true);
    expect(aligner.running).toBe(false);
    expect(aligner.message).toMatch(/3 of 4 turns placed exactly\.$/);
    expect(session.episode.turns.map((t) => t.start)).toEqual([1, 5, undefined, 12]);
    expect([...session.timeline.turnStarts.slice(0, 2)]).toEqual([1, 5]);
    expect([0, 1, 2, 3].map((t) => session.isExactStart(t))).toEqual([true, true, false, true]);
    const stored = JSON.parse(localStorage.getItem(KEY)!) as { hash: number };
    expect(stored.hash).toBe(speechTextHash(EPISODE.turns));
    // Next visit: applied from this device's copy.
    const again = setup(new FakeWorker(null)).session;
    expect(again.timeline.turnStarts[3]).toBe(12);
  });

  it('cancels at once, leaving the times as they were', async () => {
    const worker = new FakeWorker(null);
    const { session, aligner } = setup(worker);
    aligner.setFile(new File(['x'], 'a.wav'));
    const before = session.timeline.turnStarts;
    const run = aligner.start();
    await vi.waitUntil(() => worker.received.includes('end'));
    expect(aligner.running).toBe(true);
    expect(aligner.timeLeft).toMatch(/left/);
    aligner.cancel();
    await run;
    expect(worker.terminated).toBe(true);
    expect(aligner.message).toBe('Alignment cancelled.');
    expect([...session.timeline.turnStarts]).toEqual([...before]);
    expect(localStorage.getItem(KEY)).toBeNull();
  });

  it('says so when the speech track cannot be downloaded', async () => {
    const { session } = setup(new FakeWorker(outcome));
    const aligner = new AudioAligner({
      session,
      speechUrl: 'http://x/a.speech',
      store: null,
      fetch: () => Promise.resolve(new Response('no', { status: 404 })),
      decode: decoded,
    });
    aligner.setFile(new File(['x'], 'a.wav'));
    await aligner.start();
    expect(aligner.problem).toBe(true);
    expect(aligner.message).toBe('The episode’s speech track could not be downloaded (404).');
  });

  it('shows a progress bar with the time left and a Cancel button while it runs', async () => {
    const worker = new FakeWorker(null);
    const { aligner } = setup(worker);
    render(AlignAudio, { aligner });
    expect(screen.queryByRole('button', { name: 'Align with the audio' })).toBeNull();
    aligner.setFile(new File(['x'], 'a.wav'));
    await fireEvent.click(await screen.findByRole('button', { name: 'Align with the audio' }));
    await vi.waitUntil(() => worker.received.includes('end'));
    const bar = await screen.findByRole('progressbar', { name: 'Aligning with the audio' });
    expect(Number(bar.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(0);
    expect(bar.getAttribute('aria-valuetext')).toMatch(/left/);
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByRole('status').textContent).toMatch('Alignment cancelled.');
    expect(screen.getByRole('button', { name: 'Align with the audio' })).toBeTruthy();
  });
});
