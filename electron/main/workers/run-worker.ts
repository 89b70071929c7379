/**
 * One job in a worker thread, for work that would block the main process for too long (a JSONPath
 * filter over 100 MB, parsing a 4 MB OpenAPI document): the job's data is cloned into the worker,
 * its progress messages are passed on, and the promise settles once, with the result or a
 * user-facing sentence (the worker's own, or one saying it could not start, ran out of memory or
 * died). An aborted signal terminates the worker at once. The worker side is serveWorkerJob.
 */
import { join } from 'node:path';
import { parentPort, workerData, Worker } from 'node:worker_threads';

/** Messages from a worker to the thread that started it. */
export type WorkerMessage<R, P> =
  { type: 'progress'; progress: P } | { type: 'done'; result: R } | { type: 'failed'; name: string; message: string };

export interface WorkerRun<P> {
  /** The job's data, given to the worker as workerData (plain data: it is cloned). */
  data: unknown;
  signal?: AbortSignal;
  onProgress?(progress: P): void;
  /** The worker's heap limit in MiB. */
  heapMb: number;
  /** What the sentences about the worker start with, e.g. "The filter". */
  what: string;
  /** The sentence when the worker runs out of memory. */
  outOfMemory: string;
  /** The error an aborted signal rejects with. */
  abortError(): Error;
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Ends a message from elsewhere (Node, V8) with exactly one full stop, to close our sentence. */
export const closeSentence = (text: string): string => `${text.trim().replace(/[.\s]+$/, '')}.`;

/** A worker bundled beside the main bundle (esbuild writes them all to out/main; see scripts/build.mjs). */
export function besideMainBundle(fileName: string): string {
  return join(typeof __dirname === 'string' ? __dirname : process.cwd(), fileName);
}

export function runWorkerJob<R, P>(workerFile: string, run: WorkerRun<P>): Promise<R> {
  const { signal, onProgress, what } = run;
  return new Promise<R>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(workerFile, { workerData: run.data, resourceLimits: { maxOldGenerationSizeMb: run.heapMb } });
    } catch (error) {
      reject(new Error(`${what} could not start: ${closeSentence(errorMessage(error))}`));
      return;
    }
    let settled = false;
    const settle = (outcome: { result: R } | { error: Error }): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if ('result' in outcome) {
        resolve(outcome.result);
      } else {
        reject(outcome.error);
        void worker.terminate();
      }
    };
    const onAbort = (): void => settle({ error: run.abortError() });
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (message: WorkerMessage<R, P>) => {
      if (message.type === 'progress') {
        if (settled) return;
        try {
          onProgress?.(message.progress);
        } catch (error) {
          settle({ error: error instanceof Error ? error : new Error(String(error)) });
        }
      } else if (message.type === 'done') {
        settle({ result: message.result });
      } else {
        const error = new Error(message.message);
        error.name = message.name;
        settle({ error });
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') settle({ error: new Error(run.outOfMemory) });
      else settle({ error: new Error(`${what} failed unexpectedly: ${closeSentence(errorMessage(error))}`) });
    });
    worker.on('exit', (code) => {
      settle({
        error: new Error(
          `${what} stopped unexpectedly (its worker exited with code ${code}) before giving a result; try again.`,
        ),
      });
    });
  });
}

/** The worker's side: runs `work` on workerData, posts its progress, then its result or its failure (a sentence), and ends. */
export function serveWorkerJob<D, R, P>(work: (data: D, onProgress: (progress: P) => void) => Promise<R>): void {
  const port = parentPort;
  if (!port) return;
  const post = (message: WorkerMessage<R, P>): void => port.postMessage(message);
  work(workerData as D, (progress) => post({ type: 'progress', progress })).then(
    (result) => post({ type: 'done', result }),
    (error: unknown) =>
      post({ type: 'failed', name: error instanceof Error ? error.name : 'Error', message: errorMessage(error) }),
  );
}
