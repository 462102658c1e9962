import { afterEach, describe, expect, it } from 'vitest';
import { clearMarks, markPassage, markWords } from '../../src/lib/search/dom-marks.ts';

const LINKED =
  'Read <a href="https://github.com/kelseyhightower/kubernetes-the-hard-way" target="_blank" rel="noopener noreferrer">Kubernetes The Hard Way</a> before you get a <strong>Kubernetes</strong> tattoo. Don’t!';

function paragraph(html: string): HTMLElement {
  const p = document.createElement('p');
  p.innerHTML = html;
  document.body.append(p);
  return p;
}

const markTexts = (root: HTMLElement): string[] =>
  [...root.querySelectorAll('mark')].map((m) => m.textContent ?? '');

afterEach(() => {
  document.body.innerHTML = '';
});

describe('markWords', () => {
  it('wraps each matching word in a search mark and counts them', () => {
    const p = paragraph(LINKED);
    expect(markWords(p, ['kubernetes', 'tattoo'])).toBe(3);
    expect(markTexts(p)).toEqual(['Kubernetes', 'Kubernetes', 'tattoo']);
    for (const m of p.querySelectorAll('mark')) expect(m).toHaveClass('search-mark');
    // The text reads the same.
    expect(p.textContent).toBe(paragraph(LINKED).textContent);
  });

  it('keeps links whole, marking words inside them', () => {
    const p = paragraph(LINKED);
    markWords(p, ['kubernetes', 'hard']);
    const links = p.querySelectorAll('a');
    expect(links).toHaveLength(1);
    const a = links[0]!;
    expect(a).toHaveAttribute('href', 'https://github.com/kelseyhightower/kubernetes-the-hard-way');
    expect(a).toHaveAttribute('rel', 'noopener noreferrer');
    expect(a.textContent).toBe('Kubernetes The Hard Way');
    expect(markTexts(a)).toEqual(['Kubernetes', 'Hard']);
    expect(a.querySelector('mark')!.parentElement).toBe(a);
    // The word in <strong> is marked inside it too.
    expect(p.querySelector('strong > mark')?.textContent).toBe('Kubernetes');
    expect(p.querySelector('mark a')).toBeNull();
  });

  it('matches words the way search normalizes them', () => {
    const p = paragraph('Don’t go to the Café. CAFE closed, café open.');
    expect(markWords(p, ['dont', 'cafe'])).toBe(4);
    expect(markTexts(p)).toEqual(['Don’t', 'Café', 'CAFE', 'café']);
  });

  it('marks whole words only', () => {
    const p = paragraph('Kubernetes, kubeadm and kube');
    expect(markWords(p, ['kube'])).toBe(1);
    expect(markTexts(p)).toEqual(['kube']);
  });

  it('does not nest marks when called again', () => {
    const p = paragraph(LINKED);
    expect(markWords(p, ['kubernetes', 'tattoo'])).toBe(3);
    expect(markWords(p, ['kubernetes', 'tattoo'])).toBe(3);
    expect(markWords(p, ['kubernetes'])).toBe(2);
    expect(p.querySelector('mark mark')).toBeNull();
    expect(markTexts(p)).toEqual(['Kubernetes', 'Kubernetes']);
  });

  it('clears marks for an empty word list', () => {
    const p = paragraph(LINKED);
    markWords(p, ['tattoo']);
    expect(markWords(p, [])).toBe(0);
    expect(p.innerHTML).toBe(LINKED);
  });

  it('counts nothing when no word matches', () => {
    const p = paragraph(LINKED);
    expect(markWords(p, ['etcd'])).toBe(0);
    expect(p.innerHTML).toBe(LINKED);
  });
});

describe('clearMarks', () => {
  it('restores the exact original HTML', () => {
    const p = paragraph(LINKED);
    markWords(p, ['kubernetes', 'the', 'way', 'tattoo', 'dont', 'read']);
    expect(p.innerHTML).not.toBe(LINKED);
    clearMarks(p);
    expect(p.innerHTML).toBe(LINKED);
    expect(p.querySelector('mark')).toBeNull();
    // No text nodes left split.
    expect([...p.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)).toHaveLength(3);
  });

  it('leaves marks that are part of the text alone', () => {
    const html = 'A <mark>highlighted</mark> Kubernetes word';
    const p = paragraph(html);
    markWords(p, ['kubernetes', 'highlighted']);
    expect(p.querySelectorAll('mark.search-mark')).toHaveLength(2);
    clearMarks(p);
    expect(p.innerHTML).toBe(html);
  });

  it('does nothing without marks', () => {
    const p = paragraph(LINKED);
    clearMarks(p);
    expect(p.innerHTML).toBe(LINKED);
  });
});

describe('markPassage', () => {
  it('marks a passage across an <em> boundary', () => {
    const html =
      'I remember a live demo of etcd and how the <em>Raft protocol</em> behaves in the real world.';
    const p = paragraph(html);
    const mark = markPassage(p, 'how the Raft protocol behaves');
    expect(mark).not.toBeNull();
    expect(mark!.tagName).toBe('MARK');
    expect(mark).toHaveClass('quote-mark');
    expect(mark).not.toHaveClass('search-mark');
    expect(mark!.textContent).toBe('how the Raft protocol behaves');
    expect(mark!.querySelector('em')?.textContent).toBe('Raft protocol');
    expect(p.textContent).toBe(paragraph(html).textContent);
    // A later search neither removes the quote's mark nor nests inside it wrongly.
    clearMarks(p);
    markWords(p, ['raft']);
    expect(p.querySelector('mark.quote-mark')?.textContent).toBe('how the Raft protocol behaves');
    expect(p.querySelector('mark.quote-mark mark.search-mark')?.textContent).toBe('Raft');
  });

  it('marks a passage that starts inside an <em>, ignoring case', () => {
    const p = paragraph('how the <em>Raft protocol</em> behaves');
    const mark = markPassage(p, 'PROTOCOL BEHAVES');
    expect(mark!.textContent).toBe('protocol behaves');
    expect(p.textContent).toBe('how the Raft protocol behaves');
    expect(p.querySelectorAll('em')).toHaveLength(2);
    expect([...p.querySelectorAll('em')].map((e) => e.textContent)).toEqual(['Raft ', 'protocol']);
  });

  it('marks a passage inside one text node, and one ending at a node boundary', () => {
    const p = paragraph('how the <em>Raft protocol</em> behaves');
    // Surrounding white space is not part of a quote.
    expect(markPassage(p, 'how the ')?.textContent).toBe('how the');
    const q = paragraph('how the <em>Raft protocol</em> behaves');
    expect(markPassage(q, 'Raft protocol')?.textContent).toBe('Raft protocol');
  });

  it('ignores the kind of apostrophe and letters whose lower case is longer', () => {
    const p = paragraph("İstanbul is big, and don't forget it");
    expect(markPassage(p, 'is big')?.textContent).toBe('is big');
    const q = paragraph("don't go out and get a Kubernetes tattoo");
    expect(markPassage(q, 'don’t go out')?.textContent).toBe("don't go out");
  });

  it('returns null when the passage is absent or empty', () => {
    const p = paragraph('how the <em>Raft protocol</em> behaves');
    expect(markPassage(p, 'Paxos protocol')).toBeNull();
    expect(markPassage(p, '')).toBeNull();
    expect(p.innerHTML).toBe('how the <em>Raft protocol</em> behaves');
  });
});
