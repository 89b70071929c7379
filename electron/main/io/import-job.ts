/**
 * Reads an import file into an ImportResult (importAny: parse once, then convert) off the main
 * thread when it is large: a 4 MB Postman collection or 3.5 MB OpenAPI YAML takes up to a second
 * to parse and convert, which in the main process would freeze every window and every send. A worker
 * thread (import-worker.ts, built to out/main/import-worker.cjs) does it and reports progress; a
 * stop request terminates it at once. Small files (a pasted cURL command) and runs without a built
 * worker (unit tests run the TypeScript sources) are read in this thread, which takes milliseconds.
 */
import { existsSync } from 'node:fs';
import type { ImportResult } from '../../../shared/collections';
import type { ImportProgress } from '../../../shared/import-progress';
import { besideMainBundle, runWorkerJob } from '../workers/run-worker';
import { importAny } from './detect';

/** What is imported: the text, its file's name, and the other files it may refer to. */
export interface ImportJob {
  text: string;
  fileName?: string;
  files?: Record<string, string>;
}

export interface ImportRunOptions {
  signal?: AbortSignal;
  onProgress?(progress: ImportProgress): void;
  /** Where the built worker is; default: import-worker.cjs beside the main bundle. Without it, the import runs in this thread. */
  workerFile?: string;
}

/**
 * Above this many characters an import runs in the worker. Below it, starting a worker costs more
 * than the work: 64 KB of YAML (the slowest kind, about 0.1 s a MB with js-yaml) parses in under 10 ms.
 */
export const IN_THREAD_MAX_CHARS = 64 * 1024;

/** The worker's heap: a 32 MB document (the most import:preview takes) parsed and converted fits well within it. */
const IMPORT_WORKER_HEAP_MB = 1024;

export function cancelledImport(): Error {
  const error = new Error('Import cancelled.');
  error.name = 'AbortError';
  return error;
}

/** importAny, in the worker or this thread (see the module's comment); rejects with a user-facing sentence. */
export function runImport(job: ImportJob, options: ImportRunOptions = {}): Promise<ImportResult> {
  if (options.signal?.aborted) return Promise.reject(cancelledImport());
  const workerFile = options.workerFile ?? besideMainBundle('import-worker.cjs');
  if (sizeOf(job) <= IN_THREAD_MAX_CHARS || !existsSync(workerFile)) {
    try {
      return Promise.resolve(importAny(job.text, job.fileName, job.files, options.onProgress));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return runWorkerJob<ImportResult, ImportProgress>(workerFile, {
    data: job,
    signal: options.signal,
    onProgress: options.onProgress,
    heapMb: IMPORT_WORKER_HEAP_MB,
    what: 'The import',
    outOfMemory: 'The import ran out of memory: the file is too large to import; split it into smaller files.',
    abortError: cancelledImport,
  });
}

function sizeOf(job: ImportJob): number {
  return Object.values(job.files ?? {}).reduce((sum, text) => sum + text.length, job.text.length);
}
