/**
 * Long work in the main process (a search, a filter, a download): its progress polled every few
 * hundred milliseconds while it runs, and a Cancel. The main process does the work; the renderer
 * only asks how far it has got.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Progress } from '../../../../shared/http-types';
import { api } from '../../api';
import { errorText } from '../../error-text';

/**
 * Polls `read(key)` every `intervalMs` while `key` is not null (one call at a time, never piling
 * up); the latest answer, or null before the first one and once the key is gone.
 */
export function useProgressPoll<P = Progress>(
  key: string | null,
  read: (key: string) => Promise<P | null>,
  intervalMs: number,
): P | null {
  const [progress, setProgress] = useState<P | null>(null);
  const reader = useRef(read);
  reader.current = read;
  useEffect(() => {
    setProgress(null);
    if (key === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const next = await reader.current(key);
        if (!stopped) setProgress(next);
      } catch {
        // A poll that fails says nothing new; the job's own answer reports any error.
      }
      if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
    };
    timer = setTimeout(() => void tick(), intervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key, intervalMs]);
  return progress;
}

export type JobState<T> =
  | { status: 'idle' }
  | { status: 'running'; jobId: string }
  | { status: 'done'; result: T }
  | { status: 'failed'; error: string }
  | { status: 'cancelled' };

export interface Job<T> {
  state: JobState<T>;
  progress: Progress | null;
  /** Runs the work under a new job id (a running one is cancelled first); resolves with its result, or null if it failed, was cancelled or was replaced. */
  start(work: (jobId: string) => Promise<T>): Promise<T | null>;
  cancel(): void;
  reset(): void;
}

const readJobProgress = (jobId: string) => api().response.progress({ jobId });

/** A job on a body in the main process (response:search, response:filter), with progress and Cancel. */
export function useJob<T>(): Job<T> {
  const [state, setState] = useState<JobState<T>>({ status: 'idle' });
  const current = useRef<string | null>(null);
  const progress = useProgressPoll(state.status === 'running' ? state.jobId : null, readJobProgress, 200);

  const cancel = useCallback(() => {
    const jobId = current.current;
    if (!jobId) return;
    current.current = null;
    void api()
      .response.cancel({ jobId })
      .catch(() => undefined);
    setState({ status: 'cancelled' });
  }, []);

  const start = useCallback(async (work: (jobId: string) => Promise<T>): Promise<T | null> => {
    if (current.current)
      void api()
        .response.cancel({ jobId: current.current })
        .catch(() => undefined);
    const jobId = crypto.randomUUID();
    current.current = jobId;
    setState({ status: 'running', jobId });
    try {
      const result = await work(jobId);
      if (current.current !== jobId) return null;
      current.current = null;
      setState({ status: 'done', result });
      return result;
    } catch (error) {
      if (current.current !== jobId) return null;
      current.current = null;
      setState({ status: 'failed', error: errorText(error) });
      return null;
    }
  }, []);

  const reset = useCallback(() => {
    if (current.current)
      void api()
        .response.cancel({ jobId: current.current })
        .catch(() => undefined);
    current.current = null;
    setState({ status: 'idle' });
  }, []);

  // A job left running when its owner goes away is cancelled.
  useEffect(
    () => () => {
      if (current.current)
        void api()
          .response.cancel({ jobId: current.current })
          .catch(() => undefined);
      current.current = null;
    },
    [],
  );

  return { state, progress, start, cancel, reset };
}
