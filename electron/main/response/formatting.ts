/**
 * Starts the formatting of a body file as it grows (raw-formatter.ts) in a worker thread
 * (format-worker.ts), so the main process's read loop only masks and appends. Where no built worker
 * exists (unit tests run the TypeScript sources), the same work runs in this thread instead,
 * asynchronously between the reads.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { besideMainBundle, closeSentence, errorMessage } from '../workers/run-worker';
import {
  createRawFormatter,
  type FormatJob,
  type FormatProgress,
  type FormattedBody,
  type RawFormatter,
} from './raw-formatter';

/** Messages from the main thread to the worker. */
export type FormatterRequest = { type: 'grown'; size: number } | { type: 'end'; size: number } | { type: 'discard' };
/** Messages from the worker: the lines so far (the last one `done`), or how it ended otherwise. */
export type FormatterReply =
  { type: 'progress'; progress: FormatProgress } | { type: 'failed'; message: string } | { type: 'discarded' };

/** The default worker file: format-worker.cjs beside the main bundle (out/main). */
export const defaultFormatWorkerFile = (): string => besideMainBundle('format-worker.cjs');

/** The formatting's heap limit: it holds a few MB of text at a time, and the line index outside the heap. */
export const FORMAT_WORKER_HEAP_MB = 256;
/**
 * Its young generation's limit. Nearly all it makes (pieces of text, lines) dies young; V8's default
 * let the young generation grow to some 30 MB more than that (1 GB: RSS peak 314 MB with the default,
 * 290 MB with this), and the formatting took as long.
 */
const FORMAT_WORKER_YOUNG_MB = 8;

/** `onProgress`: the lines formatted so far, a few times a second, and all of them at the end. */
export function startFormatting(
  job: FormatJob,
  workerFile: string | undefined,
  onProgress: (progress: FormatProgress) => void,
): RawFormatter {
  if (!workerFile || !existsSync(workerFile)) return createRawFormatter(job, onProgress);
  return formatInWorker(job, workerFile, onProgress);
}

function formatInWorker(
  job: FormatJob,
  workerFile: string,
  onProgress: (progress: FormatProgress) => void,
): RawFormatter {
  const worker = new Worker(workerFile, {
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: FORMAT_WORKER_HEAP_MB, maxYoungGenerationSizeMb: FORMAT_WORKER_YOUNG_MB },
  });
  let outcome: Promise<FormattedBody> | null = null;
  let settle: { resolve(body: FormattedBody): void; reject(error: Error): void } | null = null;
  let stopped = false;
  /** A failure before end() was called, given to end()'s promise then. */
  let failure: Error | null = null;
  const fail = (message: string) => {
    failure ??= new Error(message);
    settle?.reject(failure);
  };
  worker.on('message', (message: FormatterReply) => {
    if (message.type === 'progress') {
      if (stopped) return;
      onProgress(message.progress);
      if (message.progress.done) settle?.resolve(message.progress);
    } else if (message.type === 'failed') fail(message.message);
  });
  worker.on('error', (error) => fail(`The body could not be formatted: ${closeSentence(errorMessage(error))}`));
  worker.on('exit', () => {
    if (!stopped) fail('The body could not be formatted: its worker stopped unexpectedly.');
  });
  const send = (message: FormatterRequest) => {
    if (!stopped) worker.postMessage(message);
  };
  return {
    grown(size) {
      send({ type: 'grown', size });
    },
    end(size) {
      outcome ??= new Promise<FormattedBody>((resolve, reject) => {
        settle = { resolve, reject };
        if (failure) reject(failure);
      }).finally(() => {
        stopped = true;
        void worker.terminate();
      });
      send({ type: 'end', size });
      return outcome;
    },
    async discard() {
      if (stopped) {
        // Finished (or died): the worker is gone; its lines files are deleted here.
        await Promise.all([job.linesPath, job.textLinesPath].map((path) => rm(path, { force: true })));
        return;
      }
      const discarded = new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (message: FormatterReply) => {
          if (message.type === 'discarded') resolve();
        });
      });
      send({ type: 'discard' });
      await discarded;
      stopped = true;
      await worker.terminate();
    },
  };
}
