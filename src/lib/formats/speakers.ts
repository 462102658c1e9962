/**
 * Who speaks in a timed caption file (WebVTT, SRT), where speakers are `<v Name>` voices or a "Name:" in
 * front of the text.
 *
 * The rule: a voice span names the speaker of its text, and that speaker carries over the following cues
 * until another is named. A "Label:" prefix names a speaker the same way only when the label looks like a
 * name (see `splitSpeakerPrefix`) and either recurs (starts at least two cues, counting "JANE:" and
 * "Jane Doe:" as one person: labels that share a name word of three letters or more) or is one of the file's
 * voices. A label that looks like a name but occurs once ("Subtitles: @someone", "Digo: ...") is that
 * cue's speaker only: the cues after it go back to the speaker before it.
 */
import { joinAll, roundMs, splitSpeakerPrefix, UNKNOWN_SPEAKER } from './common.ts';
import type { VoicePart } from './cue-text.ts';
import type { TimedSegment } from './types.ts';

/** A cue's times and its text as voice parts. */
export interface SpokenCue {
  start: number;
  end: number;
  parts: VoicePart[];
  /** Hark's own export marked the cue's time as an estimate. */
  estimated?: boolean;
}

/** Segments of cues: one per speaker change inside a cue, the cue's time shared among them by text length. */
export function segmentsFromCues(cues: readonly SpokenCue[]): TimedSegment[] {
  const voices = new Set<string>();
  const labelCounts = new Map<string, number>();
  for (const cue of cues) {
    const seen = new Set<string>();
    for (const part of cue.parts) {
      if (part.voice !== undefined) voices.add(part.voice);
      else {
        const label = splitSpeakerPrefix(part.text);
        if (label && label.rest.trim() !== '' && !seen.has(label.speaker)) {
          seen.add(label.speaker);
          labelCounts.set(label.speaker, (labelCounts.get(label.speaker) ?? 0) + 1);
        }
      }
    }
  }
  // Labels that share a name word ("Jane Doe" and "JANE") are one person's: each makes the other recur.
  const labelsByWord = new Map<string, Set<string>>();
  for (const label of labelCounts.keys()) {
    for (const word of nameWords(label)) {
      let set = labelsByWord.get(word);
      if (!set) labelsByWord.set(word, (set = new Set()));
      set.add(label);
    }
  }
  const sharesName = (label: string): boolean =>
    nameWords(label).some((w) => (labelsByWord.get(w)?.size ?? 0) >= 2);
  const speaks = (label: string): boolean =>
    label === UNKNOWN_SPEAKER || voices.has(label) || (labelCounts.get(label) ?? 0) >= 2 || sharesName(label);

  const segments: TimedSegment[] = [];
  let carried: string | null = null;
  for (const cue of cues) {
    let current = carried;
    const runs: { speaker: string | null; texts: string[] }[] = [];
    for (const part of cue.parts) {
      let text = part.text;
      if (part.voice !== undefined) {
        current = part.voice;
        carried = part.voice;
      } else {
        const label = splitSpeakerPrefix(text);
        if (label && label.rest.trim() !== '') {
          current = label.speaker;
          if (speaks(label.speaker)) carried = label.speaker;
          text = label.rest.trim();
        }
      }
      const previous = runs[runs.length - 1];
      if (previous && previous.speaker === current) previous.texts.push(text);
      else runs.push({ speaker: current, texts: [text] });
    }
    const pieces = runs.map((r) => ({ speaker: r.speaker, text: joinAll(r.texts) }));
    const total = pieces.reduce((n, p) => n + p.text.length, 0);
    let at = 0;
    for (const p of pieces) {
      const from = cue.start + ((cue.end - cue.start) * at) / Math.max(1, total);
      at += p.text.length;
      const to =
        pieces.length === 1 ? cue.end : cue.start + ((cue.end - cue.start) * at) / Math.max(1, total);
      segments.push({
        speaker: p.speaker,
        start: roundMs(from),
        end: roundMs(to),
        text: p.text,
        ...(cue.estimated ? { estimated: true } : {}),
      });
    }
  }
  return segments;
}

/** A label's words that can name a person: letters only, three or more, lower-cased ("Dr." is not one). */
function nameWords(label: string): string[] {
  return label
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length >= 3);
}
