import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The custom properties of the light theme (:root) and of the dark one (the prefers-color-scheme block). */
function themes(): { light: Record<string, string>; dark: Record<string, string> } {
  const css = readFileSync('src/app.css', 'utf8');
  const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
  const read = (block: string): Record<string, string> =>
    Object.fromEntries([...block.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]));
  const light = read(css.slice(0, darkStart));
  return { light, dark: { ...light, ...read(css.slice(darkStart, css.indexOf('}\n}', darkStart))) } };
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('colours', () => {
  const t = themes();
  for (const [name, theme] of Object.entries(t)) {
    it(`keep WCAG AA contrast (4.5:1) for speaker names and text in the ${name} theme`, () => {
      const backgrounds = ['--bg', '--bg-active', '--bg-soft'].map((k) => theme[k]!);
      const foregrounds = [
        ...Array.from({ length: 8 }, (_, i) => `--speaker-${i}`),
        '--fg',
        '--fg-soft',
        '--accent',
        '--danger',
      ];
      expect(backgrounds.every(Boolean)).toBe(true);
      for (const fg of foregrounds) {
        for (const bg of backgrounds) {
          expect(contrast(theme[fg]!, bg), `${fg} ${theme[fg]} on ${bg}`).toBeGreaterThanOrEqual(4.5);
        }
      }
      expect(contrast(theme['--accent-fg']!, theme['--accent']!)).toBeGreaterThanOrEqual(4.5);
    });
  }
  it('differ between the themes', () => {
    expect(t.dark['--bg']).not.toBe(t.light['--bg']);
    expect(t.dark['--speaker-0']).not.toBe(t.light['--speaker-0']);
  });
});
