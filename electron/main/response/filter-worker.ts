/**
 * The JSONPath filter's worker thread, bundled by scripts/build.mjs to out/main/filter-worker.cjs
 * beside the main bundle. It runs one job (workerData: a FilterJob), posts progress, then the
 * result or a user-facing failure, and ends. filter.ts starts it, forwards its messages and
 * terminates it on a stop request.
 */
import { serveWorkerJob } from '../workers/run-worker';
import { filterInThisThread, type FilterJob, type FilterProgress, type FilterRun } from './filter';

serveWorkerJob<FilterJob, FilterRun, FilterProgress>((job, onProgress) => filterInThisThread(job, { onProgress }));
