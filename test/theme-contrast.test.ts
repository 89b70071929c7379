/**
 * Status colours keep WCAG AA contrast (4.5:1 for text) in both themes, on every surface they sit on
 * and on their own tinted badges; so do the code editor's syntax colours, on its background and the
 * tints it paints (the cursor's line, search matches), and the method colours on the tree's open
 * row. The focus ring keeps 3:1 on every ground. The colours are read from renderer/src/styles.css itself.
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

/** The code editor's syntax colours and the other text it draws (brackets, punctuation, errors). */
const EDITOR_TEXT = [
  '--text',
  '--muted',
  '--danger',
  '--syntax-key',
  '--syntax-string',
  '--syntax-number',
  '--syntax-keyword',
];
/** Tints the editor paints over its background: the cursor's line and search matches. */
const EDITOR_TINTS = ['--active-line', '--search-match', '--search-current', '--bracket'];
/** Method colours (GET green, POST amber…) and text on the tree's row of the open request. */
const ROW_TEXT = ['--text', '--muted', '--success', '--warning', '--accent', '--network', '--danger'];
/** The focus ring (--accent) against every ground it is drawn on: 3:1 for a non-text mark (WCAG 1.4.11). */
const FOCUS_GROUNDS = [...SURFACES, '--row-active', '--panel-2'];
const AA_NON_TEXT = 3;

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

  it.each(['light', 'dark'] as const)("keeps the editor's syntax colours at 4.5:1 in the %s theme", (theme) => {
    const ground = colour(theme, '--editor-bg');
    const grounds = [
      { label: '--editor-bg', colour: ground },
      ...EDITOR_TINTS.map((tint) => ({ label: `${tint} over --editor-bg`, colour: over(colour(theme, tint), ground) })),
    ];
    const failing = EDITOR_TEXT.flatMap((text) =>
      grounds
        .map((under) => ({
          label: `${text} on ${under.label}`,
          ratio: contrastRatio(colour(theme, text), under.colour),
        }))
        .filter((pair) => pair.ratio < AA_TEXT)
        .map((pair) => `${pair.label}: ${pair.ratio.toFixed(2)}`),
    );
    expect(failing).toEqual([]);
  });

  it.each(['light', 'dark'] as const)(
    "keeps method colours on the open request's row at 4.5:1 in the %s theme",
    (theme) => {
      const failing = ROW_TEXT.map((text) => ({
        text,
        ratio: contrastRatio(colour(theme, text), colour(theme, '--row-active')),
      }))
        .filter(({ ratio }) => ratio < AA_TEXT)
        .map(({ text, ratio }) => `${text} on --row-active: ${ratio.toFixed(2)}`);
      expect(failing).toEqual([]);
    },
  );

  it.each(['light', 'dark'] as const)(
    'draws the focus ring at 3:1 or more on every ground in the %s theme',
    (theme) => {
      const failing = FOCUS_GROUNDS.map((ground) => ({
        ground,
        ratio: contrastRatio(colour(theme, '--accent'), colour(theme, ground)),
      }))
        .filter(({ ratio }) => ratio < AA_NON_TEXT)
        .map(({ ground, ratio }) => `--accent on ${ground}: ${ratio.toFixed(2)}`);
      expect(failing).toEqual([]);
    },
  );

  it('gives the light theme its own colours, not the dark ones', () => {
    expect(contrastRatio(colour('light', '--text'), colour('light', '--bg'))).toBeGreaterThan(AA_TEXT);
    expect(colour('light', '--bg')).not.toEqual(colour('dark', '--bg'));
  });
});
