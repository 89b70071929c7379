/**
 * The folds the user made in a paged body (a folded line and the line that closes it), and the map
 * from rows on screen to lines that follows from them. Kept apart from scrolling: a fold changes
 * which lines the rows show, not where the view is.
 */
import { useCallback, useMemo, useState } from 'react';
import { FoldMap, toggleFold, unfoldAround, type Folds } from './folds';

export interface BodyFolds {
  folds: Folds;
  foldMap: FoldMap;
  /** Folds `line` down to `end`, or unfolds it if it is folded. */
  toggle(line: number, end: number): void;
  /** Unfolds every fold that hides `line`. */
  reveal(line: number): void;
}

export function useFolds(lineCount: number): BodyFolds {
  const [folds, setFolds] = useState<Folds>(() => new Map());
  const foldMap = useMemo(() => new FoldMap(lineCount, folds), [lineCount, folds]);
  const toggle = useCallback((line: number, end: number) => setFolds((current) => toggleFold(current, line, end)), []);
  const reveal = useCallback((line: number) => setFolds((current) => unfoldAround(current, line)), []);
  return { folds, foldMap, toggle, reveal };
}
