/** One request of a run in the results list: a button that opens its response. */
import type { RunRow } from '../../../../shared/schemas/run';
import { checksText, rowStatusKind, sizeText, statusText, timeText } from './run-text';

/** The checks that passed, and all of them. */
function checkCounts(row: RunRow) {
  return { passed: row.checks.filter((c) => c.passed).length, total: row.checks.length };
}

/** What a failed row failed on, for its tooltip and its accessible description. */
export function failureText(row: RunRow): string {
  if (row.error) return row.error;
  const failed = row.checks.filter((c) => !c.passed);
  return failed
    .map((c) =>
      c.error ? `${c.label}: ${c.error}` : `${c.label}: expected ${c.expected ?? '?'}, got ${c.actual ?? '?'}`,
    )
    .join('; ');
}

export interface RunRowButtonProps {
  row: RunRow;
  /** Whether this row is the list's one stop in the Tab order. */
  tabbable: boolean;
  onOpen(index: number): void;
}

export function RunRowButton({ row, tabbable, onOpen }: RunRowButtonProps) {
  const checks = checksText(checkCounts(row));
  const where = [...row.folders, row.name].join(' / ');
  const failure = row.passed ? '' : failureText(row);
  const name = `${row.method} ${where}, ${row.status === null ? 'no response' : `status ${row.status}`}, ${checks}${row.iteration > 1 ? `, iteration ${row.iteration}` : ''}`;
  // The row's name is one sentence (method, where, status, checks); the cells show the same and more
  // (URL, time, size) for the eye, hidden from screen readers, so the name is not a run of cells.
  return (
    <button
      type="button"
      tabIndex={tabbable ? 0 : -1}
      className={`run-row${row.passed ? '' : ' failed'}`}
      data-passed={row.passed}
      aria-description={failure || undefined}
      title={failure || row.url}
      onClick={() => onOpen(row.index)}
    >
      <span className="visually-hidden">{name}</span>
      <span className={`run-cell run-status kind-${rowStatusKind(row.status)}`} aria-hidden="true">
        {statusText(row.status)}
      </span>
      <span className={`run-cell run-method method-${row.method.toLowerCase()}`} aria-hidden="true">
        {row.method}
      </span>
      <span className="run-cell run-name" aria-hidden="true">
        {row.iteration > 1 && <span className="run-iteration">#{row.iteration} </span>}
        {row.folders.length > 0 && <span className="muted-text">{row.folders.join(' / ')} / </span>}
        {row.name}
      </span>
      <span className="run-cell run-url" aria-hidden="true">
        {row.error ?? row.url}
      </span>
      <span className="run-cell run-time" aria-hidden="true">
        {timeText(row.timeMs)}
      </span>
      <span className="run-cell run-size" aria-hidden="true">
        {sizeText(row.sizeBytes)}
      </span>
      <span className={`run-cell run-checks${row.passed ? ' passed' : ' failed'}`} aria-hidden="true">
        {checks}
      </span>
    </button>
  );
}
