/**
 * The JSONPath filter's worker thread, bundled by scripts/build.mjs to out/main/filter-worker.cjs
 * beside the main bundle. It runs one job (workerData: a FilterJob), posts progress, then the
 * result or a user-facing failure, and ends. filter.ts starts it, forwards its messages and
 * terminates it on a stop request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { filterInThisThread, type FilterJob, type FilterWorkerMessage } from './filter';

const port = parentPort;
if (port) {
  const post = (message: FilterWorkerMessage): void => port.postMessage(message);
  filterInThisThread(workerData as FilterJob, { onProgress: (progress) => post({ type: 'progress', progress }) }).then(
    (run) => post({ type: 'done', run }),
    (error: unknown) =>
      post({
        type: 'failed',
        name: error instanceof Error ? error.name : 'Error',
        message: error instanceof Error ? error.message : String(error),
      }),
  );
}
