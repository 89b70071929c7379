import { describe, expect, it } from 'vitest';
import { PageCache, pagesOf, pagesToFetch } from './page-cache';

describe('PageCache', () => {
  it('keeps at most its capacity, dropping the least recently used page', () => {
    const cache = new PageCache<string>(3);
    cache.set(1, 'a');
    cache.set(2, 'b');
    cache.set(3, 'c');
    expect(cache.get(1)).toBe('a'); // 1 is now the most recent
    cache.set(4, 'd');
    expect(cache.size).toBe(3);
    expect(cache.has(2)).toBe(false);
    expect([1, 3, 4].every((page) => cache.has(page))).toBe(true);
  });

  it('does not reorder on peek, and replaces a page set twice', () => {
    const cache = new PageCache<string>(2);
    cache.set(1, 'a');
    cache.set(2, 'b');
    expect(cache.peek(1)).toBe('a');
    cache.set(3, 'c');
    expect(cache.has(1)).toBe(false);
    cache.set(3, 'C');
    expect(cache.size).toBe(2);
    expect(cache.get(3)).toBe('C');
  });

  it('refuses a capacity under one', () => {
    expect(() => new PageCache(0)).toThrow();
  });
});

describe('pagesOf / pagesToFetch', () => {
  it('names each page once, in order', () => {
    expect(pagesOf([600, 3, 255, 256, -1, 10], 256)).toEqual([0, 1, 2]);
  });

  it('asks for missing pages nearest the middle first, within the free slots', () => {
    const held = (page: number) => page === 5;
    expect(pagesToFetch([3, 4, 5, 6, 7], held, new Set([4]), 2)).toEqual([6, 3]);
    expect(pagesToFetch([3, 4], held, new Set(), 0)).toEqual([]);
  });
});
