import { describe, expect, it } from 'vitest';
import { FoldMap, toggleFold, unfoldAround, type Folds } from './folds';

/** The lines shown, row by row (the slow, obvious way). */
function shownLines(lineCount: number, folds: Folds): number[] {
  const hidden = new Set<number>();
  for (const [start, end] of folds) for (let line = start + 1; line <= end; line++) hidden.add(line);
  // A fold whose start is hidden has no effect, but its lines are hidden by the outer one anyway.
  return Array.from({ length: lineCount }, (_, line) => line).filter((line) => !hidden.has(line));
}

function check(lineCount: number, folds: Folds) {
  const map = new FoldMap(lineCount, folds);
  const shown = shownLines(lineCount, folds);
  expect(map.rowCount).toBe(shown.length);
  shown.forEach((line, row) => {
    expect(map.lineAt(row)).toBe(line);
    expect(map.rowOf(line)).toEqual({ row, hidden: false });
  });
  return map;
}

describe('FoldMap', () => {
  it('maps rows to lines one to one without folds', () => {
    const map = check(10, new Map());
    expect(map.rowCount).toBe(10);
    expect(map.lineAt(99)).toBe(9);
    expect(map.foldedEnd(3)).toBeUndefined();
  });

  it('hides the lines after a folded line up to and including its closing line', () => {
    // 0 {   1 "items": [   2 {   3 "id"   4 }   5 ],   6 "last"   7 }
    const map = check(8, new Map([[1, 5]]));
    expect(map.rowCount).toBe(4);
    expect(map.lineAt(1)).toBe(1);
    expect(map.lineAt(2)).toBe(6);
    expect(map.rowOf(3)).toEqual({ row: 1, hidden: true });
    expect(map.rowOf(5)).toEqual({ row: 1, hidden: true });
    expect(map.foldedEnd(1)).toBe(5);
  });

  it('ignores a fold inside another, and brings it back when the outer one is unfolded', () => {
    let folds: Folds = new Map([[2, 4]]);
    folds = toggleFold(folds, 1, 8);
    const outer = check(12, folds);
    expect(outer.rowCount).toBe(12 - 7);
    expect(outer.foldedEnd(2)).toBeUndefined();
    folds = toggleFold(folds, 1, 8);
    const inner = check(12, folds);
    expect(inner.rowCount).toBe(12 - 2);
    expect(inner.foldedEnd(2)).toBe(4);
  });

  it('handles several folds, at the very start and end', () => {
    check(
      20,
      new Map([
        [0, 3],
        [5, 6],
        [9, 12],
        [13, 19],
      ]),
    );
    check(20, new Map([[0, 19]]));
    check(20, new Map([[18, 19]]));
  });

  it('agrees with the obvious mapping on random nested folds', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 60; round++) {
      const lineCount = 1 + Math.floor(random() * 60);
      const folds = new Map<number, number>();
      for (let i = 0; i < 6; i++) {
        const start = Math.floor(random() * lineCount);
        const end = start + 1 + Math.floor(random() * (lineCount - start));
        if (
          end < lineCount &&
          ![...folds].some(([s, e]) => (start < s && end >= s && end < e) || (start > s && start <= e && end > e))
        ) {
          folds.set(start, end); // properly nested or disjoint, as JSON folds are
        }
      }
      check(lineCount, folds);
    }
  });

  it('clamps a fold end past the last line', () => {
    const map = new FoldMap(5, new Map([[2, 40]]));
    expect(map.rowCount).toBe(3);
    expect(map.foldedEnd(2)).toBe(4);
  });
});

describe('unfoldAround', () => {
  it('unfolds every fold that hides the line, and nothing else', () => {
    const folds: Folds = new Map([
      [1, 10],
      [3, 5],
      [12, 14],
    ]);
    const next = unfoldAround(folds, 4);
    expect([...next.keys()].sort()).toEqual([12]);
    expect(unfoldAround(folds, 11)).toBe(folds);
    expect(unfoldAround(folds, 1)).toBe(folds);
  });
});
