/**
 * A JSONPath filter over a JSON response body, run in the main process (response:filter) on the
 * body it keeps; the selected values come back as a new view, shown in place of the body until the
 * user clears the filter.
 */
import type { FilterResult } from '../../../../shared/http-types';
import { api } from '../../api';
import { plural } from '../../format';
import { describeProgress, progressFraction } from './progress-text';
import { useJob } from './use-job';

/** A filter applied: its expression and what it selected. */
export interface AppliedFilter {
  expression: string;
  result: FilterResult;
}

export interface FilterBarProps {
  responseId: string;
  /** The text in the field, kept by the owner so that it outlives the bar (e.g. across tabs). */
  expression: string;
  onExpressionChange(expression: string): void;
  applied: AppliedFilter | null;
  /** A filter's result, or null when the body is to be shown again. */
  onApplied(applied: AppliedFilter | null): void;
}

export function FilterBar({
  responseId,
  expression,
  onExpressionChange: setExpression,
  applied,
  onApplied,
}: FilterBarProps) {
  const job = useJob<FilterResult>();

  const apply = async () => {
    const text = expression.trim();
    if (!text) return clear();
    const result = await job.start((jobId) => api().response.filter({ responseId, jobId, expression: text }));
    if (result) onApplied({ expression: text, result });
  };

  const clear = () => {
    setExpression('');
    job.reset();
    onApplied(null);
  };

  const running = job.state.status === 'running';
  const fraction = progressFraction(job.progress);
  const error = job.state.status === 'failed' ? job.state.error : null;
  return (
    <div className="filter-bar">
      <form
        className="filter-row"
        onSubmit={(event) => {
          event.preventDefault();
          void apply();
        }}
      >
        <label className="filter-label" htmlFor={`filter-${responseId}`}>
          JSONPath
        </label>
        <input
          id={`filter-${responseId}`}
          type="text"
          aria-label="JSONPath filter"
          aria-invalid={error ? true : undefined}
          placeholder="$.data[?@.price.value > 100].uuid"
          spellCheck={false}
          autoComplete="off"
          value={expression}
          onChange={(event) => setExpression(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && (applied || expression)) {
              event.preventDefault();
              clear();
            }
          }}
        />
        <button type="submit" className="button small" disabled={running || !expression.trim()}>
          Apply
        </button>
        {running ? (
          <button type="button" className="button small" onClick={job.cancel}>
            Cancel filter
          </button>
        ) : (
          applied && (
            <button
              type="button"
              className="button ghost small"
              aria-label="Clear filter"
              title="Show the whole body again (Escape)"
              onClick={clear}
            >
              Clear
            </button>
          )
        )}
      </form>
      {running && (
        <p className="filter-note" role="status" aria-label="Filter progress">
          <span className="filter-meter" aria-hidden="true">
            <span
              style={{ width: fraction === null ? undefined : `${Math.round(fraction * 100)}%` }}
              className={fraction === null ? 'indeterminate' : undefined}
            />
          </span>
          {job.progress ? describeProgress(job.progress) : 'Filtering…'}
        </p>
      )}
      {!running && applied && (
        <p className="filter-note" role="status" aria-label="Filter result count">
          {plural(applied.result.count, 'value', 'values')} selected by <code>{applied.expression}</code>
        </p>
      )}
      {job.state.status === 'cancelled' && (
        <p className="filter-note" role="status" aria-label="Filter progress">
          Filter cancelled.
        </p>
      )}
      {error && (
        <p className="filter-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
