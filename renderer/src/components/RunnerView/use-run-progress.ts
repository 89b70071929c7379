/**
 * A run's state and counts, polled from the main process (runner:progress) a few times a second while
 * it runs and once more when it stops. Only the counts are kept: the rows each answer carries are
 * asked for from the last count on, so an answer holds just the rows that came since, and they are
 * dropped here (the list reads its rows in pages, use-run-rows.ts).
 */
import { useEffect, useState } from 'react';
import type { RunProgress } from '../../../../shared/schemas/run';
import { api } from '../../api';
import { errorText } from '../../error-text';

/** Often enough for a bar that moves, rarely enough that 10,000 rows cost the window nothing. */
export const PROGRESS_POLL_MS = 300;

export type RunStatus = Omit<RunProgress, 'rows'>;

export interface RunProgressState {
  status: RunStatus | null;
  /** Why the progress could not be read (the run was forgotten, the main process failed). */
  readError: string | null;
}

function withoutRows({ rows: _rows, ...status }: RunProgress): RunStatus {
  return status;
}

export function useRunProgress(runId: string): RunProgressState {
  const [status, setStatus] = useState<RunStatus | null>(null);
  const [readError, setReadError] = useState<string | null>(null);

  useEffect(() => {
    setStatus(null);
    setReadError(null);
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let from = 0;
    const tick = async () => {
      try {
        const progress = await api().runner.progress({ runId, from });
        if (stopped) return;
        from = progress.done;
        setStatus(withoutRows(progress));
        setReadError(null);
        if (progress.state !== 'running') return;
      } catch (error) {
        if (stopped) return;
        setReadError(errorText(error));
      }
      timer = setTimeout(() => void tick(), PROGRESS_POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [runId]);

  return { status, readError };
}
