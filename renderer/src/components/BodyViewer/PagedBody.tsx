/**
 * A body too large to send whole, read from the main process in pages of lines (response:lines) as
 * the viewport needs them. Only the rows in view (plus a few) are in the DOM; a bounded cache holds
 * recent pages, so the renderer never keeps the whole body. Folding, colouring, search (run in the
 * main process), and copying a value (the main process writes the clipboard) work on the view.
 * This component lays it out; the hooks beside it do the work (use-paged-lines, use-folds,
 * use-row-scroll, use-body-search, use-match-sideways, use-body-copy).
 */
import {
  forwardRef,
  useImperativeHandle,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import type { BodyLine, BodyView, FormattingState } from '../../../../shared/http-types';
import { formatBytes, formatCount, plural } from '../../format';
import type { CodeEditorHandle } from '../../ui/CodeEditor/types';
import type { FoldMap } from './folds';
import { LINE_HEIGHT, spacerHeight, type RowWindow } from './geometry';
import { findHits, segmentLine, tokenizeJsonLine } from './line-tokens';
import { useBodyCopy } from './use-body-copy';
import { useBodySearch } from './use-body-search';
import { useFolds } from './use-folds';
import { useMatchSideways } from './use-match-sideways';
import { usePagedLines } from './use-paged-lines';
import { useRowScroll } from './use-row-scroll';

/** The same handle as the CodeMirror viewer's, so the response pane drives either one. */
export type PagedBodyHandle = CodeEditorHandle;

export interface PagedBodyProps {
  view: BodyView;
  /** The accessible name of the scroller (role textbox). */
  label?: string;
}

interface Row {
  row: number;
  line: number;
  /** The line that closes this one, when it is folded. */
  foldedEnd?: number;
}

/** The rows in the window, and the lines they show (a folded row shows its closing line too). */
function rowsIn(win: RowWindow, foldMap: FoldMap): { rows: Row[]; lines: number[] } {
  const rows: Row[] = [];
  const lines: number[] = [];
  for (let row = win.start; row < win.end; row++) {
    const line = foldMap.lineAt(row);
    const foldedEnd = foldMap.foldedEnd(line);
    rows.push({ row, line, foldedEnd });
    lines.push(line);
    if (foldedEnd !== undefined) lines.push(foldedEnd);
  }
  return { rows, lines };
}

/** The bracket that closes a line ending in { or [, for a folded row whose closing line is not loaded yet. */
function guessClosing(text: string): string {
  const last = text.trimEnd().slice(-1);
  return last === '{' ? '}' : last === '[' ? ']' : '';
}

function isClosingLine(text: string): boolean {
  return /^\s*[}\]],?\s*$/.test(text);
}

/**
 * Where the Copy button goes beside `line` (px from the viewport's top), or null when the line has
 * nothing to copy (blank, a closing bracket, not loaded) or is not on screen.
 */
function copyButtonTop(
  line: number,
  text: string | undefined,
  isJson: boolean,
  foldMap: FoldMap,
  win: RowWindow,
  viewportPx: number,
): number | null {
  if (text === undefined || text.trim() === '' || (isJson && isClosingLine(text))) return null;
  const { row, hidden } = foldMap.rowOf(line);
  if (hidden) return null;
  const top = (row - win.firstRow) * LINE_HEIGHT;
  return top >= -2 && top <= viewportPx - LINE_HEIGHT + 2 ? top : null;
}

/**
 * While the body is still being formatted (the count beside says how far): that search and Ctrl+End
 * cover the lines so far (they are read as they come, not waited for); or why the formatting stopped.
 */
function FormattingNote({ state }: { state: FormattingState }) {
  if (state.problem)
    return (
      <span className="pb-error" role="status" aria-label="Formatting">
        Formatting stopped at line {formatCount(state.linesSoFar)}: {state.problem}
      </span>
    );
  const text = 'Formatting… search and Ctrl+End cover the lines so far';
  return (
    <span className="pb-formatting" role="status" aria-label="Formatting" title={text}>
      <span className="spinner" aria-hidden="true" />
      <span className="pb-formatting-text">{text}</span>
    </span>
  );
}

export const PagedBody = forwardRef<PagedBodyHandle, PagedBodyProps>(function PagedBody(
  { view, label = 'Response body' },
  ref,
) {
  const scroller = useRef<HTMLDivElement>(null);
  const viewId = view.viewId;
  const lines = usePagedLines(view);
  const { lineCount, lineAt } = lines;
  const { folds, foldMap, ...fold } = useFolds(lineCount);
  const scroll = useRowScroll(scroller, foldMap);
  const { win, cursor, viewportPx } = scroll;
  const search = useBodySearch({
    viewId,
    cursor,
    showLine: (line) => {
      fold.reveal(line);
      scroll.goToLine(line, 'center');
    },
    focusBody: () => scroller.current?.focus(),
  });
  useMatchSideways(scroller, {
    centred: scroll.centred,
    match: search.current,
    foldMap,
    win,
    arrivals: lines.arrivals,
  });
  const copy = useBodyCopy(viewId);
  useImperativeHandle(ref, () => ({ openSearch: search.open, focus: () => scroller.current?.focus() }), [search.open]);

  const [hoverLine, setHoverLine] = useState<number | null>(null);
  const [focusWithin, setFocusWithin] = useState(false);
  const [scrollFocused, setScrollFocused] = useState(false);

  const { rows, lines: linesInView } = rowsIn(win, foldMap);
  lines.want(linesInView);

  /** Folds or unfolds `line` down to `end`, keeping its row where it is on screen. */
  const toggle = (line: number, end: number) => {
    scroll.holdRow(line, end);
    fold.toggle(line, end);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (mod && key === 'f') search.open();
    else if (mod && event.shiftKey && event.code === 'BracketLeft') {
      const end = lineAt(cursor)?.foldEnd;
      if (end !== undefined && !folds.has(cursor)) toggle(cursor, end);
    } else if (mod && event.shiftKey && event.code === 'BracketRight') {
      const end = folds.get(cursor);
      if (end !== undefined) toggle(cursor, end);
    } else if (mod && key === 'a') copy.selectAll();
    else if (mod && key === 'c') {
      if (!copy.copy(cursor)) return;
    } else if (event.key === 'Escape' && copy.allSelected) copy.unselect();
    else if (event.key === 'F3' || (mod && key === 'g')) search.stepOrOpen(event.shiftKey ? -1 : 1);
    else if (event.key === 'Escape' && search.isOpen) search.close();
    else if (!scroll.moveByKey(event.key)) return;
    event.preventDefault();
    if (copy.allSelected && !(mod && (key === 'a' || key === 'c'))) copy.unselect();
  };

  // --- Rendering.
  const isJson = lines.format === 'json';
  const { highlight, current: currentMatch } = search;
  const digits = String(lineCount).length;
  const activeLine = hoverLine ?? (focusWithin ? cursor : null);
  const copyTop =
    activeLine === null ? null : copyButtonTop(activeLine, lineAt(activeLine)?.text, isJson, foldMap, win, viewportPx);

  const renderText = (line: number, data: BodyLine): ReactNode => {
    const hits = highlight ? findHits(data.text, highlight.query, highlight.caseSensitive) : [];
    if (!isJson && hits.length === 0) return data.text;
    const tokens = isJson ? tokenizeJsonLine(data.text) : [];
    const current = currentMatch && currentMatch.line === line ? currentMatch.column : undefined;
    return segmentLine(data.text, tokens, hits, current).map((segment, i) => {
      const className = `tok-${segment.kind}`;
      if (!segment.hit)
        return segment.kind === 'plain' ? (
          segment.text
        ) : (
          <span key={i} className={className}>
            {segment.text}
          </span>
        );
      return (
        <mark
          key={i}
          className={`search-hit ${className}${segment.current ? ' current-match' : ''}`}
          aria-current={segment.current ? 'true' : undefined}
        >
          {segment.text}
        </mark>
      );
    });
  };

  const renderRow = ({ row, line, foldedEnd }: Row) => {
    const data = lineAt(line);
    const end = foldedEnd ?? data?.foldEnd;
    const folded = foldedEnd !== undefined;
    const closing = folded ? lineAt(foldedEnd) : undefined;
    const hidden = folded ? foldedEnd - line - 1 : 0;
    const classes = ['pb-row'];
    if (copy.allSelected) classes.push('selected');
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
            {data.cut ? (
              <span className="pb-cut"> … {plural(data.cut, 'more character', 'more characters')}</span>
            ) : null}
            {folded && (
              <>
                <button
                  type="button"
                  tabIndex={-1}
                  className="pb-folded"
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => toggle(line, foldedEnd)}
                >
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

  return (
    <div className="paged-body" data-view-id={viewId}>
      {search.isOpen && (
        <div className="pb-search" role="search" aria-label="Search the body">
          <input
            ref={search.input}
            type="text"
            aria-label="Search response body"
            placeholder="Search…"
            value={search.query}
            spellCheck={false}
            onChange={(event) => search.setQuery(event.target.value)}
            onKeyDown={(event) => {
              // Ctrl/Cmd+Enter is the app's Send: left to the window's handler.
              if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
                event.preventDefault();
                search.step(event.shiftKey ? -1 : 1);
              } else if (event.key === 'Escape') {
                event.preventDefault();
                search.close();
              }
            }}
          />
          <label className="pb-check">
            <input
              type="checkbox"
              checked={search.caseSensitive}
              onChange={(event) => search.setCaseSensitive(event.target.checked)}
            />{' '}
            Match case
          </label>
          <button
            type="button"
            className="button ghost small"
            aria-label="Previous match"
            title="Previous match (Shift+Enter)"
            onClick={() => search.step(-1)}
            disabled={!search.query || search.running}
          >
            ↑
          </button>
          <button
            type="button"
            className="button ghost small"
            aria-label="Next match"
            title="Next match (Enter)"
            onClick={() => search.step(1)}
            disabled={!search.query || search.running}
          >
            ↓
          </button>
          <span className="pb-search-summary" role="status" aria-label="Search result">
            {search.summary?.failed ? <span className="pb-error">{search.summary.text}</span> : search.summary?.text}
          </span>
          {search.running && (
            <button type="button" className="button small" onClick={search.cancel}>
              Cancel search
            </button>
          )}
          <span className="spacer" />
          <button
            type="button"
            className="icon-button"
            aria-label="Close search"
            title="Close (Escape)"
            onClick={search.close}
          >
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
            scroll.onScroll(event.currentTarget.scrollTop);
            lines.scheduleFetch();
          }}
          onFocus={() => setScrollFocused(true)}
          onBlur={() => setScrollFocused(false)}
          onKeyDown={onKeyDown}
        >
          <div className="pb-spacer" style={{ height: spacerHeight(scroll.geometry) }}>
            <div
              className="pb-rows"
              style={{ top: win.top, '--gutter-digits': digits } as CSSProperties}
              onMouseMove={(event) => {
                const line = (event.target as HTMLElement).closest<HTMLElement>('[data-line]')?.dataset.line;
                const next = line === undefined ? null : Number(line);
                if (next !== hoverLine) setHoverLine(next);
              }}
              onMouseDown={(event) => {
                copy.unselect();
                const line = (event.target as HTMLElement).closest<HTMLElement>('[data-line]')?.dataset.line;
                if (line !== undefined) scroll.setCursor(Number(line));
              }}
            >
              {rows.map(renderRow)}
            </div>
          </div>
        </div>
        {activeLine !== null && copyTop !== null && (
          <button
            type="button"
            className="button small pb-copy"
            style={{ top: Math.max(0, copyTop) }}
            onClick={() => copy.copyValue(activeLine)}
            title={`Copy the ${isJson ? 'value that starts' : 'text'} on line ${activeLine + 1}`}
          >
            {isJson ? 'Copy value' : 'Copy line'}
          </button>
        )}
      </div>
      <div className="pb-status">
        <span aria-label="Body size">
          {plural(lineCount, 'line', 'lines')}
          {lines.formatting && !lines.formatting.problem ? ' so far' : ''}
          {foldMap.rowCount !== lineCount && `, ${formatCount(foldMap.rowCount)} shown`} ·{' '}
          {formatBytes(lines.textBytes)}
        </span>
        {lines.formatting && <FormattingNote state={lines.formatting} />}
        {lines.loadError && <span className="pb-error">{lines.loadError}</span>}
        <span className="spacer" />
        <span role="status" aria-label="Copy result">
          {copy.status}
        </span>
      </div>
    </div>
  );
});
