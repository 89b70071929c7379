/**
 * The formatting worker thread, bundled by scripts/build.mjs to out/main/format-worker.cjs beside
 * the main bundle. It formats one body file as it grows (workerData: a FormatJob; raw-formatter.ts
 * does the work): the main thread tells it how far the file has grown and where it ends, and it
 * reports the lines so far (their index in shared memory) until the last, or a failure, then ends.
 * formatting.ts starts it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../workers/run-worker';
import { createRawFormatter, type FormatJob } from './raw-formatter';
import type { FormatterReply, FormatterRequest } from './formatting';

const port = parentPort;
if (port) {
  const reply = (message: FormatterReply) => port.postMessage(message);
  const formatter = createRawFormatter(workerData as FormatJob, (progress) => reply({ type: 'progress', progress }));
  port.on('message', (message: FormatterRequest) => {
    if (message.type === 'grown') formatter.grown(message.size);
    else if (message.type === 'end')
      formatter.end(message.size).catch((error: unknown) => reply({ type: 'failed', message: errorMessage(error) }));
    else
      void formatter.discard().finally(() => {
        reply({ type: 'discarded' });
        port.close();
      });
  });
}
