/**
 * A body too large to send whole, read from the main process in pages of lines (response:lines) as
 * the viewport needs them. Only the rows in view (plus a few) are in the DOM; a bounded cache holds
 * recent pages, so the renderer never keeps the whole body. Folding, colouring, search (run in the
 * main process), and copying a value (the main process writes the clipboard) work on the view.
 */
import {
  forwardRef,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { SEARCH_MATCHES_PER_ANSWER, type BodyLine, type BodyView, type SearchResult } from '../../../../shared/http-types';
import { api } from '../../api';
import { formatBytes, formatCount, plural } from '../../format';
import type { CodeEditorHandle } from '../../ui/CodeEditor/types';
import { FoldMap, toggleFold, unfoldAround, type Folds } from './folds';
import { firstRowAt, firstRowToReveal, isScaled, LINE_HEIGHT, rowsInView, rowWindow, scrollTopAfterWheel, scrollTopFor, spacerHeight, type Geometry } from './geometry';
import { findHits, segmentLine, tokenizeJsonLine } from './line-tokens';
import { PageCache, pagesOf, pagesToFetch } from './page-cache';
import { describeProgress } from './progress-text';
import { useJob } from './use-job';

const PAGE_SIZE = 256;
/** 48 pages of 256 lines: about 12,000 lines held at most, whatever the body's size. */
const CACHE_PAGES = 48;
const OVERSCAN = 12;
/** A page that could not be read is asked for again after this long. */
const RETRY_MS = 3000;
const MAX_IN_FLIGHT = 3;
/** Pages are asked for once scrolling pauses this long, and at least this often while it goes on. */
const SETTLE_MS = 50;
const MAX_WAIT_MS = 250;
const NOTE_MS = 3000;

/** The same handle as the CodeMirror viewer's, so the response pane drives either one. */
export type PagedBodyHandle = CodeEditorHandle;

export interface PagedBodyProps {
  view: BodyView;
  /** The accessible name of the scroller (role textbox). */
  label?: string;
}


type ScrollRequest = { line: number; mode: 'reveal' | 'center' | 'top' | 'bottom' } | { line: number; mode: 'keep'; offsetRows: number };

interface Found {
  query: string;
  caseSensitive: boolean;
  /** One answer of the search: every match counted, up to SEARCH_MATCHES_PER_ANSWER of them with their places. */
  result: SearchResult;
}

/** Match number `n` (from 0, among all the matches) if this answer holds it. */
const matchAt = (result: SearchResult, n: number) => (n >= result.first ? result.matches[n - result.first] : undefined);

/** The bracket that closes a line ending in { or [, for a folded row whose closing line is not loaded yet. */
function guessClosing(text: string): string {
  const last = text.trimEnd().slice(-1);
  return last === '{' ? '}' : last === '[' ? ']' : '';
}

function isClosingLine(text: string): boolean {
  return /^\s*[}\]],?\s*$/.test(text);
}

export const PagedBody = forwardRef<PagedBodyHandle, PagedBodyProps>(function PagedBody({ view, label = 'Response body' }, ref) {
  const scroller = useRef<HTMLDivElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const viewId = view.viewId;

  // --- Lines: the first screen came with the view; the rest arrive in pages.
  const cache = useRef(new PageCache<BodyLine[]>(CACHE_PAGES));
  const inFlight = useRef(new Set<number>());
  const failed = useRef(new Set<number>());
  const alive = useRef(true);
  const [lineCount, setLineCount] = useState(view.lineCount);
  const lineCountRef = useRef(lineCount);
  lineCountRef.current = lineCount;
  /** Bumped when a page of lines arrives. */
  const [arrivals, setArrivals] = useState(0);
  const [loadError, setLoadError] = useState<string | null>(null);
  const lineAt = useCallback(
    (line: number): BodyLine | undefined =>
      line < view.firstLines.length ? view.firstLines[line] : cache.current.peek(Math.floor(line / PAGE_SIZE))?.[line % PAGE_SIZE],
    [view.firstLines],
  );

  // --- Geometry and folding.
  const [folds, setFolds] = useState<Folds>(() => new Map());
  const foldMap = useMemo(() => new FoldMap(lineCount, folds), [lineCount, folds]);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportPx, setViewportPx] = useState(0);
  const geometry: Geometry = { rowCount: foldMap.rowCount, viewportPx };
  const win = rowWindow(scrollTop, geometry, OVERSCAN);
  const latestGeometry = useRef(geometry);
  latestGeometry.current = geometry;

  // A wheel turn over a scaled body (millions of lines) moves as many lines as over a short one;
  // the browser's own scroll would move the scaled spacer, many lines per pixel. React's wheel
  // listener is passive, so this one is added by hand.
  useEffect(() => {
    const element = scroller.current!;
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
  }, []);

  // --- Cursor, hover, focus, notes.
  const [cursor, setCursor] = useState(0);
  const [hoverLine, setHoverLine] = useState<number | null>(null);
  const [focusWithin, setFocusWithin] = useState(false);
  const [scrollFocused, setScrollFocused] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  /** Ctrl+A selected the whole text (not only the rows on screen): Ctrl+C then copies it all, from the main process. */
  const [allSelected, setAllSelected] = useState(false);
  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | null>(null);
  /** Bumped when the current search match is to be brought into view sideways. */
  const [alignMatch, setAlignMatch] = useState(0);

  // --- Search.
  const [searchOpen, setSearchOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [found, setFound] = useState<Found | null>(null);
  /** The current match's number among all the matches (from 0). */
  const [matchIndex, setMatchIndex] = useState(0);
  const search = useJob<SearchResult>();

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    if (!note) return;
    const timer = setTimeout(() => setNote(null), NOTE_MS);
    return () => clearTimeout(timer);
  }, [note]);

  // The viewport's height, now and whenever the pane is resized.
  useLayoutEffect(() => {
    const element = scroller.current!;
    setViewportPx(element.clientHeight);
    const observer = new ResizeObserver(() => setViewportPx(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // --- The rows in view and the lines they need.
  const rows: Array<{ row: number; line: number; foldedEnd?: number }> = [];
  const wantedLines: number[] = [];
  for (let row = win.start; row < win.end; row++) {
    const line = foldMap.lineAt(row);
    const foldedEnd = foldMap.foldedEnd(line);
    rows.push({ row, line, foldedEnd });
    wantedLines.push(line);
    if (foldedEnd !== undefined) wantedLines.push(foldedEnd);
  }
  const wanted = useRef<number[]>([]);
  wanted.current = pagesOf(
    wantedLines.filter((line) => line >= view.firstLines.length),
    PAGE_SIZE,
  );
  // The pages in view are the most recently used ones.
  for (const page of wanted.current) cache.current.get(page);

  // Asks for the pages in view once scrolling settles (or at least every MAX_WAIT_MS), a few at a time.
  const fetchTimer = useRef<{ timer: ReturnType<typeof setTimeout>; since: number } | null>(null);
  const scheduleFetch = useRef(() => {});
  const fetchNow = () => {
    fetchTimer.current = null;
    const slots = MAX_IN_FLIGHT - inFlight.current.size;
    const pages = pagesToFetch(wanted.current, (page) => cache.current.has(page) || failed.current.has(page), inFlight.current, slots);
    for (const page of pages) {
      inFlight.current.add(page);
      api()
        .response.lines({ viewId, from: page * PAGE_SIZE, count: PAGE_SIZE })
        .then(
          (answer) => {
            if (!alive.current) return;
            cache.current.set(page, answer.lines);
            if (answer.lineCount !== lineCountRef.current) setLineCount(answer.lineCount);
            setLoadError(null);
            setArrivals((n) => n + 1);
          },
          (error: Error) => {
            if (!alive.current) return;
            failed.current.add(page);
            setLoadError(`Could not read lines ${formatCount(page * PAGE_SIZE + 1)}–${formatCount((page + 1) * PAGE_SIZE)}: ${error.message}`);
            // Asked again a little later, unless the body is gone for good.
            if (!/no longer kept/.test(error.message)) {
              setTimeout(() => {
                failed.current.delete(page);
                if (alive.current) scheduleFetch.current();
              }, RETRY_MS);
            }
          },
        )
        .finally(() => {
          inFlight.current.delete(page);
          if (alive.current) scheduleFetch.current();
        });
    }
  };
  scheduleFetch.current = () => {
    const now = performance.now();
    const pending = fetchTimer.current;
    if (pending && now - pending.since >= MAX_WAIT_MS) return; // waited long enough: let it fire
    if (pending) clearTimeout(pending.timer);
    fetchTimer.current = { timer: setTimeout(() => fetchNow(), SETTLE_MS), since: pending?.since ?? now };
  };
  useEffect(() => () => clearTimeout(fetchTimer.current?.timer), []);

  const missing = wanted.current.some((page) => !cache.current.has(page) && !failed.current.has(page));
  useEffect(() => {
    if (missing) scheduleFetch.current();
  });

  // --- Scrolling to a line after the rows have been laid out (folds may just have changed).
  useLayoutEffect(() => {
    if (!scrollRequest) return;
    setScrollRequest(null);
    const element = scroller.current!;
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
    if (scrollRequest.mode === 'center') setAlignMatch((n) => n + 1);
  }, [scrollRequest, foldMap]);

  // The current search match brought into view sideways too, once its row has its text (its page
  // may arrive after the jump): whole when it fits, else from its start.
  const alignedMatch = useRef(0);
  useLayoutEffect(() => {
    if (alignMatch === alignedMatch.current) return;
    const target = found ? matchAt(found.result, matchIndex) : undefined;
    const row = target ? foldMap.rowOf(target.line).row : -1;
    if (!target || row < win.start || row >= win.end) {
      alignedMatch.current = alignMatch; // scrolled away (or search closed) before the page came: nothing to align
      return;
    }
    const element = scroller.current!;
    const match = element.querySelector<HTMLElement>('.current-match');
    if (!match) return; // its page has not arrived yet
    alignedMatch.current = alignMatch;
    const box = element.getBoundingClientRect();
    const gutter = element.querySelector<HTMLElement>('.pb-gutter')?.offsetWidth ?? 0;
    const at = match.getBoundingClientRect();
    const left = box.left + gutter + 8;
    const right = box.right - 24;
    if (at.left < left || at.right - at.left > right - left) element.scrollLeft -= left - at.left + 40;
    else if (at.right > right) element.scrollLeft += at.right - right + 40;
  }, [alignMatch, arrivals, win.start, win.end, found, matchIndex, foldMap]);

  const goToLine = useCallback((line: number, mode: 'reveal' | 'center' | 'top' | 'bottom' = 'reveal') => {
    setCursor(line);
    setScrollRequest({ line, mode });
  }, []);

  // --- Folding.
  const toggle = (line: number, end: number) => {
    const { row } = foldMap.rowOf(line);
    const offsetRows = row - firstRowAt(scroller.current!.scrollTop, geometry);
    setFolds((current) => toggleFold(current, line, end));
    if (cursor > line && cursor <= end) setCursor(line);
    setScrollRequest({ line, mode: 'keep', offsetRows });
  };

  // --- Search.
  const openSearch = useCallback(() => {
    setSearchOpen(true);
    requestAnimationFrame(() => {
      searchInput.current?.focus();
      searchInput.current?.select();
    });
  }, []);
  useImperativeHandle(ref, () => ({ openSearch, focus: () => scroller.current?.focus() }), [openSearch]);

  const showMatch = (result: SearchResult, index: number) => {
    const match = matchAt(result, index);
    if (!match) return;
    setMatchIndex(index);
    setFolds((current) => unfoldAround(current, match.line));
    goToLine(match.line, 'center');
  };

  /**
   * Searches the view (in the main process). With `target`, the same search again for the answer
   * that holds match number `target`, got to by stepping (`from`: the first match it carries);
   * without, a new search that shows the first match at or after the cursor.
   */
  const runSearch = async (target?: { match: number; from: number }) => {
    const q = target ? found!.query : query;
    if (!q) return;
    const cs = target ? found!.caseSensitive : caseSensitive;
    if (!target) setFound(null);
    const from = target?.from ?? 0;
    const result = await search.start((jobId) => api().response.search({ viewId, jobId, query: q, caseSensitive: cs, ...(from > 0 ? { from } : {}) }));
    if (!result || !alive.current) return;
    setFound({ query: q, caseSensitive: cs, result });
    if (result.matches.length === 0) return;
    if (target) return showMatch(result, target.match);
    const after = result.matches.findIndex((m) => m.line >= cursor);
    showMatch(result, after < 0 ? 0 : after);
  };

  const step = (delta: 1 | -1) => {
    if (!found || found.query !== query || found.caseSensitive !== caseSensitive) return void runSearch();
    const total = found.result.total;
    if (total === 0 || search.state.status === 'running') return;
    const match = (matchIndex + delta + total) % total;
    if (matchAt(found.result, match)) return showMatch(found.result, match);
    // Not in this answer: ask for the one that starts there (going on) or ends there (going back).
    void runSearch({ match, from: delta > 0 ? match : Math.max(0, match - SEARCH_MATCHES_PER_ANSWER + 1) });
  };

  const closeSearch = () => {
    if (search.state.status === 'running') search.cancel();
    setSearchOpen(false);
    scroller.current?.focus();
  };

  // --- Copying a value (the main process reads it and writes the clipboard).
  const copyingAll = useRef(false);
  const copyAll = async () => {
    if (copyingAll.current) return; // one copy of the whole text at a time
    copyingAll.current = true;
    try {
      const answer = await api().response.copyValue({ viewId, all: true });
      if (!alive.current) return;
      setAllSelected(false);
      setNote(answer.copied ? `Copied all ${plural(answer.characters, 'character', 'characters')}` : 'Nothing to copy');
    } catch (error) {
      if (alive.current) setNote(`Could not copy: ${(error as Error).message}`);
    } finally {
      copyingAll.current = false;
    }
  };

  const copyValue = async (line: number) => {
    try {
      const answer = await api().response.copyValue({ viewId, line });
      if (!alive.current) return;
      setNote(answer.copied ? `Copied ${plural(answer.characters, 'character', 'characters')}` : 'Nothing to copy on that line');
    } catch (error) {
      if (alive.current) setNote(`Could not copy: ${(error as Error).message}`);
    }
  };

  // --- Keyboard.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const mod = event.ctrlKey || event.metaKey;
    const cursorRow = foldMap.rowOf(cursor).row;
    const pageRows = Math.max(1, Math.floor(rowsInView(geometry)) - 1);
    const toRow = (row: number, mode: 'reveal' | 'top' | 'bottom' = 'reveal') => {
      const clamped = Math.max(0, Math.min(foldMap.rowCount - 1, row));
      goToLine(foldMap.lineAt(clamped), mode);
    };
    const element = scroller.current!;
    if (mod && event.key.toLowerCase() === 'f') openSearch();
    else if (mod && event.shiftKey && event.code === 'BracketLeft') {
      const end = lineAt(cursor)?.foldEnd;
      if (end !== undefined && !folds.has(cursor)) toggle(cursor, end);
    } else if (mod && event.shiftKey && event.code === 'BracketRight') {
      if (folds.has(cursor)) toggle(cursor, folds.get(cursor)!);
    } else if (mod && event.key.toLowerCase() === 'a') {
      document.getSelection()?.removeAllRanges();
      setNote(null);
      setAllSelected(true);
    } else if (mod && event.key.toLowerCase() === 'c') {
      if (allSelected) void copyAll();
      else if (document.getSelection()?.toString()) return;
      else void copyValue(cursor);
    } else if (event.key === 'Escape' && allSelected) {
      setAllSelected(false);
    } else if (event.key === 'F3' || (mod && event.key.toLowerCase() === 'g')) {
      if (found) step(event.shiftKey ? -1 : 1);
      else openSearch();
    } else if (event.key === 'ArrowDown') toRow(cursorRow + 1);
    else if (event.key === 'ArrowUp') toRow(cursorRow - 1);
    else if (event.key === 'PageDown') {
      element.scrollTop = scrollTopFor(firstRowAt(element.scrollTop, geometry) + pageRows, geometry);
      toRow(cursorRow + pageRows);
    } else if (event.key === 'PageUp') {
      element.scrollTop = scrollTopFor(firstRowAt(element.scrollTop, geometry) - pageRows, geometry);
      toRow(cursorRow - pageRows);
    } else if (event.key === 'Home') toRow(0, 'top');
    else if (event.key === 'End') toRow(foldMap.rowCount - 1, 'bottom');
    else if (event.key === 'ArrowRight') element.scrollLeft += 40;
    else if (event.key === 'ArrowLeft') element.scrollLeft -= 40;
    else if (event.key === 'Escape' && searchOpen) closeSearch();
    else return;
    event.preventDefault();
    if (allSelected && !(mod && ['a', 'c'].includes(event.key.toLowerCase()))) setAllSelected(false);
  };

  // --- Rendering.
  const isJson = view.format === 'json';
  const currentMatch = found ? matchAt(found.result, matchIndex) : undefined;
  const highlight = found && found.result.total > 0 ? found : null;
  const digits = String(lineCount).length;
  const activeLine = hoverLine ?? (focusWithin ? cursor : null);
  const activeRow = activeLine === null ? null : foldMap.rowOf(activeLine);
  const activeText = activeLine === null ? undefined : lineAt(activeLine)?.text;
  const copyTop = activeRow && !activeRow.hidden ? (activeRow.row - win.firstRow) * LINE_HEIGHT : null;
  const showCopy =
    activeLine !== null && activeText !== undefined && activeText.trim() !== '' && !(isJson && isClosingLine(activeText)) && copyTop !== null && copyTop >= -2 && copyTop <= viewportPx - LINE_HEIGHT + 2;

  const renderText = (line: number, data: BodyLine): ReactNode => {
    const hits = highlight ? findHits(data.text, highlight.query, highlight.caseSensitive) : [];
    if (!isJson && hits.length === 0) return data.text;
    const tokens = isJson ? tokenizeJsonLine(data.text) : [];
    const current = currentMatch && currentMatch.line === line ? currentMatch.column : undefined;
    return segmentLine(data.text, tokens, hits, current).map((segment, i) => {
      const className = `tok-${segment.kind}`;
      if (!segment.hit) return segment.kind === 'plain' ? segment.text : <span key={i} className={className}>{segment.text}</span>;
      return (
        <mark key={i} className={`search-hit ${className}${segment.current ? ' current-match' : ''}`} aria-current={segment.current ? 'true' : undefined}>
          {segment.text}
        </mark>
      );
    });
  };

  const renderRow = ({ row, line, foldedEnd }: (typeof rows)[number]) => {
    const data = lineAt(line);
    const end = foldedEnd ?? data?.foldEnd;
    const folded = foldedEnd !== undefined;
    const closing = folded ? lineAt(foldedEnd) : undefined;
    const hidden = folded ? foldedEnd - line - 1 : 0;
    const classes = ['pb-row'];
    if (allSelected) classes.push('selected');
    if (line === cursor && scrollFocused) classes.push('cursor');
    if (line === hoverLine) classes.push('hover');
    return (
      <div key={row} className={classes.join(' ')} data-line={line}>
        <span className="pb-gutter">
          <span className="pb-number">{line + 1}</span>
          {end !== undefined && end > line ? (
            <button
              type="button"
              tabIndex={-1}
              className="pb-fold"
              aria-label={`${folded ? 'Unfold' : 'Fold'} line ${line + 1}`}
              aria-expanded={!folded}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => toggle(line, end)}
            >
              {folded ? '▸' : '▾'}
            </button>
          ) : (
            <span className="pb-fold-space" />
          )}
        </span>
        {data ? (
          <span className="pb-text">
            {renderText(line, data)}
            {data.cut ? <span className="pb-cut"> … {plural(data.cut, 'more character', 'more characters')}</span> : null}
            {folded && (
              <>
                <button type="button" tabIndex={-1} className="pb-folded" onMouseDown={(event) => event.preventDefault()} onClick={() => toggle(line, foldedEnd)}>
                  … {plural(hidden, 'line', 'lines')}
                </button>
                <span className="tok-punctuation">{closing ? closing.text.trim() : guessClosing(data.text)}</span>
              </>
            )}
          </span>
        ) : (
          <span className="pb-text pb-loading" aria-hidden="true" />
        )}
      </div>
    );
  };

  const searching = search.state.status === 'running';
  let searchSummary: ReactNode = null;
  if (searching) searchSummary = search.progress ? describeProgress(search.progress) : 'Searching…';
  else if (search.state.status === 'failed') searchSummary = <span className="pb-error">{search.state.error}</span>;
  else if (search.state.status === 'cancelled') searchSummary = 'Search cancelled';
  else if (found && (found.query !== query || found.caseSensitive !== caseSensitive)) searchSummary = 'Press Enter to search';
  else if (found) {
    const { total } = found.result;
    searchSummary = total === 0 ? 'No matches' : `${formatCount(matchIndex + 1)} of ${formatCount(total)}`;
  }

  return (
    <div className="paged-body" data-view-id={viewId}>
      {searchOpen && (
        <div className="pb-search" role="search" aria-label="Search the body">
          <input
            ref={searchInput}
            type="text"
            aria-label="Search response body"
            placeholder="Search…"
            value={query}
            spellCheck={false}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              // Ctrl/Cmd+Enter is the app's Send: left to the window's handler.
              if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
                event.preventDefault();
                step(event.shiftKey ? -1 : 1);
              } else if (event.key === 'Escape') {
                event.preventDefault();
                closeSearch();
              }
            }}
          />
          <label className="pb-check">
            <input type="checkbox" checked={caseSensitive} onChange={(event) => setCaseSensitive(event.target.checked)} /> Match case
          </label>
          <button type="button" className="button ghost small" aria-label="Previous match" title="Previous match (Shift+Enter)" onClick={() => step(-1)} disabled={!query || searching}>
            ↑
          </button>
          <button type="button" className="button ghost small" aria-label="Next match" title="Next match (Enter)" onClick={() => step(1)} disabled={!query || searching}>
            ↓
          </button>
          <span className="pb-search-summary" role="status" aria-label="Search result">
            {searchSummary}
          </span>
          {searching && (
            <button type="button" className="button small" onClick={search.cancel}>
              Cancel search
            </button>
          )}
          <span className="spacer" />
          <button type="button" className="icon-button" aria-label="Close search" title="Close (Escape)" onClick={closeSearch}>
            ×
          </button>
        </div>
      )}
      <div
        className="pb-viewport"
        onMouseLeave={() => setHoverLine(null)}
        onFocus={() => setFocusWithin(true)}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocusWithin(false);
        }}
      >
        <div
          ref={scroller}
          className="pb-scroller"
          role="textbox"
          aria-label={label}
          aria-readonly="true"
          aria-multiline="true"
          tabIndex={0}
          data-line-count={lineCount}
          data-row-count={foldMap.rowCount}
          onScroll={(event) => {
            setScrollTop(event.currentTarget.scrollTop);
            scheduleFetch.current();
          }}
          onFocus={() => setScrollFocused(true)}
          onBlur={() => setScrollFocused(false)}
          onKeyDown={onKeyDown}
        >
          <div className="pb-spacer" style={{ height: spacerHeight(geometry) }}>
            <div
              className="pb-rows"
              style={{ top: win.top, '--gutter-digits': digits } as CSSProperties}
              onMouseMove={(event) => {
                const line = (event.target as HTMLElement).closest<HTMLElement>('[data-line]')?.dataset.line;
                const next = line === undefined ? null : Number(line);
                if (next !== hoverLine) setHoverLine(next);
              }}
              onMouseDown={(event) => {
                setAllSelected(false);
                const line = (event.target as HTMLElement).closest<HTMLElement>('[data-line]')?.dataset.line;
                if (line !== undefined) setCursor(Number(line));
              }}
            >
              {rows.map(renderRow)}
            </div>
          </div>
        </div>
        {showCopy && (
          <button
            type="button"
            className="button small pb-copy"
            style={{ top: Math.max(0, copyTop!) }}
            onClick={() => void copyValue(activeLine!)}
            title={`Copy the ${isJson ? 'value that starts' : 'text'} on line ${activeLine! + 1}`}
          >
            {isJson ? 'Copy value' : 'Copy line'}
          </button>
        )}
      </div>
      <div className="pb-status">
        <span aria-label="Body size">
          {plural(lineCount, 'line', 'lines')}
          {foldMap.rowCount !== lineCount && `, ${formatCount(foldMap.rowCount)} shown`} · {formatBytes(view.textBytes)}
        </span>
        {loadError && <span className="pb-error">{loadError}</span>}
        <span className="spacer" />
        <span role="status" aria-label="Copy result">
          {note ?? (allSelected ? 'All lines selected · Ctrl+C copies' : null)}
        </span>
      </div>
    </div>
  );
});
