/**
 * The rows of a run, read in pages (runner:results) as the rows in view need them, all of them or the
 * failed ones only. A bounded cache holds recent pages, so the window never keeps a 10,000-row run
 * whole; a page that was short (the run's tail while it runs) is read again once more rows are there.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunRow } from '../../../../shared/schemas/run';
import { api } from '../../api';
import { errorText } from '../../error-text';
import { useMounted } from '../../hooks/use-mounted';
import { PageCache, pagesOf, pagesToFetch } from '../BodyViewer/page-cache';
import { isPageComplete } from './run-pages';

export const ROWS_PAGE = 100;
/** 20 pages of 100 rows: 2,000 rows held at most, however long the run. */
const CACHE_PAGES = 20;
const MAX_IN_FLIGHT = 2;
/** A page that could not be read is asked for again after this long. */
const RETRY_MS = 3000;

export interface RunRows {
  /** Rows there are to list (with failedOnly, the failed ones), as last counted. */
  count: number;
  /** A row, or undefined while its page is not here. */
  rowAt(index: number): RunRow | undefined;
  /** Called while rendering with the rows in view; the missing pages are asked for after the render. */
  want(indices: readonly number[]): void;
  loadError: string | null;
}

/**
 * `count` is the number of rows the run has reported so far (done, or failed with failedOnly); it
 * grows while the run goes on and the short last page is read again.
 */
export function useRunRows(runId: string, failedOnly: boolean, count: number): RunRows {
  const alive = useMounted();
  const cache = useRef(new PageCache<RunRow[]>(CACHE_PAGES));
  const inFlight = useRef(new Set<number>());
  /** Pages that could not be read, and when they may be asked for again. */
  const failedUntil = useRef(new Map<number, number>());
  /** Bumped when the run or the filter changes, so a late answer for the old one is dropped. */
  const generation = useRef(0);
  const wanted = useRef<number[]>([]);
  const countRef = useRef(count);
  countRef.current = count;
  const [, setArrivals] = useState(0);
  const [loadError, setLoadError] = useState<string | null>(null);

  // Another run or the other filter: nothing held belongs to it (cleared before this render reads the cache).
  const listed = `${runId}|${failedOnly}`;
  const listedRef = useRef(listed);
  if (listedRef.current !== listed) {
    listedRef.current = listed;
    generation.current += 1;
    cache.current.clear();
    inFlight.current.clear();
    failedUntil.current.clear();
  }

  const rowAt = useCallback(
    (index: number) => cache.current.peek(Math.floor(index / ROWS_PAGE))?.[index % ROWS_PAGE],
    [],
  );

  const fetchPages = useCallback(() => {
    const now = Date.now();
    const held = (page: number) => {
      if ((failedUntil.current.get(page) ?? 0) > now) return true;
      const rows = cache.current.peek(page);
      return rows !== undefined && isPageComplete(page, rows.length, ROWS_PAGE, countRef.current);
    };
    const pages = pagesToFetch(wanted.current, held, inFlight.current, MAX_IN_FLIGHT - inFlight.current.size);
    for (const page of pages) {
      inFlight.current.add(page);
      const asked = generation.current;
      const current = () => alive.current && asked === generation.current;
      void api()
        .runner.results({ runId, from: page * ROWS_PAGE, count: ROWS_PAGE, failedOnly })
        .then(
          (answer) => {
            if (!current()) return;
            cache.current.set(page, answer.rows);
            failedUntil.current.delete(page);
            setLoadError(null);
          },
          (error: unknown) => {
            if (!current()) return;
            failedUntil.current.set(page, Date.now() + RETRY_MS);
            setLoadError(errorText(error));
          },
        )
        .finally(() => {
          inFlight.current.delete(page);
          if (alive.current) setArrivals((n) => n + 1);
        });
    }
  }, [runId, failedOnly, alive]);

  // After each render (the rows in view may have changed, or more rows came): ask for what is missing.
  useEffect(() => fetchPages());

  const want = (indices: readonly number[]) => {
    wanted.current = pagesOf(indices, ROWS_PAGE);
    for (const page of wanted.current) cache.current.get(page);
  };

  return { count, rowAt, want, loadError };
}
