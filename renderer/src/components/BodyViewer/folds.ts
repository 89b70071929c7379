/**
 * Folding in the paged body viewer: which lines are shown as rows. A fold on line `start` (a line
 * that opens an object or array, with `foldEnd`) hides lines start+1 … end; the start line's row then
 * shows "… N lines" and the closing line's text. Folds may nest: a fold inside a folded range stays
 * remembered but has no effect until the outer one is unfolded.
 *
 * Rows are numbered from 0 over the shown lines; lines are the view's line indexes (from 0).
 */

/** Folded lines: start line → its closing line (the last hidden line). */
export type Folds = ReadonlyMap<number, number>;

export class FoldMap {
  readonly rowCount: number;
  /** The folds in effect (not inside another fold), sorted by start. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Lines hidden before fold i (by folds 0 … i-1); one more entry holds the total. */
  private readonly hiddenBefore: number[] = [0];

  constructor(
    readonly lineCount: number,
    folds: Folds,
  ) {
    const sorted = [...folds]
      .filter(([start, end]) => start >= 0 && end > start && start < lineCount)
      .sort((a, b) => a[0] - b[0]);
    let coveredTo = -1;
    for (const [start, rawEnd] of sorted) {
      if (start <= coveredTo) continue; // inside a fold already in effect
      const end = Math.min(rawEnd, lineCount - 1);
      this.starts.push(start);
      this.ends.push(end);
      this.hiddenBefore.push(this.hiddenBefore[this.hiddenBefore.length - 1]! + (end - start));
      coveredTo = end;
    }
    this.rowCount = lineCount - this.hiddenBefore[this.hiddenBefore.length - 1]!;
  }

  /** The line shown on a row (rows past the end give the last line). */
  lineAt(row: number): number {
    const r = Math.max(0, Math.min(row, this.rowCount - 1));
    // The last fold whose start row is at or before r.
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! - this.hiddenBefore[mid]! <= r) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0) return r;
    const startRow = this.starts[found]! - this.hiddenBefore[found]!;
    return r === startRow ? this.starts[found]! : r + this.hiddenBefore[found + 1]!;
  }

  /** The row that shows a line; a hidden line gives the row of the fold that hides it. */
  rowOf(line: number): { row: number; hidden: boolean } {
    const index = this.foldIndexAtOrBefore(line);
    if (index < 0) return { row: line, hidden: false };
    const start = this.starts[index]!;
    if (line > start && line <= this.ends[index]!) return { row: start - this.hiddenBefore[index]!, hidden: true };
    return { row: line - (line === start ? this.hiddenBefore[index]! : this.hiddenBefore[index + 1]!), hidden: false };
  }

  /** The closing line of a fold in effect on this line, or undefined. */
  foldedEnd(line: number): number | undefined {
    const index = this.foldIndexAtOrBefore(line);
    return index >= 0 && this.starts[index] === line ? this.ends[index] : undefined;
  }

  private foldIndexAtOrBefore(line: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= line) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}

/** Folds or unfolds one line. */
export function toggleFold(folds: Folds, line: number, end: number): Folds {
  const next = new Map(folds);
  if (next.has(line)) next.delete(line);
  else if (end > line) next.set(line, end);
  return next;
}

/** Removes every fold that hides a line (to show a search match); the same map when none does. */
export function unfoldAround(folds: Folds, line: number): Folds {
  let next: Map<number, number> | null = null;
  for (const [start, end] of folds) {
    if (line > start && line <= end) {
      next ??= new Map(folds);
      next.delete(start);
    }
  }
  return next ?? folds;
}
