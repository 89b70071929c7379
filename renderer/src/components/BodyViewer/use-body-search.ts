/**
 * Search in a paged body. The main process runs it (the body is not here) as a job with progress
 * and a Cancel; an answer carries every match counted but the places of at most
 * SEARCH_MATCHES_PER_ANSWER, so stepping past them asks for the answer that holds the next one.
 */
import { useCallback, useRef, useState, type RefObject } from 'react';
import { SEARCH_MATCHES_PER_ANSWER, type SearchMatch, type SearchResult } from '../../../../shared/http-types';
import { api } from '../../api';
import { formatCount } from '../../format';
import { useMounted } from '../../hooks/use-mounted';
import { describeProgress } from './progress-text';
import { useJob, type Job } from './use-job';

interface Found {
  query: string;
  caseSensitive: boolean;
  /** One answer of the search: every match counted, up to SEARCH_MATCHES_PER_ANSWER of them with their places. */
  result: SearchResult;
}

/** The line under the search box: what the search is doing or what it found. */
export interface SearchSummary {
  text: string;
  failed: boolean;
}

export interface BodySearchOptions {
  viewId: string;
  /** A new search shows the first match at or after this line. */
  cursor: number;
  /** Shows the current match's line (unfolded, in the middle of the view). */
  showLine(line: number): void;
  /** Gives the focus back to the body when the search closes. */
  focusBody(): void;
}

export interface BodySearch {
  isOpen: boolean;
  input: RefObject<HTMLInputElement | null>;
  query: string;
  setQuery(query: string): void;
  caseSensitive: boolean;
  setCaseSensitive(caseSensitive: boolean): void;
  running: boolean;
  summary: SearchSummary | null;
  /** What to highlight: the last answer's query, when it found something. */
  highlight: { query: string; caseSensitive: boolean } | null;
  current: SearchMatch | undefined;
  open(): void;
  close(): void;
  cancel(): void;
  /** The next (1) or previous (-1) match, or a new search when the query changed since the last. */
  step(delta: 1 | -1): void;
  /** F3: steps when there is a result, else opens the search. */
  stepOrOpen(delta: 1 | -1): void;
}

/** Match number `n` (from 0, among all the matches) if this answer holds it. */
const matchAt = (result: SearchResult, n: number) => (n >= result.first ? result.matches[n - result.first] : undefined);

export function useBodySearch({ viewId, cursor, showLine, focusBody }: BodySearchOptions): BodySearch {
  const alive = useMounted();
  const input = useRef<HTMLInputElement>(null);
  const [isOpen, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [found, setFound] = useState<Found | null>(null);
  /** The current match's number among all the matches (from 0). */
  const [matchIndex, setMatchIndex] = useState(0);
  const job = useJob<SearchResult>();

  const open = useCallback(() => {
    setOpen(true);
    requestAnimationFrame(() => {
      input.current?.focus();
      input.current?.select();
    });
  }, []);

  const showMatch = (result: SearchResult, index: number) => {
    const match = matchAt(result, index);
    if (!match) return;
    setMatchIndex(index);
    showLine(match.line);
  };

  /**
   * Searches the view (in the main process). With `target`, the same search again for the answer
   * that holds match number `target`, got to by stepping (`from`: the first match it carries);
   * without, a new search that shows the first match at or after the cursor.
   */
  const run = async (target?: { match: number; from: number }) => {
    const asked = target && found ? found : { query, caseSensitive };
    if (!asked.query) return;
    if (!target) setFound(null);
    const from = target?.from ?? 0;
    const result = await job.start((jobId) =>
      api().response.search({
        viewId,
        jobId,
        query: asked.query,
        caseSensitive: asked.caseSensitive,
        ...(from > 0 ? { from } : {}),
      }),
    );
    if (!result || !alive.current) return;
    setFound({ query: asked.query, caseSensitive: asked.caseSensitive, result });
    if (result.matches.length === 0) return;
    if (target) return showMatch(result, target.match);
    const after = result.matches.findIndex((m) => m.line >= cursor);
    showMatch(result, after < 0 ? 0 : after);
  };

  const step = (delta: 1 | -1) => {
    if (!found || found.query !== query || found.caseSensitive !== caseSensitive) return void run();
    const total = found.result.total;
    if (total === 0 || job.state.status === 'running') return;
    const match = (matchIndex + delta + total) % total;
    if (matchAt(found.result, match)) return showMatch(found.result, match);
    // Not in this answer: ask for the one that starts there (going on) or ends there (going back).
    void run({ match, from: delta > 0 ? match : Math.max(0, match - SEARCH_MATCHES_PER_ANSWER + 1) });
  };

  const close = () => {
    if (job.state.status === 'running') job.cancel();
    setOpen(false);
    focusBody();
  };

  return {
    isOpen,
    input,
    query,
    setQuery,
    caseSensitive,
    setCaseSensitive,
    running: job.state.status === 'running',
    summary: summarize(job, found, matchIndex, { query, caseSensitive }),
    highlight: found && found.result.total > 0 ? found : null,
    current: found ? matchAt(found.result, matchIndex) : undefined,
    open,
    close,
    cancel: job.cancel,
    step,
    stepOrOpen: (delta) => (found ? step(delta) : open()),
  };
}

function summarize(
  job: Job<SearchResult>,
  found: Found | null,
  matchIndex: number,
  typed: { query: string; caseSensitive: boolean },
): SearchSummary | null {
  const { state } = job;
  if (state.status === 'running')
    return { text: job.progress ? describeProgress(job.progress) : 'Searching…', failed: false };
  if (state.status === 'failed') return { text: state.error, failed: true };
  if (state.status === 'cancelled') return { text: 'Search cancelled', failed: false };
  if (!found) return null;
  if (found.query !== typed.query || found.caseSensitive !== typed.caseSensitive)
    return { text: 'Press Enter to search', failed: false };
  const { total } = found.result;
  return {
    text: total === 0 ? 'No matches' : `${formatCount(matchIndex + 1)} of ${formatCount(total)}`,
    failed: false,
  };
}
