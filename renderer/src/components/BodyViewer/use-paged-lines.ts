/**
 * The lines of a body kept in the main process: the first screen comes with the view, the rest is
 * read in pages (response:lines) as the rows in view need them. A bounded cache holds recent pages,
 * so the renderer never keeps the whole body; pages are asked for once scrolling settles, a few at
 * a time, so dragging the scrollbar reads a few pages rather than hundreds.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BodyLine, BodyView } from '../../../../shared/http-types';
import { api } from '../../api';
import { errorText } from '../../error-text';
import { formatCount } from '../../format';
import { useMounted } from '../../hooks/use-mounted';
import { PageCache, pagesOf, pagesToFetch } from './page-cache';

const PAGE_SIZE = 256;
/** 48 pages of 256 lines: about 12,000 lines held at most, whatever the body's size. */
const CACHE_PAGES = 48;
/** A page that could not be read is asked for again after this long. */
const RETRY_MS = 3000;
const MAX_IN_FLIGHT = 3;
/** Pages are asked for once scrolling pauses this long, and at least this often while it goes on. */
const SETTLE_MS = 50;
const MAX_WAIT_MS = 250;

export interface PagedLines {
  lineCount: number;
  /** Bumped when a page of lines arrives. */
  arrivals: number;
  /** Why the last page asked for could not be read (null once one arrives). */
  loadError: string | null;
  /** A line's text and fold, or undefined while its page is not here. */
  lineAt(line: number): BodyLine | undefined;
  /**
   * Called while rendering with the lines the rows in view show: their pages become the most
   * recently used ones, and those missing are asked for after the render.
   */
  want(lines: readonly number[]): void;
  /** Asks for the wanted pages once scrolling settles (call it on every scroll). */
  scheduleFetch(): void;
}

export function usePagedLines(view: BodyView): PagedLines {
  const { viewId, firstLines } = view;
  const alive = useMounted();
  const cache = useRef(new PageCache<BodyLine[]>(CACHE_PAGES));
  const inFlight = useRef(new Set<number>());
  const failed = useRef(new Set<number>());
  const wanted = useRef<number[]>([]);
  const [lineCount, setLineCount] = useState(view.lineCount);
  const lineCountRef = useRef(lineCount);
  lineCountRef.current = lineCount;
  const [arrivals, setArrivals] = useState(0);
  const [loadError, setLoadError] = useState<string | null>(null);

  const lineAt = useCallback(
    (line: number): BodyLine | undefined =>
      line < firstLines.length
        ? firstLines[line]
        : cache.current.peek(Math.floor(line / PAGE_SIZE))?.[line % PAGE_SIZE],
    [firstLines],
  );

  const want = (lines: readonly number[]) => {
    wanted.current = pagesOf(
      lines.filter((line) => line >= firstLines.length),
      PAGE_SIZE,
    );
    for (const page of wanted.current) cache.current.get(page);
  };

  // Asks for the pages in view once scrolling settles (or at least every MAX_WAIT_MS), a few at a time.
  const fetchTimer = useRef<{ timer: ReturnType<typeof setTimeout>; since: number } | null>(null);
  const scheduleFetch = useRef(() => {});
  const fetchNow = () => {
    fetchTimer.current = null;
    const slots = MAX_IN_FLIGHT - inFlight.current.size;
    const pages = pagesToFetch(
      wanted.current,
      (page) => cache.current.has(page) || failed.current.has(page),
      inFlight.current,
      slots,
    );
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
          (error: unknown) => {
            if (!alive.current) return;
            failed.current.add(page);
            const reason = errorText(error);
            setLoadError(
              `Could not read lines ${formatCount(page * PAGE_SIZE + 1)}–${formatCount((page + 1) * PAGE_SIZE)}: ${reason}`,
            );
            // Asked again a little later, unless the body is gone for good.
            if (!/no longer kept/.test(reason)) {
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

  // After every render: the pages `want` named that are neither here nor failed are asked for.
  useEffect(() => {
    if (wanted.current.some((page) => !cache.current.has(page) && !failed.current.has(page))) scheduleFetch.current();
  });

  return { lineCount, arrivals, loadError, lineAt, want, scheduleFetch: scheduleFetch.current };
}
