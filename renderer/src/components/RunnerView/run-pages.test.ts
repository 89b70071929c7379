import { describe, expect, it } from 'vitest';
import { isAtBottom, isPageComplete } from './run-pages';

describe('isPageComplete', () => {
  it('counts a full page as whole', () => {
    expect(isPageComplete(0, 100, 100, 250)).toBe(true);
  });

  it('counts the tail page whole only while no more rows are counted', () => {
    expect(isPageComplete(2, 50, 100, 250)).toBe(true);
    expect(isPageComplete(2, 50, 100, 260)).toBe(false);
    expect(isPageComplete(0, 0, 100, 0)).toBe(true);
    expect(isPageComplete(0, 0, 100, 1)).toBe(false);
  });
});

describe('isAtBottom', () => {
  it('is true at the end, a few pixels short of it, or with nothing to scroll', () => {
    expect(isAtBottom(700, 300, 1000)).toBe(true);
    expect(isAtBottom(697, 300, 1000)).toBe(true);
    expect(isAtBottom(600, 300, 1000)).toBe(false);
    expect(isAtBottom(0, 300, 100)).toBe(true);
  });
});
