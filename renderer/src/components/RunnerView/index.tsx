/**
 * The results of a collection run: a progress bar with its counts and Cancel, one row per request as
 * it comes (status, method, name, URL, time, size, checks), "Failed only", a click that opens a row's
 * response, "Run failed again", and export as JSON or JUnit XML. The rows live in a file in the main
 * process: the list renders only the rows in view (use-run-rows.ts reads them in pages), so a run of
 * 10,000 requests costs the window what a run of ten does.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api } from '../../api';
import { errorText } from '../../error-text';
import { rowWindow, spacerHeight } from '../BodyViewer/geometry';
import { RunRowButton } from './RunRowButton';
import { emptyRowsText, phaseSentence, progressPercent, progressText, type RunPhase } from './run-text';
import { isAtBottom } from './run-pages';
import { useRunProgress, type RunStatus } from './use-run-progress';
import { useRunRows } from './use-run-rows';

/** Height of one row in px (the CSS gives .run-row the same). */
export const RUN_ROW_PX = 30;
const OVERSCAN = 8;
/** Failed rows read per call by "Run failed again": the most one runner:results answer carries (FAILED_PAGE, in a module the window takes only types from). */
const FAILED_PAGE = 500;

export interface RunnerViewProps {
  runId: string;
  /** What was run: "Partner API" or "Partner API / Adverts". */
  title: string;
  onOpenRow(runId: string, index: number): void;
  /** Runs these requests of the same collection again, with the same settings. */
  onRunAgain(requestIds: string[]): void;
  onNotice(text: string): void;
  onClose(): void;
}

function phaseOf(status: RunStatus | null, readError: string | null): RunPhase {
  if (readError && !status) return 'error';
  return status?.state ?? 'running';
}

/** The request ids of the failed rows, in run order, each once (read in pages, ids only kept). */
async function failedRequestIds(runId: string): Promise<string[]> {
  const ids = new Set<string>();
  for (let from = 0; ; from += FAILED_PAGE) {
    const page = await api().runner.results({ runId, from, count: FAILED_PAGE, failedOnly: true });
    for (const row of page.rows) ids.add(row.requestId);
    if (page.rows.length < FAILED_PAGE || from + page.rows.length >= page.total) return [...ids];
  }
}

export function RunnerView(props: RunnerViewProps) {
  const { runId } = props;
  const { status, readError } = useRunProgress(runId);
  const [failedOnly, setFailedOnly] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const phase = phaseOf(status, readError);
  const counts = status ?? { done: 0, total: 0, passed: 0, failed: 0 };
  const rows = useRunRows(runId, failedOnly, failedOnly ? counts.failed : counts.done);

  const heading = useRef<HTMLHeadingElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  // A run just started (or shown again) takes the focus, so the keyboard is where the results are. After
  // the effects of this commit: the run dialog closing in them gives the focus back to its opener first.
  useEffect(() => {
    const timer = setTimeout(() => heading.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, [runId]);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportPx, setViewportPx] = useState(400);
  const following = useRef(true);
  const geometry = { rowCount: rows.count, viewportPx, lineHeight: RUN_ROW_PX };
  const contentPx = spacerHeight(geometry);

  // The list's height follows the window; while at the bottom, the list follows the newest row.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewportPx(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && following.current && phase === 'running') element.scrollTop = element.scrollHeight;
  }, [rows.count, phase]);

  const view = rowWindow(scrollTop, geometry, OVERSCAN);
  // One row is in the Tab order (the last one focused, or the first rendered); Up and Down move between rows.
  const [currentRow, setCurrentRow] = useState(0);
  const tabbableRow = currentRow >= view.start && currentRow < view.end ? currentRow : view.start;
  const indices = Array.from({ length: view.end - view.start }, (_, i) => view.start + i);
  rows.want(indices);

  const act = async (label: string, work: () => Promise<void>) => {
    setBusy(label);
    try {
      await work();
    } catch (error) {
      props.onNotice(errorText(error));
    } finally {
      setBusy(null);
    }
  };
  const cancel = () => act('cancel', async () => void (await api().runner.cancel({ runId })));
  const exportAs = (format: 'json' | 'junit') =>
    act(format, async () => {
      const answer = await api().runner.export({ runId, format });
      if (answer.saved) props.onNotice(`Saved the results as ${answer.fileName ?? 'a file'}.`);
    });
  const runAgain = () =>
    act('again', async () => {
      const ids = await failedRequestIds(runId);
      if (ids.length > 0) props.onRunAgain(ids);
    });

  const running = phase === 'running';
  const percent = progressPercent(counts);
  return (
    <section className="runner-view" aria-label="Run results">
      <header className="runner-head">
        <h2 ref={heading} tabIndex={-1} className="runner-title" title={props.title}>
          Run: {props.title}
        </h2>
        <div className="runner-actions">
          {running ? (
            <button
              type="button"
              className="button small danger"
              onClick={() => void cancel()}
              disabled={busy === 'cancel'}
            >
              Cancel run
            </button>
          ) : (
            counts.failed > 0 && (
              <button type="button" className="button small" onClick={() => void runAgain()} disabled={busy !== null}>
                Run failed again
              </button>
            )
          )}
          <button
            type="button"
            className="button small ghost"
            disabled={running || busy !== null || counts.done === 0}
            onClick={() => void exportAs('json')}
          >
            Export JSON
          </button>
          <button
            type="button"
            className="button small ghost"
            disabled={running || busy !== null || counts.done === 0}
            onClick={() => void exportAs('junit')}
          >
            Export JUnit XML
          </button>
          <button type="button" className="button small ghost" onClick={props.onClose}>
            Close results
          </button>
        </div>
      </header>
      <div className="runner-progress">
        <div
          className={`runner-meter${counts.failed > 0 ? ' has-failures' : ''}`}
          role="progressbar"
          aria-label="Run progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={progressText(counts)}
        >
          <span style={{ width: `${percent}%` }} />
        </div>
        <span className="runner-counts">
          {counts.done}/{counts.total} · <span className="passed-count">{counts.passed} passed</span> ·{' '}
          <span className={counts.failed > 0 ? 'failed-count' : undefined}>{counts.failed} failed</span>
        </span>
      </div>
      <p className={`runner-sentence phase-${phase}`} role="status">
        {phaseSentence(phase, counts, status?.error ?? readError)}
      </p>
      <div className="runner-filters">
        <label>
          <input type="checkbox" checked={failedOnly} onChange={(event) => setFailedOnly(event.target.checked)} />{' '}
          Failed only
        </label>
        {rows.loadError && <span className="field-problem">{rows.loadError}</span>}
      </div>
      <div className="run-columns" aria-hidden="true">
        <span>Status</span>
        <span>Method</span>
        <span>Request</span>
        <span className="run-url">URL</span>
        <span className="run-time">Time</span>
        <span className="run-size">Size</span>
        <span className="run-checks">Checks</span>
      </div>
      <div
        ref={scroller}
        className="run-rows-scroller"
        onScroll={(event) => {
          const element = event.currentTarget;
          setScrollTop(element.scrollTop);
          following.current = isAtBottom(element.scrollTop, element.clientHeight, element.scrollHeight);
        }}
      >
        {rows.count === 0 ? (
          <p className="empty run-empty">{emptyRowsText(phase, failedOnly)}</p>
        ) : (
          <ul
            className="run-rows"
            aria-label="Requests run"
            aria-busy={running}
            style={{ height: contentPx }}
            onKeyDown={(event) => moveFocus(event)}
            onFocus={(event) => {
              const position = (event.target as HTMLElement).closest('li')?.getAttribute('aria-posinset');
              if (position) setCurrentRow(Number(position) - 1);
            }}
          >
            {indices.map((index) => {
              const row = rows.rowAt(index);
              return (
                <li
                  key={index}
                  aria-setsize={rows.count}
                  aria-posinset={index + 1}
                  style={{ top: view.top + (index - view.start) * RUN_ROW_PX }}
                >
                  {row ? (
                    <RunRowButton
                      row={row}
                      tabbable={index === tabbableRow}
                      onOpen={(i) => props.onOpenRow(runId, i)}
                    />
                  ) : (
                    <span className="run-row loading">Loading…</span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}

/** Up and Down move between the rows' buttons (focus scrolls the next one into view; overscan renders it). */
function moveFocus(event: React.KeyboardEvent<HTMLUListElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const buttons = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>('button.run-row'));
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next = buttons[at + (event.key === 'ArrowDown' ? 1 : -1)];
  if (!next) return;
  event.preventDefault();
  next.focus();
}
