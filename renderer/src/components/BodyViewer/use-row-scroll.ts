/**
 * Vertical scrolling of a paged body: the window of rows in view, the cursor line, and scrolling to
 * a line once the rows are laid out (a fold may just have moved them). Above a few hundred thousand
 * lines the scroll range is scaled (see geometry.ts), so the wheel and the keys move the view by
 * rows here rather than by the browser's pixels. After Ctrl+End (End) the view follows the end while
 * the body is still being formatted and its lines grow, until the user moves away from the end.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { FoldMap } from './folds';
import {
  firstRowAt,
  firstRowToReveal,
  isScaled,
  LINE_HEIGHT,
  rowsInView,
  rowWindow,
  scrollTopAfterWheel,
  scrollTopFor,
  type Geometry,
  type RowWindow,
} from './geometry';

const OVERSCAN = 12;
/** How far ArrowLeft and ArrowRight move the view sideways. */
const SIDEWAYS_PX = 40;

export type ScrollMode = 'reveal' | 'center' | 'top' | 'bottom';

type ScrollRequest = { line: number; mode: ScrollMode } | { line: number; mode: 'keep'; offsetRows: number };

export interface RowScroll {
  geometry: Geometry;
  /** The rows in the DOM: those in view and a few either side. */
  win: RowWindow;
  viewportPx: number;
  cursor: number;
  setCursor(line: number): void;
  /** Moves the cursor to `line` and scrolls it into view (`center`: a search match). */
  goToLine(line: number, mode?: ScrollMode): void;
  /** Keeps `line` where it is on screen while the lines after it, up to `end`, fold or unfold. */
  holdRow(line: number, end: number): void;
  /** Bumped each time a line is brought to the centre: the match on it is then aligned sideways. */
  centred: number;
  onScroll(scrollTop: number): void;
  /** The cursor and view moved by a navigation key; false when `key` is not one. */
  moveByKey(key: string): boolean;
}

export function useRowScroll(scroller: RefObject<HTMLDivElement | null>, foldMap: FoldMap): RowScroll {
  const [scrollTop, setScrollTop] = useState(0);
  const viewportPx = useViewportHeight(scroller);
  const geometry: Geometry = { rowCount: foldMap.rowCount, viewportPx };
  const win = rowWindow(scrollTop, geometry, OVERSCAN);
  const latestGeometry = useRef(geometry);
  latestGeometry.current = geometry;
  useScaledWheel(scroller, latestGeometry);

  const [cursor, setCursor] = useState(0);
  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | null>(null);
  const [centred, setCentred] = useState(0);

  // Scrolling to a line after the rows have been laid out (folds may just have changed).
  useLayoutEffect(() => {
    if (!scrollRequest) return;
    setScrollRequest(null);
    const element = scroller.current;
    if (!element) return;
    const g: Geometry = { rowCount: foldMap.rowCount, viewportPx: element.clientHeight };
    const { row } = foldMap.rowOf(scrollRequest.line);
    const current = firstRowAt(element.scrollTop, g);
    if (scrollRequest.mode === 'bottom') {
      element.scrollTop = element.scrollHeight;
    } else {
      const first =
        scrollRequest.mode === 'keep'
          ? row - scrollRequest.offsetRows
          : scrollRequest.mode === 'top'
            ? 0
            : firstRowToReveal(row, current, g, scrollRequest.mode === 'center');
      if (first !== current) element.scrollTop = scrollTopFor(first, g);
    }
    setScrollTop(element.scrollTop);
    if (scrollRequest.mode === 'center') setCentred((n) => n + 1);
  }, [scrollRequest, foldMap, scroller]);

  // Set by End and kept while the view stays at the bottom: a body still being formatted grows under it.
  const followEnd = useRef(false);
  const scrollTo = useCallback((line: number, mode: ScrollMode) => {
    setCursor(line);
    setScrollRequest({ line, mode });
  }, []);
  const goToLine = useCallback(
    (line: number, mode: ScrollMode = 'reveal') => {
      followEnd.current = false;
      scrollTo(line, mode);
    },
    [scrollTo],
  );
  const lastLine = foldMap.rowCount > 0 ? foldMap.lineAt(foldMap.rowCount - 1) : 0;
  useEffect(() => {
    if (followEnd.current) scrollTo(lastLine, 'bottom');
  }, [lastLine, scrollTo]);

  const holdRow = (line: number, end: number) => {
    const { row } = foldMap.rowOf(line);
    const offsetRows = row - firstRowAt(scroller.current?.scrollTop ?? 0, geometry);
    if (cursor > line && cursor <= end) setCursor(line);
    setScrollRequest({ line, mode: 'keep', offsetRows });
  };

  const moveByKey = (key: string): boolean => {
    const element = scroller.current;
    if (!element) return false;
    const cursorRow = foldMap.rowOf(cursor).row;
    const pageRows = Math.max(1, Math.floor(rowsInView(geometry)) - 1);
    const toRow = (row: number, mode: 'reveal' | 'top' | 'bottom' = 'reveal') => {
      const clamped = Math.max(0, Math.min(foldMap.rowCount - 1, row));
      goToLine(foldMap.lineAt(clamped), mode);
      followEnd.current = mode === 'bottom';
    };
    if (key === 'ArrowDown') toRow(cursorRow + 1);
    else if (key === 'ArrowUp') toRow(cursorRow - 1);
    else if (key === 'PageDown') {
      element.scrollTop = scrollTopFor(firstRowAt(element.scrollTop, geometry) + pageRows, geometry);
      toRow(cursorRow + pageRows);
    } else if (key === 'PageUp') {
      element.scrollTop = scrollTopFor(firstRowAt(element.scrollTop, geometry) - pageRows, geometry);
      toRow(cursorRow - pageRows);
    } else if (key === 'Home') toRow(0, 'top');
    else if (key === 'End') toRow(foldMap.rowCount - 1, 'bottom');
    else if (key === 'ArrowRight') element.scrollLeft += SIDEWAYS_PX;
    else if (key === 'ArrowLeft') element.scrollLeft -= SIDEWAYS_PX;
    else return false;
    return true;
  };

  return {
    geometry,
    win,
    viewportPx,
    cursor,
    setCursor,
    goToLine,
    holdRow,
    centred,
    onScroll: (top: number) => {
      const element = scroller.current;
      if (element && top + element.clientHeight < element.scrollHeight - LINE_HEIGHT) followEnd.current = false;
      setScrollTop(top);
    },
    moveByKey,
  };
}

/** The scroller's height, now and whenever the pane is resized. */
function useViewportHeight(scroller: RefObject<HTMLDivElement | null>): number {
  const [viewportPx, setViewportPx] = useState(0);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    setViewportPx(element.clientHeight);
    const observer = new ResizeObserver(() => setViewportPx(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, [scroller]);
  return viewportPx;
}

/**
 * A wheel turn over a scaled body (millions of lines) moves as many lines as over a short one; the
 * browser's own scroll would move the scaled spacer, many lines per pixel. React's wheel listener is
 * passive, so this one is added by hand.
 */
function useScaledWheel(scroller: RefObject<HTMLDivElement | null>, latestGeometry: RefObject<Geometry>): void {
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      const g = latestGeometry.current;
      if (event.ctrlKey || !isScaled(g) || Math.abs(event.deltaY) <= Math.abs(event.deltaX)) return;
      const rows =
        event.deltaMode === WheelEvent.DOM_DELTA_LINE
          ? event.deltaY
          : event.deltaMode === WheelEvent.DOM_DELTA_PAGE
            ? event.deltaY * Math.max(1, Math.floor(rowsInView(g)) - 1)
            : event.deltaY / LINE_HEIGHT;
      event.preventDefault();
      element.scrollTop = scrollTopAfterWheel(element.scrollTop, rows, g);
      element.scrollLeft += event.deltaMode === WheelEvent.DOM_DELTA_PIXEL ? event.deltaX : event.deltaX * LINE_HEIGHT;
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [scroller, latestGeometry]);
}
