/**
 * The formatting worker thread, bundled by scripts/build.mjs to out/main/format-worker.cjs beside
 * the main bundle. It formats one body file as it grows (workerData: a FormatJob; raw-formatter.ts
 * does the work): the main thread tells it how far the file has grown and where it ends, and it
 * answers with the lines file's index (its arrays' buffers transferred) or a failure, then ends.
 * formatting.ts starts it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../workers/run-worker';
import { createRawFormatter, type FormatJob } from './raw-formatter';
import type { FormatterReply, FormatterRequest } from './formatting';

const port = parentPort;
if (port) {
  const formatter = createRawFormatter(workerData as FormatJob);
  const reply = (message: FormatterReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  port.on('message', (message: FormatterRequest) => {
    if (message.type === 'grown') formatter.grown(message.size);
    else if (message.type === 'end')
      formatter.end(message.size).then(
        (body) => {
          const { starts, folds } = body.index;
          reply({ type: 'done', body }, [
            starts.buffer as ArrayBuffer,
            ...(folds ? [folds.buffer as ArrayBuffer] : []),
          ]);
        },
        (error: unknown) => reply({ type: 'failed', message: errorMessage(error) }),
      );
    else
      void formatter.discard().finally(() => {
        reply({ type: 'discarded' });
        port.close();
      });
  });
}
