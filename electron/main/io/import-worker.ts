/**
 * The import's worker thread, bundled by scripts/build.mjs to out/main/import-worker.cjs beside the
 * main bundle. It reads one file (workerData: an ImportJob) with importAny, posts progress (each
 * whole per cent, not every report), then the ImportResult or a user-facing failure, and ends.
 */
import type { ImportResult } from '../../../shared/collections';
import type { ImportProgress } from '../../../shared/import-progress';
import { serveWorkerJob } from '../workers/run-worker';
import { importAny } from './detect';
import type { ImportJob } from './import-job';

serveWorkerJob<ImportJob, ImportResult, ImportProgress>(async (job, onProgress) => {
  let last = '';
  return importAny(job.text, job.fileName, job.files, (progress) => {
    const key = `${progress.phase}:${Math.floor(progress.fraction * 100)}`;
    if (key === last) return;
    last = key;
    onProgress(progress);
  });
});
