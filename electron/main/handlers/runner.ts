/** runner:* — collection runs in the app (runner/app-runs.ts): started, read in pages, cancelled, exported, dropped. */
import type { PrefixHandlers } from '../ipc/dispatch';
import type { AppRuns } from '../runner/app-runs';

export function runnerHandlers(deps: { runs: AppRuns }): PrefixHandlers<'runner'> {
  const { runs } = deps;
  return {
    'runner:chooseDataFile': () => runs.chooseDataFile(),
    'runner:start': (request) => runs.start(request),
    'runner:progress': async (request) => runs.progress(request.runId, request.from),
    'runner:results': (request) => runs.results(request.runId, request.from, request.count, request.failedOnly),
    'runner:response': (request) => runs.response(request.runId, request.index),
    'runner:cancel': async (request) => ({ cancelled: runs.cancel(request.runId) }),
    'runner:export': (request) => runs.exportResults(request.runId, request.format),
    'runner:drop': async (request) => ({ dropped: await runs.drop(request.runId) }),
  };
}
