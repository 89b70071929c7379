/**
 * What the request's checks gave for this response: a summary ("3 of 4 checks passed") read out when
 * it comes, and a list with each check's statement, and for a failure what was expected and what
 * came (masked by the main process), for a check that could not run its sentence.
 */
import type { CheckResult } from '../../../../shared/schemas/check';

/** "3 of 4 checks passed", and how many could not run. */
export function checksSummary(results: readonly CheckResult[]): string {
  const passed = results.filter((r) => r.passed).length;
  const errors = results.filter((r) => r.error !== undefined).length;
  const noun = results.length === 1 ? 'check' : 'checks';
  const summary = `${passed} of ${results.length} ${noun} passed`;
  return errors > 0 ? `${summary}, ${errors} could not run` : summary;
}

function outcomeOf(result: CheckResult): 'passed' | 'failed' | 'error' {
  if (result.passed) return 'passed';
  return result.error !== undefined ? 'error' : 'failed';
}

const OUTCOME_WORDS = { passed: 'Passed', failed: 'Failed', error: 'Could not run' } as const;

/** The summary shown above the response's tabs; a button that opens the list. */
export function ChecksSummary({ results, onOpen }: { results: readonly CheckResult[]; onOpen(): void }) {
  const allPassed = results.every((r) => r.passed);
  return (
    <p className="checks-summary-line" role="status" aria-label="Checks summary">
      <button
        type="button"
        className={`checks-summary ${allPassed ? 'all-passed' : 'some-failed'}`}
        title="Show the check results"
        onClick={onOpen}
      >
        <span aria-hidden="true">{allPassed ? '✓' : '✗'}</span> {checksSummary(results)}
      </button>
    </p>
  );
}

/** The list of results; a hint when the request has no checks (or none switched on). */
export function CheckResults({ results }: { results: readonly CheckResult[] | undefined }) {
  if (!results || results.length === 0)
    return (
      <div className="checks-empty">
        <p className="empty-title">No checks ran</p>
        <p>
          Add checks under <strong>Checks</strong> in the request (for example <em>Status is 200</em>), or switch on the
          ones there, and send again: each response is then checked and the results show here.
        </p>
      </div>
    );
  return (
    <ul className="check-results" aria-label="Check results">
      {results.map((result, index) => {
        const outcome = outcomeOf(result);
        return (
          <li
            key={index}
            className={`check-result ${outcome}`}
            aria-label={`${OUTCOME_WORDS[outcome]}: ${result.label}`}
          >
            <span className="check-mark" aria-hidden="true">
              {outcome === 'passed' ? '✓' : outcome === 'failed' ? '✗' : '!'}
            </span>
            <span className="check-label">{result.label}</span>
            {outcome === 'failed' && (
              <dl className="check-values">
                <dt>Expected</dt>
                <dd>
                  <code>{result.expected ?? '—'}</code>
                </dd>
                <dt>Actual</dt>
                <dd>
                  <code>{result.actual ?? '—'}</code>
                </dd>
              </dl>
            )}
            {outcome === 'error' && <p className="check-error">{result.error}</p>}
          </li>
        );
      })}
    </ul>
  );
}
