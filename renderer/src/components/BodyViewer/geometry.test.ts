import { describe, expect, it } from 'vitest';
import {
  firstRowAt,
  firstRowToReveal,
  isScaled,
  LINE_HEIGHT,
  MAX_SCROLL_PX,
  rowWindow,
  scrollTopAfterWheel,
  scrollTopFor,
  spacerHeight,
} from './geometry';

const small = { rowCount: 1000, viewportPx: 400 };
const huge = { rowCount: 5_000_000, viewportPx: 600 };

describe('geometry', () => {
  it('maps scroll to rows one to one when the content fits under the cap', () => {
    expect(spacerHeight(small)).toBe(1000 * LINE_HEIGHT);
    expect(firstRowAt(200, small)).toBe(10);
    expect(scrollTopFor(10, small)).toBe(200);
    const window = rowWindow(205, small, 5);
    expect(window.start).toBe(5);
    expect(window.end).toBe(Math.ceil(10.25 + 20) + 5);
    expect(window.top).toBe(5 * LINE_HEIGHT);
  });

  it('caps the spacer and still reaches the first and the last row', () => {
    const spacer = spacerHeight(huge);
    expect(spacer).toBe(MAX_SCROLL_PX);
    expect(firstRowAt(0, huge)).toBe(0);
    const maxScroll = spacer - huge.viewportPx;
    const last = firstRowAt(maxScroll, huge);
    expect(last).toBeCloseTo(huge.rowCount - huge.viewportPx / LINE_HEIGHT, 6);
    const window = rowWindow(maxScroll, huge, 10);
    expect(window.end).toBe(huge.rowCount);
    // The last row ends exactly at the bottom of the spacer.
    expect(window.top + (window.end - window.start) * LINE_HEIGHT).toBeCloseTo(spacer, 6);
  });

  it('round-trips a row through the scroll position', () => {
    for (const row of [0, 1, 12_345, 2_500_000, 4_999_970]) {
      expect(firstRowAt(scrollTopFor(row, huge), huge)).toBeCloseTo(row, 6);
    }
  });

  it('renders rows covering the whole viewport at any scroll position', () => {
    for (const scrollTop of [0, 1, 3_000_000, MAX_SCROLL_PX - 601, MAX_SCROLL_PX - 600]) {
      const window = rowWindow(scrollTop, huge, 20);
      expect(window.top).toBeLessThanOrEqual(scrollTop);
      expect(window.top + (window.end - window.start) * LINE_HEIGHT).toBeGreaterThanOrEqual(
        scrollTop + huge.viewportPx - 1e-6,
      );
      const firstInView = window.firstRow;
      expect(window.start).toBeLessThanOrEqual(Math.floor(firstInView));
      expect(window.end).toBeGreaterThanOrEqual(Math.min(huge.rowCount, Math.ceil(firstInView + 30)));
    }
  });

  it('handles content shorter than the viewport', () => {
    const tiny = { rowCount: 3, viewportPx: 400 };
    expect(firstRowAt(50, tiny)).toBe(0);
    expect(rowWindow(0, tiny, 10)).toMatchObject({ start: 0, end: 3, top: 0 });
    expect(rowWindow(0, { rowCount: 0, viewportPx: 400 }, 10)).toMatchObject({ start: 0, end: 0 });
  });

  it('reveals a row: unchanged when in view, at the top going up, at the bottom going down, or centred', () => {
    expect(firstRowToReveal(15, 10, small)).toBe(10);
    expect(firstRowToReveal(5, 10, small)).toBe(5);
    expect(firstRowToReveal(40, 10, small)).toBe(21);
    expect(firstRowToReveal(500, 10, small, true)).toBe(490.5);
  });

  it('moves a wheel turn by the same rows whether or not the content is scaled', () => {
    expect(isScaled(small)).toBe(false);
    expect(isScaled(huge)).toBe(true);
    const start = scrollTopFor(1_000_000, huge);
    const after = scrollTopAfterWheel(start, 5, huge);
    expect(firstRowAt(after, huge) - firstRowAt(start, huge)).toBeCloseTo(5, 6);
    expect(firstRowAt(scrollTopAfterWheel(start, -5, huge), huge) - firstRowAt(start, huge)).toBeCloseTo(-5, 6);
    // clamped at both ends
    expect(scrollTopAfterWheel(0, -3, huge)).toBe(0);
    expect(scrollTopAfterWheel(MAX_SCROLL_PX - huge.viewportPx, 3, huge)).toBe(MAX_SCROLL_PX - huge.viewportPx);
  });

  it('moves at least a pixel when the rows asked for are less than one pixel of scroll', () => {
    const vast = { rowCount: 400_000_000, viewportPx: 600 }; // 50 rows per pixel of scroll
    expect(scrollTopAfterWheel(5000, 3, vast)).toBe(5001);
    expect(scrollTopAfterWheel(5000, -3, vast)).toBe(4999);
  });
});
