/**
 * Vertical geometry of the paged viewer: rows of a fixed height in a scroller whose content height
 * is capped. Browsers cap an element's height (about 16.7 million px in Chromium), and a 100 MB body
 * has millions of lines, so above MAX_SCROLL_PX the scroll position maps to a row proportionally:
 * the scrollbar still reaches every row, the first and the last included.
 */

export const LINE_HEIGHT = 20;
export const MAX_SCROLL_PX = 8_000_000;

export interface Geometry {
  rowCount: number;
  viewportPx: number;
  lineHeight?: number;
  maxScrollPx?: number;
}

/** Height of the scrollable content (the spacer). */
export function spacerHeight({ rowCount, lineHeight = LINE_HEIGHT, maxScrollPx = MAX_SCROLL_PX }: Geometry): number {
  return Math.min(rowCount * lineHeight, maxScrollPx);
}

/** Rows of content per pixel of scroll (1 / lineHeight when nothing is scaled). */
function rowsPerPx(g: Geometry): number {
  const lineHeight = g.lineHeight ?? LINE_HEIGHT;
  const content = g.rowCount * lineHeight;
  const spacer = spacerHeight(g);
  if (content <= g.viewportPx || spacer >= content || spacer <= g.viewportPx) return 1 / lineHeight;
  return (content - g.viewportPx) / (spacer - g.viewportPx) / lineHeight;
}

/** The (fractional) row at the top of the viewport for a scroll position. */
export function firstRowAt(scrollTop: number, g: Geometry): number {
  const lineHeight = g.lineHeight ?? LINE_HEIGHT;
  const maxFirst = Math.max(0, g.rowCount - g.viewportPx / lineHeight);
  return Math.max(0, Math.min(maxFirst, scrollTop * rowsPerPx(g)));
}

/** The scroll position that puts a (fractional) row at the top of the viewport. */
export function scrollTopFor(firstRow: number, g: Geometry): number {
  const max = Math.max(0, spacerHeight(g) - g.viewportPx);
  return Math.max(0, Math.min(max, firstRow / rowsPerPx(g)));
}

/** How many rows fit in the viewport (fractional). */
export function rowsInView(g: Geometry): number {
  return g.viewportPx / (g.lineHeight ?? LINE_HEIGHT);
}

export interface RowWindow {
  /** Rows start … end-1 are rendered. */
  start: number;
  end: number;
  /** Where row `start` goes, in the spacer's coordinates. */
  top: number;
  /** The fractional first row in view. */
  firstRow: number;
}

/**
 * The rows to render for a scroll position: those in view plus `overscan` on each side. Rows may
 * reach past the spacer's edges (out of view); the spacer clips them (overflow-y: clip), or they
 * would make the content taller and the scroll range move.
 */
export function rowWindow(scrollTop: number, g: Geometry, overscan: number): RowWindow {
  const lineHeight = g.lineHeight ?? LINE_HEIGHT;
  const firstRow = firstRowAt(scrollTop, g);
  const start = Math.max(0, Math.floor(firstRow) - overscan);
  const end = Math.min(g.rowCount, Math.ceil(firstRow + g.viewportPx / lineHeight) + overscan);
  // Row r sits at scrollTop + (r - firstRow) * lineHeight in the spacer's coordinates.
  return { start, end: Math.max(start, end), top: scrollTop + (start - firstRow) * lineHeight, firstRow };
}

/**
 * The first row to show so that `row` is in view: unchanged when it already is, else the row at the
 * top (scrolling up), at the bottom (scrolling down) or, with `center`, in the middle.
 */
export function firstRowToReveal(row: number, currentFirst: number, g: Geometry, center = false): number {
  const visible = rowsInView(g);
  const fits = row >= currentFirst - 1e-6 && row + 1 <= currentFirst + visible + 1e-6;
  if (fits) return currentFirst;
  if (center) return Math.max(0, row + 0.5 - visible / 2);
  return row < currentFirst ? row : Math.max(0, row + 1 - visible);
}

/** True when the scroll position maps to rows proportionally (the content is taller than MAX_SCROLL_PX). */
export function isScaled(g: Geometry): boolean {
  return rowsPerPx(g) > 1 / (g.lineHeight ?? LINE_HEIGHT) + 1e-9;
}

/**
 * The scroll position after a wheel turn of `deltaRows` rows, so a wheel tick moves the same
 * number of lines however long the body is (a native scroll of the scaled spacer would move many
 * times more). It moves at least one pixel, so a small turn is never lost to rounding.
 */
export function scrollTopAfterWheel(scrollTop: number, deltaRows: number, g: Geometry): number {
  const max = Math.max(0, spacerHeight(g) - g.viewportPx);
  const target = scrollTopFor(firstRowAt(scrollTop, g) + deltaRows, g);
  const moved =
    Math.round(target) === Math.round(scrollTop) && deltaRows !== 0 ? scrollTop + Math.sign(deltaRows) : target;
  return Math.max(0, Math.min(max, moved));
}
