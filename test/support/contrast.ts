/**
 * WCAG 2 contrast over the theme's colours as renderer/src/styles.css declares them, so a test can
 * refuse a colour change that makes status text unreadable in either theme.
 */

export type Theme = 'light' | 'dark';
interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

const HEX = /^#([0-9a-f]{3,8})$/i;

/** #rgb, #rrggbb or #rrggbbaa as channels 0–255 and alpha 0–1. */
export function parseHex(hex: string): Rgba {
  const match = HEX.exec(hex.trim());
  if (!match?.[1]) throw new Error(`Not a hex colour: ${hex}`);
  let digits = match[1];
  if (digits.length <= 4) digits = [...digits].map((d) => d + d).join('');
  const channel = (i: number) => parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return { r: channel(0), g: channel(1), b: channel(2), a: digits.length === 8 ? channel(3) / 255 : 1 };
}

/** A translucent colour painted over an opaque one, as the browser shows it. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const mix = (a: number, b: number) => a * top.a + b * (1 - top.a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

function luminance({ r, g, b }: Rgba): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The WCAG contrast ratio (1–21) of two opaque colours. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const lighter = Math.max(luminance(a), luminance(b));
  const darker = Math.min(luminance(a), luminance(b));
  return (lighter + 0.05) / (darker + 0.05);
}

/**
 * The colour custom properties of the first `:root {…}` block, per theme: `light-dark(L, D)` gives
 * L to light and D to dark, a plain hex value goes to both.
 */
export function themeColours(css: string): Record<Theme, Map<string, Rgba>> {
  const root = /:root\s*\{([^}]*)\}/.exec(css.replace(/\/\*[\s\S]*?\*\//g, ''));
  if (!root?.[1]) throw new Error('styles.css has no :root block');
  const light = new Map<string, Rgba>();
  const dark = new Map<string, Rgba>();
  for (const [, name = '', value = ''] of root[1].matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) {
    const pair = /^light-dark\(\s*(#[0-9a-f]+)\s*,\s*(#[0-9a-f]+)\s*\)$/i.exec(value.trim());
    if (pair?.[1] && pair[2]) {
      light.set(name, parseHex(pair[1]));
      dark.set(name, parseHex(pair[2]));
    } else if (HEX.test(value.trim())) {
      light.set(name, parseHex(value));
      dark.set(name, parseHex(value));
    }
  }
  return { light, dark };
}
