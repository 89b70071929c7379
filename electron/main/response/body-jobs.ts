/**
 * Reading a kept body: pages of lines, search and JSONPath filters. Searching or filtering 100 MB
 * takes a moment, so those run as jobs the renderer names, to ask how far they are or cancel them.
 */
import type { FilterResult, Progress, SearchResult, ViewStatus } from '../../../shared/http-types';
import { charsetOf } from '../http/body';
import { cancelNamedJob, progressOf, type NamedJob } from '../workers/jobs';
import { runJsonPathFilter } from './filter';
import type { KeptResponse, ResponseStore } from './store';

/** A long piece of work on a body, named by the renderer so it can ask how far it is or cancel it. */
export interface Job extends NamedJob<Progress> {
  /** When the current phase started, and the bytes already done then (its rate counts from there). */
  startedAt: number;
  startBytes?: number;
}

export interface BodyJobsDeps {
  store: ResponseStore;
  jobs: Map<string, Job>;
  /** Where the built filter worker is (see response/filter.ts). */
  filterWorkerFile?: string;
  /** The largest filter result, in bytes of JSON (default: filter.ts's DEFAULT_MAX_RESULT_CHARS). */
  maxFilterResultBytes?: number;
}

export async function readLines(
  deps: Pick<BodyJobsDeps, 'store'>,
  request: { viewId: string; from: number; count: number },
) {
  const { lines } = deps.store.view(request.viewId);
  return { lineCount: lines.lineCount, lines: await lines.readLines(request.from, request.count) };
}

/** The view's lines as they are now (they grow while a large body is being formatted). */
export function viewStatus(deps: Pick<BodyJobsDeps, 'store'>, request: { viewId: string }): ViewStatus {
  const view = deps.store.view(request.viewId);
  return {
    format: view.format,
    lineCount: view.lines.lineCount,
    textBytes: view.lines.bytes,
    formatting: view.formatting?.state ?? { linesSoFar: view.lines.lineCount, done: true },
  };
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

async function asJob<T>(
  deps: Pick<BodyJobsDeps, 'jobs'>,
  jobId: string,
  phase: Progress['phase'],
  totalBytes: number,
  work: (job: Job) => Promise<T>,
  cancelled: string,
): Promise<T> {
  if (deps.jobs.has(jobId)) throw new Error('A job with this id is already running.');
  const job: Job = {
    controller: new AbortController(),
    progress: { phase, doneBytes: 0, totalBytes, bytesPerSecond: 0 },
    startedAt: performance.now(),
  };
  deps.jobs.set(jobId, job);
  try {
    return await work(job);
  } catch (error) {
    if (isAbort(error) || job.controller.signal.aborted) throw new Error(cancelled);
    throw error;
  } finally {
    deps.jobs.delete(jobId);
  }
}

/** Sets the job's progress; a new phase starts its rate afresh (a filter's results may be partly formatted when the scan ends). */
function report(job: Job, phase: Progress['phase'], doneBytes: number, totalBytes: number | null): void {
  if (phase !== job.progress.phase) {
    job.startedAt = performance.now();
    job.startBytes = doneBytes;
  }
  const seconds = (performance.now() - job.startedAt) / 1000;
  const rate = seconds > 0 ? Math.round((doneBytes - (job.startBytes ?? 0)) / seconds) : 0;
  job.progress = { phase, doneBytes, totalBytes, bytesPerSecond: rate };
}

export async function searchView(
  deps: Pick<BodyJobsDeps, 'store' | 'jobs'>,
  request: { viewId: string; jobId: string; query: string; caseSensitive: boolean; from?: number },
): Promise<SearchResult> {
  const { lines } = deps.store.view(request.viewId);
  return asJob(
    deps,
    request.jobId,
    'searching',
    lines.bytes,
    (job) =>
      lines.search(request.query, {
        caseSensitive: request.caseSensitive,
        skipMatches: request.from,
        signal: job.controller.signal,
        onProgress: (done, total) => report(job, 'searching', done, total),
      }),
    'Search cancelled.',
  );
}

/** The size of a kept body in bytes, in memory or in its file. */
export function bodySize(kept: KeptResponse): number {
  return kept.body.kind === 'memory' ? kept.body.bytes.length : kept.body.bytes;
}

export async function filterResponse(
  deps: BodyJobsDeps,
  request: { responseId: string; jobId: string; expression: string },
): Promise<FilterResult> {
  const kept = deps.store.response(request.responseId);
  if (kept.format !== 'json') {
    throw new Error(
      kept.format === 'text'
        ? 'The body is not valid JSON, so it cannot be filtered with JSONPath (use Search instead).'
        : 'Only a JSON body can be filtered with JSONPath.',
    );
  }
  return asJob(
    deps,
    request.jobId,
    'filtering',
    bodySize(kept),
    async (job) => {
      const source =
        kept.body.kind === 'memory'
          ? { text: deps.store.decode(kept, kept.body.bytes) }
          : { file: kept.body.path, encoding: charsetOf(kept.contentType) ?? undefined };
      // The worker writes the results to a file in the store's folder as it finds them, masked as
      // they are written (they were decoded from the body's JSON: a secret escaped in a way the
      // body's masking did not know is plain in them); the store formats that file into the view
      // as it grows.
      const { view, made } = await deps.store.addJsonFileView(
        request.responseId,
        (resultsPath, grown) =>
          runJsonPathFilter({
            ...source,
            expression: request.expression,
            resultsPath,
            secrets: kept.secrets,
            maxResultChars: deps.maxFilterResultBytes,
            workerFile: deps.filterWorkerFile,
            signal: job.controller.signal,
            onProgress: (p) => {
              report(job, 'filtering', p.doneBytes, p.totalBytes);
              grown(p.resultBytes);
            },
          }),
        {
          signal: job.controller.signal,
          onFormatting: (done, total) => report(job, 'formatting-results', done, total),
        },
      );
      return { count: made.count, view };
    },
    'Filter cancelled.',
  );
}

export function jobProgress(deps: Pick<BodyJobsDeps, 'jobs'>, request: { jobId: string }): Progress | null {
  return progressOf(deps.jobs, request.jobId);
}

export function cancelJob(deps: Pick<BodyJobsDeps, 'jobs'>, request: { jobId: string }): { cancelled: boolean } {
  return cancelNamedJob(deps.jobs, request.jobId);
}
