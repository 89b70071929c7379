/**
 * The words and colours of the runner view, as pure functions of what the main process reports
 * (runner:progress, runner:results), so that the view stays layout and each sentence has a test.
 */
import { formatBytes, formatCount, formatDuration, plural } from '../../format';
import { statusKind } from '../../../../shared/status-codes';
import type { StatusKind } from '../../../../shared/http-types';

/** A run's counts as the progress bar shows them. */
export interface RunCounts {
  done: number;
  total: number;
  passed: number;
  failed: number;
}

/** What a row shows of its checks. */
export interface CheckCounts {
  passed: number;
  total: number;
}

/** "12 of 40 requests · 10 passed · 2 failed". */
export function progressText({ done, total, passed, failed }: RunCounts): string {
  return `${formatCount(done)} of ${plural(total, 'request', 'requests')} · ${formatCount(passed)} passed · ${formatCount(failed)} failed`;
}

/** The bar's width in whole percent (0 when nothing is known yet). */
export function progressPercent({ done, total }: Pick<RunCounts, 'done' | 'total'>): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((done / total) * 100));
}

/** "✓ 3/3", "✗ 1/3", or "no checks". */
export function checksText({ passed, total }: CheckCounts): string {
  if (total === 0) return 'no checks';
  return `${passed === total ? '✓' : '✗'} ${passed}/${total}`;
}

/** The colour of a row's status, as the response pane colours a status line. */
export function rowStatusKind(status: number | null): StatusKind {
  return status === null ? 'network-error' : statusKind(status);
}

/** The status cell: the code, or "—" when no response came. */
export function statusText(status: number | null): string {
  return status === null ? '—' : String(status);
}

/** The size cell: bytes in a readable unit, or "—" when no response came. */
export function sizeText(sizeBytes: number | null): string {
  return sizeBytes === null ? '—' : formatBytes(sizeBytes);
}

/** The time cell. */
export function timeText(timeMs: number): string {
  return formatDuration(timeMs);
}

/** The phases a run's view can be in. */
export type RunPhase = 'running' | 'finished' | 'bailed' | 'cancelled' | 'error';

/** The sentence under the bar once a run has stopped (or while it runs). */
export function phaseSentence(phase: RunPhase, counts: RunCounts, error?: string | null): string {
  switch (phase) {
    case 'running':
      return counts.total === 0
        ? 'Starting the run…'
        : `Running… ${plural(Math.max(0, counts.total - counts.done), 'request', 'requests')} to go. Cancel stops it at once.`;
    case 'bailed':
      return `Stopped at the first failure, after ${plural(counts.done, 'request', 'requests')}: the rest were not sent.`;
    case 'cancelled':
      return `Cancelled after ${plural(counts.done, 'request', 'requests')}: nothing more was sent. ${formatCount(counts.failed)} failed.`;
    case 'error':
      return `The run stopped: ${error ?? 'the main process could not go on'}. The rows below are what ran before.`;
    case 'finished':
      if (counts.total === 0)
        return 'The run had no requests: add requests to the collection or folder, then run it again.';
      return counts.failed === 0
        ? `All ${plural(counts.done, 'request', 'requests')} passed.`
        : `Finished: ${formatCount(counts.failed)} of ${plural(counts.done, 'request', 'requests')} failed. Tick “Failed only” to see them.`;
  }
}

/** What the rows area says when there is no row to show. */
export function emptyRowsText(phase: RunPhase, failedOnly: boolean): string {
  if (failedOnly) return phase === 'running' ? 'No request has failed so far.' : 'No request failed.';
  return phase === 'running' ? 'Waiting for the first response…' : 'No request was run.';
}
