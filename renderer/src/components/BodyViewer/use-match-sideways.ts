/**
 * Bringing the current search match into view sideways: a line can be far wider than the pane, and
 * the match's page may arrive after the jump to its row, so this waits for the highlighted match to
 * be in the DOM, then scrolls the pane left or right to show it whole when it fits, else from its start.
 */
import { useLayoutEffect, useRef, type RefObject } from 'react';
import type { SearchMatch } from '../../../../shared/http-types';
import type { FoldMap } from './folds';
import type { RowWindow } from './geometry';

export interface MatchSideways {
  /** Bumped each time a match's line is brought to the centre (RowScroll.centred). */
  centred: number;
  /** The current match, if any. */
  match: SearchMatch | undefined;
  foldMap: FoldMap;
  win: RowWindow;
  /** Bumped when a page of lines arrives (PagedLines.arrivals). */
  arrivals: number;
}

export function useMatchSideways(
  scroller: RefObject<HTMLDivElement | null>,
  { centred, match, foldMap, win, arrivals }: MatchSideways,
): void {
  const aligned = useRef(0);
  useLayoutEffect(() => {
    if (centred === aligned.current) return;
    const row = match ? foldMap.rowOf(match.line).row : -1;
    if (!match || row < win.start || row >= win.end) {
      aligned.current = centred; // scrolled away (or search closed) before the page came: nothing to align
      return;
    }
    const element = scroller.current;
    const mark = element?.querySelector<HTMLElement>('.current-match');
    if (!element || !mark) return; // its page has not arrived yet
    aligned.current = centred;
    const box = element.getBoundingClientRect();
    const gutter = element.querySelector<HTMLElement>('.pb-gutter')?.offsetWidth ?? 0;
    const at = mark.getBoundingClientRect();
    const left = box.left + gutter + 8;
    const right = box.right - 24;
    if (at.left < left || at.right - at.left > right - left) element.scrollLeft -= left - at.left + 40;
    else if (at.right > right) element.scrollLeft += at.right - right + 40;
  }, [centred, arrivals, win.start, win.end, match, foldMap, scroller]);
}
