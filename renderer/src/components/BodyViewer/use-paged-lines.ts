/**
 * The lines of a body kept in the main process: the first screen comes with the view, the rest is
 * read in pages (response:lines) as the rows in view need them. A bounded cache holds recent pages,
 * so the renderer never keeps the whole body; pages are asked for once scrolling settles, a few at
 * a time, so dragging the scrollbar reads a few pages rather than hundreds.
 *
 * A large body may still be being formatted when it is shown: its status (response:formatting) is
 * polled until done, the line count grows, the last page is read again as it fills, and once done
 * every page is read again (fold ends are known only then; a broken JSON becomes its text lines).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BodyLine, BodyView, FormattingState, ViewStatus } from '../../../../shared/http-types';
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
/** How often the status of a body still being formatted is asked for. */
const STATUS_MS = 300;

export interface PagedLines {
  lineCount: number;
  /** Bytes of the lines so far, and their format (a broken JSON turns to text once formatted). */
  textBytes: number;
  format: 'json' | 'text';
  /** How far the formatting has got; null once it is done (or when it was done at the answer). */
  formatting: FormattingState | null;
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
  const { viewId } = view;
  const alive = useMounted();
  /** The lines that came with the view; dropped once formatted (their fold ends were not all known). */
  const [firstLines, setFirstLines] = useState(view.firstLines);
  const [format, setFormat] = useState(view.format);
  const [textBytes, setTextBytes] = useState(view.textBytes);
  const [formatting, setFormatting] = useState<FormattingState | null>(view.formatting ?? null);
  /** Bumped when every page is read again: answers asked for before are dropped. */
  const generation = useRef(0);
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
      const asked = generation.current;
      api()
        .response.lines({ viewId, from: page * PAGE_SIZE, count: PAGE_SIZE })
        .then(
          (answer) => {
            if (!alive.current || asked !== generation.current) return;
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

  // While the body is being formatted: its status, until done.
  const applyStatus = (status: ViewStatus) => {
    const grown = status.lineCount !== lineCountRef.current;
    const finished = status.formatting.done;
    if (finished) {
      // Fold ends are known now, and a broken JSON became text lines: every page is read again.
      generation.current++;
      cache.current.clear();
      failed.current.clear();
      setFirstLines([]);
    } else if (grown && lineCountRef.current > 0) {
      // The last page may have been read before it filled up.
      cache.current.delete(Math.floor((lineCountRef.current - 1) / PAGE_SIZE));
    }
    setFormat(status.format);
    setTextBytes(status.textBytes);
    setLineCount(status.lineCount);
    setFormatting(finished && !status.formatting.problem ? null : status.formatting);
    if (grown || finished) setArrivals((n) => n + 1);
  };
  const applyStatusRef = useRef(applyStatus);
  applyStatusRef.current = applyStatus;
  const polling = formatting !== null && !formatting.done;
  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(() => {
      api()
        .response.formatting({ viewId })
        .then(
          (status) => alive.current && applyStatusRef.current(status),
          (error: unknown) => alive.current && setLoadError(errorText(error)),
        );
    }, STATUS_MS);
    return () => clearInterval(timer);
  }, [polling, viewId, alive]);

  // After every render: the pages `want` named that are neither here nor failed are asked for.
  useEffect(() => {
    if (wanted.current.some((page) => !cache.current.has(page) && !failed.current.has(page))) scheduleFetch.current();
  });

  return {
    lineCount,
    textBytes,
    format,
    formatting,
    arrivals,
    loadError,
    lineAt,
    want,
    scheduleFetch: scheduleFetch.current,
  };
}
