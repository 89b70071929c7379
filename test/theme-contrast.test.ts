/**
 * Status colours keep WCAG AA contrast (4.5:1 for text) in both themes, on every surface they sit on
 * and on their own tinted badges. The colours are read from renderer/src/styles.css itself.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio, over, parseHex, themeColours, type Theme } from './support/contrast';

const css = readFileSync(new URL('../renderer/src/styles.css', import.meta.url), 'utf8');
const colours = themeColours(css);
const AA_TEXT = 4.5;
const SURFACES = ['--bg', '--panel', '--panel-2', '--editor-bg', '--input-bg'];
/** Text colour → the tints it is written on (over any surface). */
const TINTED_TEXT: Record<string, string[]> = {
  '--success': ['--success-bg'],
  '--redirect': ['--redirect-bg'],
  '--warning': ['--warning-bg', '--warning-tint'],
  '--danger': ['--danger-bg', '--danger-tint'],
  '--danger-text': ['--danger-bg'],
  '--network': ['--network-bg', '--network-tint'],
  '--text': ['--success-bg', '--warning-bg', '--warning-tint', '--danger-bg', '--danger-tint', '--network-tint'],
  '--muted': ['--danger-tint'],
};
const PLAIN_TEXT = [
  '--text',
  '--muted',
  '--accent',
  '--syntax-key',
  '--syntax-string',
  '--syntax-number',
  '--syntax-keyword',
];

function colour(theme: Theme, name: string) {
  const value = colours[theme].get(name);
  if (!value) throw new Error(`styles.css does not define ${name}`);
  return value;
}

function pairs(theme: Theme): { label: string; ratio: number }[] {
  const out: { label: string; ratio: number }[] = [];
  for (const surface of SURFACES) {
    const ground = colour(theme, surface);
    for (const text of [...Object.keys(TINTED_TEXT), ...PLAIN_TEXT]) {
      out.push({ label: `${text} on ${surface}`, ratio: contrastRatio(colour(theme, text), ground) });
    }
    for (const [text, tints] of Object.entries(TINTED_TEXT)) {
      for (const tint of tints) {
        const badge = over(colour(theme, tint), ground);
        out.push({ label: `${text} on ${tint} over ${surface}`, ratio: contrastRatio(colour(theme, text), badge) });
      }
    }
  }
  for (const button of ['--accent-strong', '--danger-button']) {
    out.push({
      label: `--on-accent on ${button}`,
      ratio: contrastRatio(colour(theme, '--on-accent'), colour(theme, button)),
    });
  }
  return out;
}

describe('theme contrast', () => {
  it('computes WCAG ratios as the specification does', () => {
    expect(contrastRatio(parseHex('#000'), parseHex('#fff'))).toBeCloseTo(21, 5);
    expect(contrastRatio(parseHex('#777'), parseHex('#fff'))).toBeCloseTo(4.48, 2);
    expect(over(parseHex('#ff000080'), parseHex('#ffffff')).g).toBeCloseTo(127, 0);
  });

  it.each(['light', 'dark'] as const)('keeps every status text at 4.5:1 or more in the %s theme', (theme) => {
    const failing = pairs(theme)
      .filter((pair) => pair.ratio < AA_TEXT)
      .map((pair) => `${pair.label}: ${pair.ratio.toFixed(2)}`);
    expect(failing).toEqual([]);
  });

  it('gives the light theme its own colours, not the dark ones', () => {
    expect(contrastRatio(colour('light', '--text'), colour('light', '--bg'))).toBeGreaterThan(AA_TEXT);
    expect(colour('light', '--bg')).not.toEqual(colour('dark', '--bg'));
  });
});
